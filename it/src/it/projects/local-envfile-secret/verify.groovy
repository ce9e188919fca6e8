def log = new File(basedir, 'build.log').text
assert log.contains("local.env:3: line 3 has no '=' but a ':' after a name (NAME: value, as in YAML; write NAME=value)")
assert log.contains('the line is not shown: it may hold a secret')
assert !log.contains('Zq8wX3vB'), 'the secret was printed'
assert log.contains('BUILD FAILURE')
return true
