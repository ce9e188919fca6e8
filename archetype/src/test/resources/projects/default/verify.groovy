// The generated project built, packaged and passed its handler tests offline.
def project = new File(basedir, 'project/github-traffic')
def log = new File(project, 'build.log').text
def target = new File(project, 'target')
assert new File(target, 'github-traffic-1.0.0-SNAPSHOT.zip').isFile()
assert new File(target, 'shell-lambda-bootstrap-arm64.zip').isFile()
assert new File(target, 'shell-lambda-jq-arm64.zip').isFile()
['success', 'zero-traffic', 'upstream-unauthorized', 'upstream-not-found', 'malformed-input',
 'missing-input', 'url-success', 'url-bad-request', 'url-not-found', 'url-upstream-down'].each { name ->
  assert log =~ /PASS\s+${name}\b/ : "test case ${name} did not pass"
}
assert !(log =~ /FAIL\s/)
def pom = new File(project, 'pom.xml').text
assert pom.contains('<packaging>shell-lambda</packaging>')
assert pom.contains('<functionName>github-traffic</functionName>')
assert new File(project, '.gitignore').isFile()
// the deploy section: the role left to fill in (commented), alias live, a public Function URL
assert pom.contains('<alias>live</alias>')
assert pom.contains('<authType>NONE</authType>')
assert pom =~ /<!--[^>]*<role>/
// the workflow (parsed as YAML by GeneratedWorkflowIT after this script)
assert new File(project, '.github/workflows/deploy.yml').isFile()
// sourced by the bootstrap, never executed: no mode to check (archetype generation does not keep modes anyway)
assert new File(project, 'src/main/shell/handler.sh').text.contains('run()')
return true
