def log = new File(basedir, 'build.log').text
assert log.contains("passwd.case.json: field 'eventFile': names '../../../../../../../../../../etc/passwd', which is /etc/passwd, outside the test-case folder")
assert log.contains('copy the file there (e.g. beside the case file) and name it relative to the case file')
assert !log.contains('root:x:0:0')
assert log.contains('BUILD FAILURE')
return true
