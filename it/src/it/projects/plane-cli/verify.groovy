// The AWS CLI v2 drove the plane that shell-lambda:start served during integration-test; stop ended it.
def log = new File(basedir, 'build.log').text
def step = { String name -> (log =~ /(?m)^STEP ${name} ?(.*)$/).with { it.find() ? it.group(1) : null } }
if (!new File('/usr/bin/aws').canExecute()) {
  println 'SKIPPED the AWS CLI steps: /usr/bin/aws (Debian awscli, the CLI v2) is not installed'
  assert log.contains('STEP no-cli')
  assert log.contains('Stopped the local Lambda control plane')
  return true
}

assert log.contains('Local Lambda control plane at http://127.0.0.1:')
assert step('endpoint') ==~ /http:\/\/127\.0\.0\.1:\d+/
assert step('layer') == 'arn:aws:lambda:us-east-1:000000000000:layer:shell-lambda-bootstrap-x86_64:1'
assert step('created') == 'Pending'
assert step('active') != null
assert log =~ /(?m)^STEP version 1$/
assert log =~ /(?m)^STEP version 2$/
assert log.contains('{"AdditionalVersionWeights":{"2":0.1}}')
assert step('refused').contains('ValidationException')
assert step('refused').contains("Value '{2=1.5}' at 'routingConfig.additionalVersionWeights'")
assert step('url') ==~ /http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\//
assert step('without permissions') == '403'
assert step('answer') == 'hello from plane-cli'
assert step('versions') == '$LATEST\t1\t2'
assert log.contains('Stopped the local Lambda control plane')
assert new File(basedir, 'target/shell-lambda-local/state.json').isFile()
return true
