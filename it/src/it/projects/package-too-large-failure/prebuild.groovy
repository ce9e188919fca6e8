// 51 MB of incompressible bytes: the zip comes out over Lambda's 50 MB direct-upload limit.
new File(basedir, 'src/main/shell').mkdirs()
new File(basedir, 'src/main/shell/handler.sh').text = "run() {\n  cat\n}\n"
byte[] noise = new byte[51 * 1024 * 1024]
new Random(17).nextBytes(noise)
new File(basedir, 'src/main/shell/noise.bin').bytes = noise
return true
