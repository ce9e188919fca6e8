// Classic Mac OS line endings (CR alone), written here so no git setting can normalise them.
new File(basedir, 'src/main/shell').mkdirs()
new File(basedir, 'src/main/shell/handler.sh').bytes = "#!/bin/bash\rrun() {\r  cat\r}\r".getBytes('UTF-8')
return true
