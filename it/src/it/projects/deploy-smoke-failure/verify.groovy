// Build 1 deployed version 1 (its smoke test passed); build 2 published version 2, whose smoke test failed:
// the build failed with the message, and the plane's request log shows the alias was never moved.
def log = new File(basedir, 'build.log').text
assert log.contains('Smoke test greets passed on version 1')
assert log =~ /Deployed arn:aws:lambda:us-east-1:000000000000:function:deploy-smoke-failure version 1 /
assert log.contains('CHECK configurable-greeting ok')
assert log.contains('Smoke test greets: its upstream stubs and environment are local only')
assert log.contains('shell-lambda:deploy stopped: smoke test failed on version 2: the case greets on deploy-smoke-failure:2')
assert log.contains('the alias live was not moved: live traffic still goes to version 1')
assert !log.contains('Deployed arn:aws:lambda:us-east-1:000000000000:function:deploy-smoke-failure version 2')
// requests.log: <time> <operation> <method> <path> <status>, one line per API call, both builds
def calls = new File(basedir, 'target/shell-lambda-local/requests.log').readLines().collect { it.split(' ') }
def writes = calls.findAll { it[2] != 'GET' }.collect { it[1] }
assert writes == ['PublishLayerVersion', 'CreateFunction', 'PublishVersion', 'CreateAlias',
                  'UpdateFunctionCode', 'PublishVersion'] : writes
return true
