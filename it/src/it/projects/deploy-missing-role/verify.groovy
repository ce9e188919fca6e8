// No role: the deploy failed with the fix (the property, the trust policy, the managed policy), and the
// plane's request log shows reads only.
def log = new File(basedir, 'build.log').text
assert log.contains('the function deploy-missing-role does not exist yet, and creating it needs an execution role ARN:'
    + ' set <role> (-Dshell-lambda.role), e.g. -Dshell-lambda.role=arn:aws:iam::123456789012:role/my-fn')
assert log.contains('"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"')
assert log.contains('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')
assert log.contains('BUILD FAILURE')
def requests = new File(basedir, 'target/shell-lambda-local/requests.log')
assert requests.isFile() : 'deploy read nothing from the plane'
def lines = requests.readLines()
assert lines.any { it.split(' ')[1] == 'GetFunction' } : lines
assert lines.every { it.split(' ')[2] == 'GET' } : "deploy wrote to the plane: ${lines}"
assert !new File(basedir, 'target/shell-lambda-deploy.json').exists()
return true
