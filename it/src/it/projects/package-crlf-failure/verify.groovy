def log = new File(basedir, 'build.log').text
assert log.contains('handler.sh line 2 ends with CRLF (Windows line endings; 3 lines in all)')
assert log.contains('dos2unix handler.sh')
assert !new File(basedir, 'target/package-crlf-failure-1.0.zip').exists()
return true
