// Drives the other goals the way a user does, from a second Maven process:
// shell-lambda:invoke once (with and without stubs, and a failing function), then
// shell-lambda:run in the background, called as a Function URL and through the Invoke API (with
// the AWS CLI when it is installed), hot-reloaded, stopped, and checked to leave nothing behind.
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

def mvnHome = System.getProperty('maven.home')
def mvn = new File(mvnHome, 'bin/mvn').path
// The invoker writes its filtered settings (pointing at the staged plugin) beside the clones.
def settings = new File(basedir, '../interpolated-settings.xml')
assert settings.isFile() : "no ${settings}"
def base = [mvn, '-o', '-B', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}",
            "-Dshell-lambda.tools=${shellLambdaTools}"]

def runMaven = { List args, Map env = [:] ->
  def pb = new ProcessBuilder((base + args)*.toString()).directory(basedir).redirectErrorStream(true)
  pb.environment().putAll(env)
  def p = pb.start()
  def out = p.inputStream.text
  assert p.waitFor(300, TimeUnit.SECONDS)
  [p.exitValue(), out]
}

// --- invoke -------------------------------------------------------------------------------
def (rc, out) = runMaven(['shell-lambda:invoke', '-Dshell-lambda.payload={"name":"Bob"}'])
new File(basedir, 'invoke.log').text = out
assert rc == 0 : out
assert out.contains('{"message":"Hello, Bob"}')
assert out =~ /START RequestId: \S+/
assert out =~ /REPORT RequestId: \S+\tDuration: /

(rc, out) = runMaven(['shell-lambda:invoke', '-Dshell-lambda.payload={"upstream":true}', '-Dshell-lambda.stubs=quote'])
new File(basedir, 'invoke-stubs.log').text = out
assert rc == 0 : out
assert out.contains('{"quote":"Simplicity is prerequisite for reliability."}')

(rc, out) = runMaven(['shell-lambda:invoke', '-Dshell-lambda.payload={"fail":true}'])
new File(basedir, 'invoke-error.log').text = out
assert rc != 0 : out
assert out.contains('The function returned an error')
assert out.contains('asked to fail')

// envFile, and AWS credentials only when passAwsCredentials is on (and never their secret in the log)
new File(basedir, 'local.env').text = '# local only\nFROM_ENV_FILE="from the env file"\n'
def creds = [AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST', AWS_SECRET_ACCESS_KEY: 'secretlocalvalue']
(rc, out) = runMaven(['shell-lambda:invoke', '-Dshell-lambda.payload={"env":true}', '-Dshell-lambda.envFile=local.env'], creds)
new File(basedir, 'invoke-env.log').text = out
assert rc == 0 : out
assert out.contains('"fromEnvFile":"from the env file"')
assert out.contains('"accessKey":""')
(rc, out) = runMaven(['shell-lambda:invoke', '-Dshell-lambda.payload={"env":true}', '-Dshell-lambda.passAwsCredentials=true'], creds)
new File(basedir, 'invoke-creds.log').text = out
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
def lines = new LinkedBlockingQueue<String>()
def all = new StringBuffer()
Thread.start {
  proc.inputStream.eachLine('UTF-8') { l -> all.append(l).append('\n'); lines.add(l) }
}
def waitFor = { String marker, int seconds ->
  long deadline = System.currentTimeMillis() + seconds * 1000L
  while (System.currentTimeMillis() < deadline) {
    if (all.toString().contains(marker)) return true
    Thread.sleep(100)
    if (!proc.isAlive()) break
  }
  runLog.text = all.toString()
  assert false : "'${marker}' did not appear; output in ${runLog}"
}

def http = { String method, String url, String body ->
  def c = (HttpURLConnection) new URL(url).openConnection()
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
  waitFor('END RequestId:', 30)
  assert all.toString() =~ /REPORT RequestId: \S+\tDuration: /

  // The AWS CLI, when installed: v2 needs --cli-binary-format raw-in-base64-out (the printed
  // line); v1 does not know that option and sends the payload as is.
  def aws = ['/usr/local/bin/aws', '/usr/bin/aws'].find { new File(it).canExecute() } ?:
      System.getenv('PATH').split(':').collect { new File(it, 'aws') }.find { it.canExecute() }?.path
  def awsResult = 'skipped: aws is not installed'
  if (aws != null) {
    def vp = new ProcessBuilder([aws, '--version']*.toString()).redirectErrorStream(true).start()
    def ver = vp.inputStream.text
    vp.waitFor()
    def out1 = File.createTempFile('aws-out', '.json')
    def cmd = [aws, 'lambda', 'invoke', '--endpoint-url', "http://127.0.0.1:${port}", '--no-sign-request',
               '--region', 'us-east-1', '--function-name', 'local-run', '--payload', '{"name":"Cli"}']
    if (ver.startsWith('aws-cli/2')) {
      cmd += ['--cli-binary-format', 'raw-in-base64-out']
    }
    cmd += [out1.path]
    def p = new ProcessBuilder(cmd*.toString()).redirectErrorStream(true)
    p.environment().put('AWS_ACCESS_KEY_ID', 'unused')
    p.environment().put('AWS_SECRET_ACCESS_KEY', 'unused')
    def ap = p.start()
    def aout = ap.inputStream.text
    assert ap.waitFor(120, TimeUnit.SECONDS)
    assert ap.exitValue() == 0 : aout
    assert aout.contains('"StatusCode": 200')
    assert out1.text.contains('"message":"Hello, Cli"')
    out1.delete()
    awsResult = "ran with ${ver.trim()}" + (ver.startsWith('aws-cli/2') ? ' (the printed v2 line)' : ' (v1 form, without --cli-binary-format)')
  }
  new File(basedir, 'aws-check.txt').text = awsResult + '\n'
  println "[local-run] aws lambda invoke check: ${awsResult}"

  // Hot reload: change the handler, wait for the reload, see the new code answer.
  def handler = new File(basedir, 'src/main/shell/handler.sh')
  Thread.sleep(1100) // a later mtime than the zip's, on file systems with 1 s resolution
  handler.text = handler.text.replace('GREETING="Hello"', 'GREETING="Howdy"')
  waitFor('Reloaded: Built', 120)
  def (s3, b3) = http('POST', invokeUrl, '{"name":"Grace"}')
  assert s3 == 200
  assert b3.contains('"message":"Howdy, Grace"')
} finally {
  // Ctrl-C: SIGINT to the Maven JVM (Process.destroy sends SIGTERM; both run the shutdown hooks).
  def pid = proc.pid()
  ['kill', '-INT', pid.toString()].execute().waitFor()
  if (!proc.waitFor(60, TimeUnit.SECONDS)) {
    proc.destroyForcibly()
    runLog.text = all.toString()
    assert false : "shell-lambda:run did not stop on SIGINT; output in ${runLog}"
  }
  Thread.sleep(200)
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
