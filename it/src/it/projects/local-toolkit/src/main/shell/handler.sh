# The bootstrap's toolkit without jq: lambda_error, lambda_http, lambda_require_header, lambda_log,
# lambda_secret (against the test cases' fake secrets).
set -euo pipefail

run() {
  local event pw='' greeting=''
  event=$(cat)
  case $event in
    *'"requestContext"'*) http "$event" ;;
    *'"missing-secret"'*) lambda_secret db/nope pw; printf 'not reached\n' ;;
    *'"secret"'*)
      lambda_secret db/password pw
      lambda_secret ssm:/toolkit/greeting greeting
      printf '%s, %d characters\n' "$greeting" "${#pw}" ;;
    *'"typed"'*) lambda_error Order.Rejected $'card "4242" declined\nretry later' ;;
    *) lambda_log INFO "plain event"; printf 'ok\n' ;;
  esac
}

# A Function URL request: the x-api-key header must hold $API_KEY.
http() {
  lambda_require_header x-api-key API_KEY
  case $1 in
    *'"/binary"'*) printf '\x00\x01\xff' | lambda_http 200 -H 'Content-Type: application/octet-stream' ;;
    *'"/fail"'*) lambda_error Order.Rejected "refused behind the URL" ;;
    *) printf 'hello "you"\n' | lambda_http 200 -H 'Content-Type: text/plain' --cookie 'seen=1' ;;
  esac
}
