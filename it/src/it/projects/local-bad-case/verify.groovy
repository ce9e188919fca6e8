def log = new File(basedir, 'build.log').text
assert log =~ /typo\.case\.json: field 'expect\.respnse': unknown key; did you mean 'response'\?/
assert log.contains('BUILD FAILURE')
return true
