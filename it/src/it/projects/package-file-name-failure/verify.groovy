def log = new File(basedir, 'build.log').text
assert log.contains('src/main/shell/notes\\nabout.txt" holds a newline (\\n) (shown escaped)')
assert !new File(basedir, 'target/package-file-name-failure-1.0.zip').exists()
return true
