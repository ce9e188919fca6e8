def log = new File(basedir, 'build.log').text
assert log.contains('Skipping shell-lambda:package (shell-lambda.package.skip=true)')
def zips = [
  'package': new File(basedir, 'target/package-skip-package-1.0.zip'),
  'bootstrap-layer': new File(basedir, 'target/shell-lambda-bootstrap-arm64.zip'),
  'jq-layer': new File(basedir, 'target/shell-lambda-jq-arm64.zip'),
]
zips.each { goal, zip ->
  if (goal == 'package') {
    assert !zip.exists() : "${zip} was built although ${goal} was skipped"
  } else {
    assert zip.isFile() : "${zip} missing: only package was to be skipped"
  }
}
return true
