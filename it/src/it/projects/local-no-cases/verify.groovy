def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] No handler test cases:')
assert log.contains('BUILD SUCCESS')
return true
