# Server-sent events, one a second, through a Function URL whose invokeMode is RESPONSE_STREAM
# (the POM's <functionUrl>): the test goal gives the function SHELL_LAMBDA_RESPONSE_STREAM=1, as
# deploy does. Without it (a BUFFERED URL) the same events are answered once they are all made.
set -euo pipefail

run() {
  local i body=''
  cat >/dev/null # the event: every request gets the same ticks
  if [[ ${SHELL_LAMBDA_RESPONSE_STREAM:-} == 1 ]]; then
    lambda_stream_start 200 -H 'Content-Type: text/event-stream' -H 'Cache-Control: no-cache'
    # the first tick, then a wide margin: the case checks that it reached the client before the
    # invocation ended, and a loaded machine must not reverse that order
    for i in 1 2 3; do printf 'data: tick %d\n\n' "$i"; sleep 1; done
  else
    for i in 1 2 3; do body+="data: tick $i"$'\n\n'; sleep 0.3; done
    printf '%s' "$body" | lambda_http 200 -H 'Content-Type: text/event-stream'
  fi
}
