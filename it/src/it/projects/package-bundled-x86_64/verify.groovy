def zip = new File(basedir, 'target/package-bundled-x86_64-1.0.zip')
def p = ['zipinfo', zip.path].execute()
def listing = p.text
p.waitFor()
assert listing =~ /-rwxr-xr-x .* bootstrap/
assert listing =~ /-rwxr-xr-x .* handler\.sh/
def f = ['unzip', '-p', zip.path, 'bootstrap'].execute()
def bytes = f.inputStream.bytes
f.waitFor()
assert bytes[0] == 0x7f && bytes[1] == ('E' as char) && bytes[18] == 62 : 'bootstrap is not an x86-64 ELF'
assert !new File(basedir, 'target/shell-lambda-bootstrap-x86_64.zip').exists()
assert new File(basedir, 'build.log').text.contains('No bootstrap layer: the bootstrap is bundled in the function zip')
return true
