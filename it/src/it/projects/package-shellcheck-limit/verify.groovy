def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'target/package-shellcheck-limit-1.0.zip').isFile()
def onPath = System.getenv('PATH').split(File.pathSeparator).any { new File(it, 'shellcheck').canExecute() }
if (onPath) {
  // Stopped at the memory limit (or, on a machine where it stays under it, the time limit), named.
  assert log =~ /shellcheck (ran out of its 1024 MB memory limit checking|did not finish checking) \S+handler\.sh/
  assert !log.contains('shellcheck: shellcheck: out of memory')
}
return true
