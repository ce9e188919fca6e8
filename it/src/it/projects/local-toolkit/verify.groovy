// The toolkit (lambda_error, lambda_http, lambda_require_header, lambda_log, lambda_secret) through the test
// cases and the Function URL front door, with no jq layer.
def log = new File(basedir, 'build.log').text
def cases = ['typed-error', 'plain', 'http-text', 'http-binary', 'http-unauthorized', 'http-error', 'secret',
             'missing-secret']
cases.each { name ->
  assert log =~ /(?m)PASS ${java.util.regex.Pattern.quote(name)} \(\d+ ms\)/ : "no PASS line for ${name}"
}
assert !log.contains('FAIL ')
assert log.contains('Handler tests: 8 run, 8 passed, 0 failed')
assert !log.contains('it-pw-0123') : 'a secret value reached the build log'
assert log.contains('BUILD SUCCESS')
return true
