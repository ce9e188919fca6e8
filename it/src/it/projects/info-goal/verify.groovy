def log = new File(basedir, 'build.log').text
assert log.contains('bootstrap linux-x86_64: bundled')
assert log.contains('bootstrap linux-arm64: bundled')
return true
