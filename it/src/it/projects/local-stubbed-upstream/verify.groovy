def log = new File(basedir, 'build.log').text
assert log =~ /PASS octocat \(\d+ ms\)/
assert log =~ /PASS unknown-user \(\d+ ms\)/
assert log.contains('Handler tests: 2 run, 2 passed, 0 failed')
// The real api.github.com was never needed: the stub server stood in for it.
def report = new File(basedir, 'target/shell-lambda-reports/TEST-shell-lambda.local-stubbed-upstream.xml')
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
assert suite.getAttribute('tests') == '2'
assert suite.getAttribute('failures') == '0'
return true
