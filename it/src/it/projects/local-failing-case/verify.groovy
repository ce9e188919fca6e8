def log = new File(basedir, 'build.log').text
assert log =~ /PASS good \(\d+ ms\)/
assert log =~ /FAIL wrong-greeting \(\d+ ms\)/
// The readable diff: every difference with its path, then the actual response.
assert log.contains('response differs (subset match):')
assert log.contains('$.message: expected "Hello, Bob" but was "Hello, Ada"')
assert log.contains('$.items[1]: expected 3 but was 2')
assert log.contains('$.missing: missing, expected true')
assert log.contains('actual response:')
// The invocation's log comes with the failure.
assert log.contains('about to greet Ada')
assert log =~ /REPORT RequestId: \S+\tDuration: /
assert log.contains('Handler tests: 2 run, 1 passed, 1 failed')
assert log.contains('1 of 2 handler test case(s) failed: wrong-greeting')
assert log.contains('-Dshell-lambda.test=wrong-greeting')
assert log.contains('BUILD FAILURE')

def report = new File(basedir, 'target/shell-lambda-reports/TEST-shell-lambda.local-failing-case.xml')
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
assert suite.getAttribute('tests') == '2'
assert suite.getAttribute('failures') == '1'
def failures = suite.getElementsByTagName('failure')
assert failures.length == 1
def failure = failures.item(0)
assert failure.parentNode.getAttribute('name') == 'wrong-greeting'
assert failure.getAttribute('message') == 'response differs (subset match):'
assert failure.textContent.contains('$.message: expected "Hello, Bob" but was "Hello, Ada"')
return true
