def log = new File(basedir, 'build.log').text
assert log.contains("<architecture> (-Dshell-lambda.architecture) is 'aarch64', but Lambda accepts 'arm64' or 'x86_64'; perhaps you meant <architecture>arm64</architecture>")
return true
