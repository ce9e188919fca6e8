def log = new File(basedir, 'build.log').text
// maven-plugin-plugin's generated help goal lists every goal with its description.
['package', 'bootstrap-layer', 'jq-layer', 'test', 'run', 'invoke', 'info', 'help', 'start', 'stop', 'deploy',
 'promote', 'rollback', 'undeploy'].each { goal ->
  assert log.contains("shell-lambda:${goal}\n") || log.contains("shell-lambda:${goal}\r\n") :
      "shell-lambda:help does not list the goal ${goal}"
}
assert log.contains('This plugin has 14 goals:')
assert log.contains('Serves the packaged function on 127.0.0.1 as a Function URL')
// -Ddetail -Dgoal=run: the run goal's parameters with their property names.
assert log.contains('User property: shell-lambda.port')
assert log.contains('User property: shell-lambda.concurrency')
return true
