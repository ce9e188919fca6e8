def log = new File(basedir, 'build.log').text
assert log.contains('Skipping shell-lambda:jq-layer (shell-lambda.jq-layer.skip=true)')
def zips = [
  'package': new File(basedir, 'target/package-skip-jq-layer-1.0.zip'),
  'bootstrap-layer': new File(basedir, 'target/shell-lambda-bootstrap-arm64.zip'),
  'jq-layer': new File(basedir, 'target/shell-lambda-jq-arm64.zip'),
]
zips.each { goal, zip ->
  if (goal == 'jq-layer') {
    assert !zip.exists() : "${zip} was built although ${goal} was skipped"
  } else {
    assert zip.isFile() : "${zip} missing: only jq-layer was to be skipped"
  }
}
return true
