import java.nio.file.Files

def run(List<String> cmd) {
  def p = cmd.execute()
  def out = new StringBuilder()
  p.waitForProcessOutput(out, out)
  return [p.exitValue(), out.toString()]
}

def names = ['package-reproducible-1.0.zip', 'shell-lambda-bootstrap-arm64.zip', 'shell-lambda-jq-arm64.zip']
for (name in names) {
  def first = new File(basedir, "target/${name}")
  def second = new File(basedir, "target-tz/${name}")
  assert first.isFile() : "missing ${first}"
  assert second.isFile() : "missing ${second}"
  assert Arrays.equals(first.bytes, second.bytes) : "${name} differs between the UTC and the Pacific/Auckland build"
  def (rc, out) = run(['unzip', '-t', first.path])
  assert rc == 0 && out.contains('No errors detected') : "unzip -t ${name}: ${out}"
}

def (rc, listing) = run(['zipinfo', new File(basedir, 'target/package-reproducible-1.0.zip').path])
println listing
assert rc == 0
assert listing =~ /-rwxr-xr-x .* handler\.sh/
assert listing =~ /-rwxr-xr-x .* lib\/util\.sh/
assert listing =~ /-rw-r--r-- .* data\/config\.json/
assert listing =~ /drwxr-xr-x .* lib\//
assert !listing.contains(' bootstrap') : 'bootstrap is in the layer, not the function zip'

def (rc2, layers) = run(['zipinfo', new File(basedir, 'target/shell-lambda-bootstrap-arm64.zip').path])
assert layers =~ /-rwxr-xr-x .* bootstrap/
def (rc3, jq) = run(['zipinfo', new File(basedir, 'target/shell-lambda-jq-arm64.zip').path])
assert jq =~ /-rwxr-xr-x .* bin\/jq/

def installed = new File(localRepositoryPath, 'it/shelllambda/package-reproducible/1.0/package-reproducible-1.0.zip')
assert installed.isFile() : "mvn install did not install ${installed}"
assert Arrays.equals(installed.bytes, new File(basedir, 'target-tz/package-reproducible-1.0.zip').bytes)

def log = new File(basedir, 'build.log').text
assert log =~ /Built target\/package-reproducible-1\.0\.zip \(\d+ bytes, 3 files, \d+ bytes unzipped, CodeSha256 [A-Za-z0-9+\/]{43}=\)/
return true
