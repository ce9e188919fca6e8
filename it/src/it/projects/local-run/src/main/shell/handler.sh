GREETING="Hello"

run() {
  local event name
  event="$(cat)"
  if jq -e 'has("requestContext")' >/dev/null <<<"$event"; then
    name="$(jq -r '.queryStringParameters.name // "world"' <<<"$event")"
    jq -cn --arg m "$GREETING, $name" \
      '{statusCode: 200, headers: {"content-type": "application/json"}, body: ({message: $m} | tojson)}'
    return
  fi
  if jq -e '.upstream' >/dev/null <<<"$event"; then
    curl -sS "$QUOTES_URL/quote" | jq -c '{quote: .text}'
    return
  fi
  if jq -e '.env' >/dev/null <<<"$event"; then
    jq -cn --arg f "${FROM_ENV_FILE:-}" --arg k "${AWS_ACCESS_KEY_ID:-}" '{fromEnvFile: $f, accessKey: $k}'
    return
  fi
  if jq -e '.fail' >/dev/null <<<"$event"; then
    echo "asked to fail" >&2
    return 1
  fi
  jq -c --arg g "$GREETING" '{message: ($g + ", " + (.name // "world"))}' <<<"$event"
}
