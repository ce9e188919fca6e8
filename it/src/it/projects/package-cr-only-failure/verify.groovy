def log = new File(basedir, 'build.log').text
assert log.contains('handler.sh line 1 ends with a carriage return (CR) alone: classic Mac OS line endings (4 lone CRs in all)')
assert log.contains('mac2unix handler.sh')
assert !new File(basedir, 'target/package-cr-only-failure-1.0.zip').exists()
return true
