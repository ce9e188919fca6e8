// A newline in a file name cannot be committed portably: made here.
new File(basedir, 'src/main/shell').mkdirs()
new File(basedir, 'src/main/shell/handler.sh').text = "run() {\n  cat\n}\n"
new File(basedir, 'src/main/shell/notes\nabout.txt').text = "a file with a newline in its name\n"
return true
