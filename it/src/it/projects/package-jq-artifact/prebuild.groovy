import java.security.MessageDigest

def jq = new File(shellLambdaTools, 'gojq/arm64/jq')
def dir = new File(basedir, 'binaries-repo/com/example/tools/jq/1.8.1')
dir.mkdirs()
def target = new File(dir, 'jq-1.8.1-linux-arm64.bin')
target.bytes = jq.bytes
new File(dir, target.name + '.sha1').text = MessageDigest.getInstance('SHA-1').digest(jq.bytes).encodeHex().toString()
return true
