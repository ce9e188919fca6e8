#!/usr/bin/env bash
# GitHub traffic aggregator: views and clones of a repository over the last 14 days,
# shaped into one JSON document.
#
# Invoked directly:   {"repository": "owner/name"}          -> the JSON, or a function error
#                                                             (errorType Input.Invalid,
#                                                             Repository.NotFound or Upstream.Failed)
# Behind a Function URL (payload 2.0): GET /?repo=owner/name -> 200 with the JSON,
#                                                             400 / 404 / 502 with {"error": ...}
#
# lambda_http and lambda_error come with the shell-lambda bootstrap (its toolkit, defined before
# this file is sourced): responses and error messages are escaped by it, not by hand.
# Without either, DEFAULT_REPOSITORY is used when set.
#
# Environment: GITHUB_TOKEN (optional, needs the repository's push access for traffic data),
# GITHUB_API_URL (default https://api.github.com; tests point it at a stub), DEFAULT_REPOSITORY.
#
# This file is sourced once per execution environment; `run` is called per invocation, in a
# fresh subshell: variables it sets do not carry over to the next invocation.
set -euo pipefail

GITHUB_API_URL="${GITHUB_API_URL:-https://api.github.com}"
GITHUB_API_URL="${GITHUB_API_URL%/}"

run() {
  local event repo="" via_url=false
  event=$(cat)

  if ! jq -e . >/dev/null 2>&1 <<<"$event"; then
    fail 400 Input.Invalid "the event is not valid JSON; send {\"repository\": \"owner/name\"}"
  fi
  if jq -e 'type == "object" and .version == "2.0" and (.requestContext.http | type == "object")' \
      >/dev/null <<<"$event"; then
    via_url=true
    repo=$(jq -r '.queryStringParameters.repo // ""' <<<"$event")
  else
    repo=$(jq -r 'if type == "object" then (.repository // "") | tostring else "" end' <<<"$event")
  fi
  repo="${repo:-${DEFAULT_REPOSITORY:-}}"

  if [[ -z "$repo" ]]; then
    fail 400 Input.Invalid "no repository given: invoke with {\"repository\": \"owner/name\"} or call the URL with ?repo=owner/name"
  fi
  if [[ ! "$repo" =~ ^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$ ]]; then
    fail 400 Input.Invalid "'$repo' is not a repository name of the form owner/name"
  fi

  local views clones
  views=$(mktemp) clones=$(mktemp)
  github "/repos/$repo/traffic/views" "$views"
  github "/repos/$repo/traffic/clones" "$clones"

  local result
  result=$(jq -n --arg repository "$repo" --slurpfile v "$views" --slurpfile c "$clones" '
    def day: .timestamp[0:10];
    $v[0] as $v | $c[0] as $c |
    ([$v.views[]? | {key: day, value: {views: .count, unique_visitors: .uniques}}] | from_entries) as $vd
    | ([$c.clones[]? | {key: day, value: {clones: .count, unique_cloners: .uniques}}] | from_entries) as $cd
    | {
        repository: $repository,
        total_views: ($v.count // 0),
        unique_visitors: ($v.uniques // 0),
        total_clones: ($c.count // 0),
        unique_cloners: ($c.uniques // 0),
        days: ([$vd, $cd | keys[]] | unique | map(
          {date: ., views: ($vd[.].views // 0), unique_visitors: ($vd[.].unique_visitors // 0),
           clones: ($cd[.].clones // 0), unique_cloners: ($cd[.].unique_cloners // 0)}))
      }')
  rm -f "$views" "$clones"

  if [[ "$via_url" == true ]]; then
    printf '%s' "$result" | lambda_http 200 -H 'Content-Type: application/json'
  else
    printf '%s\n' "$result"
  fi
}

# github PATH FILE: writes the upstream JSON answer to FILE, or fails with the status it maps to.
# (Not called in $(...): `fail` must end the invocation, not a command substitution.)
github() {
  local path="$1" body="$2" status rc=0
  local curl_args=(--silent --show-error --max-time "$(time_budget)"
    --header 'Accept: application/vnd.github+json' --header 'X-GitHub-Api-Version: 2022-11-28'
    --output "$body" --write-out '%{http_code}')
  if [[ -n "${GITHUB_TOKEN:-}" ]]; then
    # The token goes through a file descriptor, never on the command line or in the log.
    status=$(curl "${curl_args[@]}" --header @<(printf 'Authorization: Bearer %s\n' "$GITHUB_TOKEN") \
      "$GITHUB_API_URL$path" 2>/dev/null) || rc=$?
  else
    status=$(curl "${curl_args[@]}" "$GITHUB_API_URL$path" 2>/dev/null) || rc=$?
  fi
  local answer; answer=$(cat "$body")

  if (( rc == 28 )); then
    fail 502 Upstream.Failed "GitHub API did not answer $path in time (curl timed out)"
  elif (( rc != 0 )); then
    fail 502 Upstream.Failed "GitHub API could not be reached for $path (curl exit $rc)"
  fi
  case "$status" in
    2??) ;;
    404) fail 404 Repository.NotFound "repository $repo not found on GitHub (or the token cannot see it)";;
    401|403) fail 502 Upstream.Failed "GitHub API refused access ($status: $(message_of "$answer")); set GITHUB_TOKEN to a token with push access to the repository";;
    *) fail 502 Upstream.Failed "GitHub API answered $status for $path: $(message_of "$answer")";;
  esac
  if ! jq -e 'type == "object"' >/dev/null 2>&1 <<<"$answer"; then
    fail 502 Upstream.Failed "GitHub API answered $path with something that is not a JSON object"
  fi
}

message_of() {
  jq -r '.message // "no message"' 2>/dev/null <<<"$1" || printf 'no message'
}

# Seconds curl may take: what is left before the invocation's deadline, less a margin for jq.
time_budget() {
  local now left
  now=$(date +%s%3N)
  left=$(( ${LAMBDA_RUNTIME_DEADLINE_MS:-$(( now + 10000 ))} - now - 500 ))
  (( left < 1000 )) && left=1000
  printf '%d.%03d' $(( left / 1000 )) $(( left % 1000 ))
}

# fail STATUS TYPE MESSAGE: behind a Function URL, an HTTP answer with that status and
# {"error": MESSAGE}; invoked directly, a function error of that type (lambda_error ends the
# invocation).
fail() {
  local status="$1" type="$2" message="$3"
  if [[ "${via_url:-false}" == true ]]; then
    printf '{"error":%s}' "$(lambda_json_string "$message")" |
      lambda_http "$status" -H 'Content-Type: application/json'
    exit 0
  fi
  lambda_error "$type" "$message"
}
