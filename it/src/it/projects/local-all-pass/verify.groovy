def log = new File(basedir, 'build.log').text
def cases = ['error', 'event-file-exact', 'hello', 'http-404', 'http-get', 'http-post', 'raw-text']
cases.each { name ->
  assert log =~ /(?m)PASS ${java.util.regex.Pattern.quote(name)} \(\d+ ms\)/ : "no PASS line for ${name}"
}
assert !log.contains('FAIL ')
// The cold start of an environment reports its INIT duration.
assert log =~ /PASS \S+ \(\d+ ms\)  Duration: [0-9.]+ ms  Max Memory Used: \d+ MB  Init Duration: [0-9.]+ ms/
assert log.contains('Handler tests: 7 run, 7 passed, 0 failed')
assert log =~ /Estimated cost per million requests like these \(128 MB, average billed [0-9.]+ ms over 7 invocations, \d+ cold starts? with INIT included\): arm64 \$[0-9.]+, x86_64 \$[0-9.]+/
assert log.contains('BUILD SUCCESS')

def report = new File(basedir, 'target/shell-lambda-reports/TEST-shell-lambda.local-all-pass.xml')
assert report.isFile()
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
assert suite.getAttribute('tests') == '7'
assert suite.getAttribute('failures') == '0'
def testcases = suite.getElementsByTagName('testcase')
assert testcases.length == 7
def hello = (0..<testcases.length).collect { testcases.item(it) }.find { it.getAttribute('name') == 'hello' }
assert hello.getElementsByTagName('system-out').item(0).textContent.contains('greeting Ada')
return true
