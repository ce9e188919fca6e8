def log = new File(basedir, 'build.log').text
assert log =~ /package-too-large-failure-1\.0\.zip is 51\.0 MB \(\d+ bytes\) zipped, over Lambda's 50 MB/
assert log.contains('Removed ')
assert !new File(basedir, 'target/package-too-large-failure-1.0.zip').exists() : 'the refused zip was left in target/'
def left = new File(basedir, 'target').listFiles().findAll { it.name.endsWith('.zip') || it.name.endsWith('.tmp') }
assert left.isEmpty() : "left in target/: ${left}"
// The source is large; the build's copy of it is not needed once checked.
new File(basedir, 'src/main/shell/noise.bin').delete()
return true
