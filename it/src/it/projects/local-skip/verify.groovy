def log = new File(basedir, 'build.log').text
assert log.contains('Skipping shell-lambda:test (skipTests=true)')
assert log.contains('Skipping shell-lambda:test (shell-lambda.test.skip=true)')
assert !log.contains('FAIL would-fail')
// -Dshell-lambda.test names a case that does not exist: the error lists the cases there are.
assert log.contains("-Dshell-lambda.test is 'nonexistent', but")
assert log.contains('has no such case; cases: would-fail')
return true
