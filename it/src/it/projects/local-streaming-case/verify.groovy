// A streamed HTTP case (the POM's <functionUrl><invokeMode>RESPONSE_STREAM</invokeMode>) and the same
// events behind a BUFFERED URL (the case's request.invokeMode): same body, told apart by expect.streamed.
def log = new File(basedir, 'build.log').text
['ticks', 'ticks-buffered'].each { name ->
  assert log =~ /(?m)PASS ${java.util.regex.Pattern.quote(name)} \(\d+ ms\)/ : "no PASS line for ${name}"
}
assert log.contains('Function URL invokeMode RESPONSE_STREAM: the function gets SHELL_LAMBDA_RESPONSE_STREAM=1')
assert !log.contains('FAIL ')
assert log.contains('Handler tests: 2 run, 2 passed, 0 failed')
assert log.contains('BUILD SUCCESS')
return true
