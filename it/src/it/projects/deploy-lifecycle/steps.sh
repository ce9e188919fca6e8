#!/usr/bin/env bash
# One step of the deploy lifecycle IT, run by exec:exec@<step> between the shell-lambda goals while the
# plane that shell-lambda:start serves is up. Checks with the AWS CLI v2 (/usr/bin/aws; an `aws` first on
# PATH may be a pip v1), the plane's requests.log (one line per API call: time, operation, method, path,
# status) and target/shell-lambda-deploy.json / shell-lambda-plan.json. A failed check exits non-zero with
# a message (the build fails, and the invoker shows its log); a passed step prints "CHECK <step> ok".
set -euo pipefail
step=$1
started=$(date +%s%N)
target=target
requests=$target/shell-lambda-local/requests.log
marks=$target/it-marks
mkdir -p "$marks"
jq=${JQ:?JQ names the jq binary}
aws=/usr/bin/aws
[[ -x $aws ]] || { echo "FAILED $step: $aws (the AWS CLI v2, Debian's awscli) is missing: run scripts/setup-debian.sh"; exit 1; }

fail() { echo "FAILED $step: $*"; exit 1; }
endpoint() { cat "$target/shell-lambda-endpoint.txt"; }
cli() { "$aws" --endpoint-url "$(endpoint)" --region us-east-1 --cli-read-timeout 30 --cli-connect-timeout 10 lambda "$@"; }
# the operations of the write calls (anything but GET) in requests.log after the mark `$1` (a line count;
# a mark not taken yet: from the start)
writes_since() {
  local from=0
  [[ -f $marks/$1 ]] && from=$(cat "$marks/$1")
  [[ -f $requests ]] || return 0
  tail -n "+$((from + 1))" "$requests" | awk '$3 != "GET" { print $2 }' | paste -sd' ' -
}
# marks the end of requests.log: the next step's writes are the lines after it
mark() { if [[ -f $requests ]]; then wc -l < "$requests" | tr -d ' '; else echo 0; fi > "$marks/$1"; }
expect() { # expect WHAT ACTUAL EXPECTED
  [[ $2 == "$3" ]] || fail "$1 is '$2', expected '$3'"
}
# the alias as the CLI shows it: "1", or "1 + 2 at 0.1" with a canary (no weights and empty weights alike)
alias_routing() {
  cli get-alias --function-name deploy-lifecycle --name live --output json \
    | $jq -r '.FunctionVersion + ((.RoutingConfig.AdditionalVersionWeights // {}) | to_entries | map(" + \(.key) at \(.value)") | join(""))'
}
# the Function URL deploy printed, on this build's port (each build's plane listens on a new one)
url() {
  local u endpoint
  u=$($jq -r .functionUrl "$target/shell-lambda-deploy.json")
  endpoint=$(endpoint)
  echo "${u%:*}:${endpoint##*:}/"
}
# n GETs of the Function URL in one curl process (one keep-alive connection), one body per line
get_many() {
  local n=$1 u
  u=$(url)
  [[ $u == http://*.lambda-url.us-east-1.localhost:*/ ]] || fail "the Function URL is '$u'"
  for ((i = 0; i < n; i++)); do printf 'url = "%s"\nwrite-out = "\\n"\n' "$u"; done > "$marks/urls.cfg"
  curl -sS --max-time 120 -K "$marks/urls.cfg"
}
edit_handler() {
  sed -i "s/\"version [0-9]*\"/\"version $1\"/" src/main/shell/handler.sh
  grep -q "\"version $1\"" src/main/shell/handler.sh || fail "handler.sh was not changed"
}

case $step in
  first)
    expect "the writes in requests.log" "$(writes_since start)" \
      "PublishLayerVersion CreateFunction PublishVersion CreateAlias CreateFunctionUrlConfig AddPermission AddPermission"
    expect "deploy.json's writes" "$($jq -c .writes "$target/shell-lambda-deploy.json")" \
      '["PublishLayerVersion","CreateFunction","PublishVersion","CreateAlias","CreateFunctionUrlConfig","AddPermission","AddPermission"]'
    expect "deploy.json's changed and version" "$($jq -r '"\(.changed) \(.version) \(.alias)"' "$target/shell-lambda-deploy.json")" \
      "true 1 live"
    # the CLI calls in parallel (each is a Python start), their outputs checked after
    cli get-function --function-name deploy-lifecycle --output text --query \
      '[Configuration.State, Configuration.Runtime, Configuration.Handler, Configuration.Architectures[0], Configuration.Role, Configuration.Layers[0].Arn]' \
      > "$marks/function.txt" 2>&1 &
    cli list-layers --output text --query 'Layers[].[LayerName, LatestMatchingVersion.Version]' > "$marks/layers.txt" 2>&1 &
    cli list-versions-by-function --function-name deploy-lifecycle --output text --query 'Versions[].Version' \
      > "$marks/versions.txt" 2>&1 &
    alias_routing > "$marks/alias.txt" 2>&1 &
    cli get-function-url-config --function-name deploy-lifecycle --qualifier live --output text \
      --query '[AuthType, FunctionUrl, FunctionArn]' > "$marks/url.txt" 2>&1 &
    cli get-policy --function-name deploy-lifecycle --qualifier live --output text --query Policy \
      > "$marks/policy.txt" 2>&1 &
    wait
    expect "the function (State, Runtime, Handler, Architecture, Role, Layer)" "$(tr '\t' ' ' < "$marks/function.txt")" \
      "Active provided.al2023 handler.run x86_64 arn:aws:iam::000000000000:role/deploy-lifecycle arn:aws:lambda:us-east-1:000000000000:layer:shell-lambda-bootstrap-x86_64:1"
    expect "the layers" "$(tr '\t' ' ' < "$marks/layers.txt")" "shell-lambda-bootstrap-x86_64 1"
    expect "the versions" "$(tr '\t' ' ' < "$marks/versions.txt")" "\$LATEST 1"
    expect "the alias's version" "$(cat "$marks/alias.txt")" 1
    read -r auth furl farn < "$marks/url.txt" || true
    expect "the URL's auth type" "$auth" NONE
    expect "the URL" "$furl" "$($jq -r .functionUrl "$target/shell-lambda-deploy.json")"
    expect "the URL's function (on the alias)" "$farn" "arn:aws:lambda:us-east-1:000000000000:function:deploy-lifecycle:live"
    policy=$(cat "$marks/policy.txt")
    # both statements on the alias: InvokeFunctionUrl for auth type NONE, InvokeFunction via the URL
    $jq -e '[.Statement[] | select(.Action == "lambda:InvokeFunctionUrl" and .Principal == "*"
             and .Condition.StringEquals["lambda:FunctionUrlAuthType"] == "NONE"
             and (.Resource | endswith(":deploy-lifecycle:live")))] | length == 1' <<<"$policy" >/dev/null \
      || fail "no lambda:InvokeFunctionUrl statement for auth type NONE on the alias: $policy"
    $jq -e '[.Statement[] | select(.Action == "lambda:InvokeFunction" and .Principal == "*"
             and ((.Condition.Bool["lambda:InvokedViaFunctionUrl"] | tostring) == "true")
             and (.Resource | endswith(":deploy-lifecycle:live")))] | length == 1' <<<"$policy" >/dev/null \
      || fail "no lambda:InvokeFunction statement with InvokedViaFunctionUrl on the alias: $policy"
    # the URL answers, from version 1
    status=$(curl -sS --max-time 60 -o "$marks/answer.txt" -w '%{http_code}' "$(url)")
    expect "the URL's status" "$status" 200
    expect "the URL's answer" "$(cat "$marks/answer.txt")" "version 1"
    mark first
    ;;
  unchanged)
    expect "the writes in requests.log" "$(writes_since first)" ""
    expect "deploy.json (changed, writeCalls, writes, version)" \
      "$($jq -c '[.changed, .writeCalls, .writes, .version]' "$target/shell-lambda-deploy.json")" '[false,0,[],"1"]'
    # so no PublishVersion and no PublishLayerVersion: the version and the layer of the first deploy serve
    expect "the versions" "$(cli list-versions-by-function --function-name deploy-lifecycle --output text --query 'Versions[].Version' | tr '\t' ' ')" "\$LATEST 1"
    mark unchanged
    ;;
  handler-v2 | handler-v3 | handler-v4)
    edit_handler "${step#handler-v}"
    ;;
  canary)
    expect "the writes in requests.log" "$(writes_since unchanged)" "UpdateFunctionCode PublishVersion UpdateAlias"
    expect "deploy.json's writes" "$($jq -c .writes "$target/shell-lambda-deploy.json")" '["UpdateFunctionCode","PublishVersion","UpdateAlias"]'
    expect "the alias's routing" "$(alias_routing)" "1 + 2 at 0.1"
    # 1,000 requests on the URL: version 2 answers 6 to 14 % of them (10 % +- 4.2 standard deviations)
    get_many 1000 > "$marks/canary.txt"
    total=$(grep -c . "$marks/canary.txt" || true)
    v1=$(grep -cx 'version 1' "$marks/canary.txt" || true)
    v2=$(grep -cx 'version 2' "$marks/canary.txt" || true)
    expect "the number of answers" "$total" 1000
    expect "the answers from version 1 or 2" "$((v1 + v2))" 1000
    ((v2 >= 60 && v2 <= 140)) || fail "version 2 answered $v2 of 1000 requests; a 10% canary gives 60 to 140"
    echo "CANARY version 2 answered $v2 of 1000 requests"
    mark canary
    ;;
  promoted)
    expect "the writes in requests.log" "$(writes_since canary)" "UpdateAlias"
    expect "the alias (version, weights)" \
      "$(alias_routing)" \
      "2"
    expect "the answers" "$(get_many 20 | sort | uniq -c | sed 's/^ *//')" "20 version 2"
    mark promoted
    ;;
  rolledback)
    expect "the writes in requests.log" "$(writes_since promoted)" "UpdateAlias"
    expect "the alias (version, weights)" \
      "$(alias_routing)" \
      "1"
    expect "the answers" "$(get_many 20 | sort | uniq -c | sed 's/^ *//')" "20 version 1"
    mark rolledback
    ;;
  code-only)
    expect "the writes in requests.log" "$(writes_since rolledback)" "UpdateFunctionCode PublishVersion UpdateAlias"
    expect "deploy.json (writes, version)" "$($jq -c '[.writes, .version]' "$target/shell-lambda-deploy.json")" \
      '[["UpdateFunctionCode","PublishVersion","UpdateAlias"],"3"]'
    expect "the alias (version, weights)" \
      "$(alias_routing)" \
      "3"
    expect "the answers" "$(get_many 5 | sort | uniq -c | sed 's/^ *//')" "5 version 3"
    mark code-only
    ;;
  dry-run)
    expect "the writes in requests.log" "$(writes_since code-only)" ""
    expect "the plan's steps" "$($jq -c '[.changed, [.steps[].kind]]' "$target/shell-lambda-plan.json")" \
      '[true,["UPDATE_FUNCTION_CODE","PUBLISH_VERSION","UPDATE_ALIAS"]]'
    expect "the last deploy's result (untouched)" "$($jq -r .version "$target/shell-lambda-deploy.json")" 3
    expect "the alias's routing" "$(alias_routing)" 3
    expect "the answers" "$(get_many 5 | sort | uniq -c | sed 's/^ *//')" "5 version 3"
    mark dry-run
    ;;
  undeployed)
    expect "the writes in requests.log" "$(writes_since dry-run)" \
      "DeleteFunctionUrlConfig DeleteFunction DeleteLayerVersion"
    cli list-functions --output text --query 'length(Functions)' > "$marks/functions.txt" 2>&1 &
    cli list-layers --output text --query 'length(Layers)' > "$marks/layers.txt" 2>&1 &
    wait
    expect "the number of functions" "$(cat "$marks/functions.txt")" 0
    expect "the number of layers" "$(cat "$marks/layers.txt")" 0
    status=$(curl -sS --max-time 60 -o /dev/null -w '%{http_code}' "$(url)")
    expect "the removed URL's status (as Lambda answers an unknown URL)" "$status" 403
    mark undeployed
    ;;
  *)
    fail "no such step"
    ;;
esac
echo "CHECK $step ok ($((($(date +%s%N) - started) / 1000000)) ms)"
