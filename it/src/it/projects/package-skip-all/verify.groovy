def log = new File(basedir, 'build.log').text
['package', 'bootstrap-layer', 'jq-layer'].each { goal ->
  assert log.contains("Skipping shell-lambda:${goal} (shell-lambda.skip=true)")
}
assert !new File(basedir, 'target').listFiles()?.any { it.name.endsWith('.zip') }
return true
