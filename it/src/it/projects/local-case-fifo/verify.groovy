def log = new File(basedir, 'build.log').text
assert log.contains("piped.case.json: field 'upstream.stubs[0].bodyFile': names 'stubs/pipe.json', but ")
assert log.contains('stubs/pipe.json is not a regular file (a named pipe, device or socket); a case reads regular files only')
assert log.contains('BUILD FAILURE')
return true
