// The toolkit (lambda_error, lambda_http, lambda_require_header, lambda_log) through the test
// cases and the Function URL front door, with no jq layer.
def log = new File(basedir, 'build.log').text
def cases = ['typed-error', 'plain', 'http-text', 'http-binary', 'http-unauthorized', 'http-error']
cases.each { name ->
  assert log =~ /(?m)PASS ${java.util.regex.Pattern.quote(name)} \(\d+ ms\)/ : "no PASS line for ${name}"
}
assert !log.contains('FAIL ')
assert log.contains('Handler tests: 6 run, 6 passed, 0 failed')
assert log.contains('BUILD SUCCESS')
return true
