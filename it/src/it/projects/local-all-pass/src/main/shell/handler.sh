# Sourced once per execution environment; `run` is called per invocation.
GREETING="${GREETING:-Hi}"

# A Function URL request (payload format 2.0) -> a response object the front door turns into HTTP.
http() {
  local event="$1" method path body name
  method="$(jq -r '.requestContext.http.method' <<<"$event")"
  path="$(jq -r '.rawPath' <<<"$event")"
  case "$method $path" in
    "GET /hello")
      name="$(jq -r '.queryStringParameters.name // "world"' <<<"$event")"
      jq -cn --arg m "$GREETING, $name" \
        '{statusCode: 200, headers: {"content-type": "application/json"}, body: ({message: $m} | tojson)}'
      ;;
    "POST /echo")
      if [ "$(jq -r '.isBase64Encoded' <<<"$event")" = "true" ]; then
        body="$(jq -r '.body' <<<"$event" | base64 -d)"
      else
        body="$(jq -r '.body' <<<"$event")"
      fi
      jq -cn --arg b "$body" --arg ua "$(jq -r '.headers["x-client"] // ""' <<<"$event")" \
        '{statusCode: 201, headers: {"content-type": "application/json", "x-echo": "yes"},
          body: ({received: ($b | fromjson), client: $ua} | tojson)}'
      ;;
    *)
      jq -cn --arg p "$path" '{statusCode: 404, headers: {"content-type": "text/plain"}, body: ("no route " + $p)}'
      ;;
  esac
}

run() {
  local event name
  event="$(cat)"
  if jq -e 'has("requestContext")' >/dev/null <<<"$event"; then
    http "$event"
    return
  fi
  name="$(jq -r '.name // "world"' <<<"$event")"
  case "$name" in
    boom)
      echo "boom requested by the event" >&2
      return 3
      ;;
    text)
      printf 'plain text, %s\n' "$GREETING"
      ;;
    *)
      echo "greeting $name" >&2
      jq -cn --arg m "$GREETING, $name" --arg n "$name" --arg extra "${EXTRA:-}" \
        '{message: $m, name: $n, length: ($n | length), extra: $extra}'
      ;;
  esac
}
