// Drives the other goals the way a user does, from a second Maven process:
// shell-lambda:invoke once (with and without stubs, and a failing function), then
// shell-lambda:run in the background, called as a Function URL, through the Invoke API and with
// the exact `aws lambda invoke` line it prints (run by the AWS CLI v2 at /usr/bin/aws, which
// scripts/setup-debian.sh installs), hot-reloaded, stopped, and checked to leave nothing behind.
// Every wait has a deadline; output another process writes is waited for, never assumed.
import java.util.concurrent.TimeUnit

def mvnHome = System.getProperty('maven.home')
def mvn = new File(mvnHome, 'bin/mvn').path
// The invoker writes its filtered settings (pointing at the staged plugin) beside the clones.
def settings = new File(basedir, '../interpolated-settings.xml')
assert settings.isFile() : "no ${settings}"
def base = [mvn, '-o', '-B', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}",
            "-Dshell-lambda.tools=${shellLambdaTools}"]

// Output goes to a file, so a hanging process cannot block the read: waitFor's deadline holds.
def runMaven = { String logName, List args, Map env = [:] ->
  def log = new File(basedir, logName)
  def pb = new ProcessBuilder((base + args)*.toString()).directory(basedir).redirectErrorStream(true)
      .redirectOutput(log)
  pb.environment().putAll(env)
  def p = pb.start()
  if (!p.waitFor(300, TimeUnit.SECONDS)) {
    p.destroyForcibly()
    assert false : "mvn ${args} did not finish within 300 s; output in ${log}"
  }
  [p.exitValue(), log.text]
}

// --- invoke -------------------------------------------------------------------------------
def (rc, out) = runMaven('invoke.log', ['shell-lambda:invoke', '-Dshell-lambda.payload={"name":"Bob"}'])
assert rc == 0 : out
assert out.contains('{"message":"Hello, Bob"}')
assert out =~ /START RequestId: \S+/
assert out =~ /REPORT RequestId: \S+\tDuration: /

(rc, out) = runMaven('invoke-stubs.log', ['shell-lambda:invoke', '-Dshell-lambda.payload={"upstream":true}', '-Dshell-lambda.stubs=quote'])
assert rc == 0 : out
assert out.contains('{"quote":"Simplicity is prerequisite for reliability."}')

(rc, out) = runMaven('invoke-error.log', ['shell-lambda:invoke', '-Dshell-lambda.payload={"fail":true}'])
assert rc != 0 : out
assert out.contains('The function returned an error')
assert out.contains('asked to fail')

// envFile, and AWS credentials only when passAwsCredentials is on (and never their secret in the log)
new File(basedir, 'local.env').text = '# local only\nFROM_ENV_FILE="from the env file"\n'
def creds = [AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST', AWS_SECRET_ACCESS_KEY: 'secretlocalvalue']
(rc, out) = runMaven('invoke-env.log', ['shell-lambda:invoke', '-Dshell-lambda.payload={"env":true}', '-Dshell-lambda.envFile=local.env'], creds)
assert rc == 0 : out
assert out.contains('"fromEnvFile":"from the env file"')
assert out.contains('"accessKey":""')
(rc, out) = runMaven('invoke-creds.log', ['shell-lambda:invoke', '-Dshell-lambda.payload={"env":true}', '-Dshell-lambda.passAwsCredentials=true'], creds)
assert rc == 0 : out
assert out.contains('"accessKey":"AKIDLOCALTEST"')
assert out.contains('Passing your AWS credentials to the local function: [AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY]')
assert !out.contains('secretlocalvalue')

// --- run ----------------------------------------------------------------------------------
def port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).withCloseable { it.localPort }
def runLog = new File(basedir, 'run.log')
def pb = new ProcessBuilder((base + ['shell-lambda:run', "-Dshell-lambda.port=${port}"])*.toString())
    .directory(basedir).redirectErrorStream(true)
def proc = pb.start()
def all = new StringBuffer()
def pump = Thread.start {
  proc.inputStream.eachLine('UTF-8') { l -> all.append(l).append('\n') }
}
// Until the run goal's output (read by the pump above) satisfies `condition`, at most `seconds`.
def waitUntil = { String what, int seconds, Closure<Boolean> condition ->
  long deadline = System.currentTimeMillis() + seconds * 1000L
  while (System.currentTimeMillis() < deadline) {
    if (condition(all.toString())) return true
    if (!proc.isAlive() && !pump.isAlive()) break
    Thread.sleep(100)
  }
  if (condition(all.toString())) return true
  runLog.text = all.toString()
  assert false : "${what} did not appear within ${seconds} s; output in ${runLog}"
}
def waitFor = { String marker, int seconds -> waitUntil("'${marker}'", seconds) { it.contains(marker) } }
def reports = { String text -> text.readLines().count { it =~ /REPORT RequestId: \S+\tDuration: / } }

def http = { String method, String url, String body ->
  def c = (HttpURLConnection) new URL(url).openConnection()
  c.connectTimeout = 60_000
  c.readTimeout = 120_000
  c.requestMethod = method
  if (body != null) {
    c.doOutput = true
    c.outputStream.withCloseable { it.write(body.getBytes('UTF-8')) }
  }
  def status = c.responseCode
  def text = (status < 400 ? c.inputStream : c.errorStream)?.text
  [status, text]
}

try {
  waitFor('press Ctrl-C to stop', 300)
  def functionUrl = (all =~ /Function URL: (\S+)/)[0][1]
  def invokeUrl = (all =~ /Invoke API:   (\S+)/)[0][1]
  assert functionUrl.startsWith("http://127.0.0.1:${port}")
  assert invokeUrl == "http://127.0.0.1:${port}/2015-03-31/functions/local-run/invocations"
  assert all.toString() =~ /Try:  curl -i http:\/\/127\.0\.0\.1:${port}/
  def awsLine = all.toString().readLines().find { it.contains('aws lambda invoke --endpoint-url') }
  assert awsLine.contains("--endpoint-url http://127.0.0.1:${port} --no-sign-request")
  assert awsLine.contains('--cli-binary-format raw-in-base64-out')

  def (s1, b1) = http('GET', functionUrl.replaceAll('/$', '') + '/hi?name=Ada', null)
  assert s1 == 200
  assert b1.contains('"message":"Hello, Ada"')

  def (s2, b2) = http('POST', invokeUrl, '{"name":"Grace"}')
  assert s2 == 200
  assert b2.contains('"message":"Hello, Grace"')
  // the function's log reaches Maven's output through a pump: wait for both invocations' REPORT
  waitUntil('two REPORT lines', 60) { reports(it) >= 2 }

  // The exact `aws lambda invoke` line the run goal printed, run by the AWS CLI v2 at /usr/bin/aws
  // (scripts/setup-debian.sh installs Debian's awscli; a pip v1 `aws` earlier on PATH would not
  // know --cli-binary-format). Only the program is named by its path; the line is run as printed,
  // by bash, as a user pastes it.
  def awsV2 = new File('/usr/bin/aws')
  assert awsV2.canExecute() : "/usr/bin/aws (the AWS CLI v2) is missing: run scripts/setup-debian.sh"
  def versionLog = new File(basedir, 'aws-version.txt')
  def vp = new ProcessBuilder([awsV2.path, '--version']).redirectErrorStream(true).redirectOutput(versionLog).start()
  assert vp.waitFor(120, TimeUnit.SECONDS) && vp.exitValue() == 0 : versionLog.text
  assert versionLog.text.startsWith('aws-cli/2.') : "/usr/bin/aws is not the AWS CLI v2: ${versionLog.text}"
  def printed = awsLine.replaceAll(/\u001B\[[0-9;]*m/, '').with { it.substring(it.indexOf('aws lambda invoke')).trim() }
  assert printed.endsWith(' /dev/stdout') : printed
  def cliLog = new File(basedir, 'aws-cli.log')
  // stdout must be a pipe, as in a terminal: were it a file, the CLI's own output (written at
  // offset 0 of fd 1) would overwrite the response it wrote through its own open of /dev/stdout
  def cli = new ProcessBuilder(['bash', '-c', awsV2.path + printed.substring('aws'.length())])
      .directory(basedir).redirectErrorStream(true)
  // no user profile, credentials or pager: the line must work on its own (it is --no-sign-request)
  cli.environment().keySet().removeAll(cli.environment().keySet().findAll { it.startsWith('AWS_') })
  cli.environment().put('AWS_CONFIG_FILE', new File(basedir, 'no-aws-config').path)
  cli.environment().put('AWS_SHARED_CREDENTIALS_FILE', new File(basedir, 'no-aws-credentials').path)
  cli.environment().put('AWS_PAGER', '')
  def ap = cli.start()
  def cliBytes = new ByteArrayOutputStream()
  def cliPump = Thread.start { cliBytes << ap.inputStream }
  if (!ap.waitFor(120, TimeUnit.SECONDS)) {
    ap.destroyForcibly()
    assert false : "the printed aws line did not finish within 120 s: ${printed}"
  }
  cliPump.join(60_000)
  def cliOut = cliBytes.toString('UTF-8')
  cliLog.text = cliOut
  assert ap.exitValue() == 0 : "${printed}\n${cliOut}"
  // /dev/stdout gets the function's response, then the CLI prints the invocation's metadata
  assert cliOut.startsWith('{"message":"Hello, world"}') : cliOut
  assert cliOut.contains('"StatusCode": 200') : cliOut
  assert cliOut.contains('"ExecutedVersion": "$LATEST"') : cliOut
  new File(basedir, 'aws-check.txt').text = "ran with ${versionLog.text.trim()}: ${printed}\n"
  println "[local-run] the printed line, run by ${versionLog.text.trim()}: ${printed}"

  // The control plane on the same port: the printed `aws lambda list-functions` line, run as printed,
  // lists the project's function as the plane's $LATEST (issue 13).
  def listLine = all.toString().readLines().find { it.contains('aws lambda list-functions --endpoint-url') }
  assert listLine : "run printed no 'aws lambda list-functions' line:\n${all}"
  def listPrinted = listLine.replaceAll(/\u001B\[[0-9;]*m/, '').with { it.substring(it.indexOf('aws lambda list-functions')).trim() }
  assert listPrinted == "aws lambda list-functions --endpoint-url http://127.0.0.1:${port} --no-sign-request --region us-east-1"
  def list = new ProcessBuilder(['bash', '-c', awsV2.path + listPrinted.substring('aws'.length())])
      .directory(basedir).redirectErrorStream(true)
  list.environment().keySet().removeAll(list.environment().keySet().findAll { it.startsWith('AWS_') })
  list.environment().put('AWS_CONFIG_FILE', new File(basedir, 'no-aws-config').path)
  list.environment().put('AWS_SHARED_CREDENTIALS_FILE', new File(basedir, 'no-aws-credentials').path)
  list.environment().put('AWS_PAGER', '')
  def lp = list.start()
  def listBytes = new ByteArrayOutputStream()
  def listPump = Thread.start { listBytes << lp.inputStream }
  if (!lp.waitFor(120, TimeUnit.SECONDS)) {
    lp.destroyForcibly()
    assert false : "the printed list-functions line did not finish within 120 s: ${listPrinted}"
  }
  listPump.join(60_000)
  def listOut = listBytes.toString('UTF-8')
  new File(basedir, 'aws-list-functions.log').text = listOut
  assert lp.exitValue() == 0 : "${listPrinted}\n${listOut}"
  assert listOut.contains('"FunctionName": "local-run"') : listOut
  assert listOut.contains('"Version": "$LATEST"') : listOut

  // Hot reload: change the handler, wait for the reload, see the new code answer.
  def handler = new File(basedir, 'src/main/shell/handler.sh')
  Thread.sleep(1100) // a later mtime than the zip's, on file systems with 1 s resolution
  handler.text = handler.text.replace('GREETING="Hello"', 'GREETING="Howdy"')
  waitFor('Reloaded: Built', 120)
  def (s3, b3) = http('POST', invokeUrl, '{"name":"Grace"}')
  assert s3 == 200
  assert b3.contains('"message":"Howdy, Grace"')
} finally {
  // Ctrl-C: SIGINT to the Maven JVM (both SIGINT and SIGTERM run the shutdown hooks). A JVM that
  // inherited SIGINT as ignored (started by a non-interactive shell's background job, as some CI
  // runners do) keeps ignoring it, as a terminal's Ctrl-C would be: then SIGTERM, as `kill` sends.
  def pid = proc.pid()
  def sigIgn = new File("/proc/${pid}/status").readLines().find { it.startsWith('SigIgn:') }?.split()?.getAt(1)
  def signal = (sigIgn != null && (Long.parseLong(sigIgn, 16) & 2L) != 0) ? 'TERM' : 'INT'
  ['kill', "-${signal}", pid.toString()].execute().waitFor()
  if (!proc.waitFor(60, TimeUnit.SECONDS)) {
    proc.destroyForcibly()
    runLog.text = all.toString()
    assert false : "shell-lambda:run did not stop on SIG${signal}; output in ${runLog}"
  }
  // the pump reads to the end of Maven's output (bounded: Maven has exited)
  pump.join(60_000)
  runLog.text = all.toString()
}
// The shutdown hook cleans up first, then logs (issue 12, fault 13): the line comes last, and the work folder is gone.
assert all.toString().contains('Stopped local-run; removed ')
assert !new File(basedir, 'target/shell-lambda-local/run').exists()

// Nothing left running: no process started from this project (bootstrap, handler, qemu)
// and nobody listening on the port.
def target = new File(basedir, 'target').canonicalPath
def leftovers = []
new File('/proc').eachFile { f ->
  if (!(f.name ==~ /\d+/)) return
  try {
    def cmd = new File(f, 'cmdline').bytes.collect { it == 0 ? ' ' : (char) it }.join()
    def cwd = java.nio.file.Files.readSymbolicLink(new File(f, 'cwd').toPath()).toString()
    if (cwd.startsWith(target) || cmd.contains(target + '/shell-lambda-local')) leftovers << "${f.name}: ${cmd}"
  } catch (Exception ignored) { }
}
assert leftovers.isEmpty() : "left running: ${leftovers}"
try {
  new Socket('127.0.0.1', port).close()
  assert false : "something still listens on ${port}"
} catch (ConnectException expected) { }
return true
