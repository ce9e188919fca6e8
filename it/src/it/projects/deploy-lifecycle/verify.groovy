// The four builds of invoker.properties ran against the plane shell-lambda:start served; steps.sh checked
// each step while it ran (the AWS CLI v2, requests.log, the deploy's JSON files) and printed "CHECK <step> ok".
// Here: every step was checked, and what the goals said about it.
def log = new File(basedir, 'build.log').text
['first', 'unchanged', 'canary', 'promoted', 'rolledback', 'code-only', 'dry-run', 'undeployed'].each {
  assert log.contains("CHECK ${it} ok") : "the step ${it} was not checked; see ${basedir}/build.log"
}
// the goals' own words: the result lines, the public-URL warning, up to date, the alias moves, the dry run
assert log =~ /Deployed arn:aws:lambda:us-east-1:000000000000:function:deploy-lifecycle version 1 \(7 write calls, \d+ ms\)/
assert log.contains('anyone who has the URL can invoke the function')
assert log =~ /Up to date: deploy-lifecycle version 1 behind alias live; no write call made \(\d+ ms\)/
assert log.contains('Alias live: 1 (90%) + 2 (10%)')
assert log.contains('Alias live of deploy-lifecycle: 1 (90%) + 2 (10%) -> 2')
assert log.contains('Alias live of deploy-lifecycle: 2 -> 1')
assert log.contains('Dry run: nothing was written (3 write(s) planned)')
assert log.contains('Deleted function deploy-lifecycle with its versions and aliases')
assert log.contains('Deleted layer shell-lambda-bootstrap-x86_64:1')
def canary = (log =~ /CANARY version 2 answered (\d+) of 1000 requests/)
assert canary.find()
println "[deploy-lifecycle] a 10% canary: version 2 answered ${canary.group(1)} of 1000 requests"
return true
