// -Dshell-lambda.deploy.skip: the deploy goal logs that it skips and neither plans nor deploys.
def log = new File(basedir, 'build.log').text
assert log.contains('Skipping shell-lambda:deploy (shell-lambda.deploy.skip=true)') : log
assert !log.contains('Deployed ')
assert !new File(basedir, 'target/shell-lambda-plan.json').exists()
assert !new File(basedir, 'target/shell-lambda-deploy.json').exists()
return true
