def log = new File(basedir, 'build.log').text
assert log.contains('the function runs under qemu emulation')
assert log =~ /PASS hello \(\d+ ms\)  Duration: [0-9.]+ ms  Max Memory Used: \d+ MB  Init Duration: [0-9.]+ ms  \(emulated\)/
assert log =~ /PASS http \(\d+ ms\)/
assert log.contains('Handler tests: 2 run, 2 passed, 0 failed')
// Emulated durations say nothing about Lambda's: no cost estimate, and the log says why.
assert log.contains('No cost estimate: the function ran under qemu emulation')
assert !log.contains('Estimated cost per million requests')
return true
