def zip = new File(basedir, 'target/shell-lambda-jq-arm64.zip')
assert zip.isFile()
def p = ['unzip', '-p', zip.path, 'bin/jq'].execute()
def bytes = p.inputStream.bytes
p.waitFor()
assert Arrays.equals(bytes, new File(shellLambdaTools, 'gojq/arm64/jq').bytes) : 'bin/jq is not the resolved artifact'
return true
