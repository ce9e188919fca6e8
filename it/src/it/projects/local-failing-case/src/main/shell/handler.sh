run() {
  local name
  name="$(jq -r '.name')"
  echo "about to greet $name" >&2
  jq -cn --arg n "$name" '{message: ("Hello, " + $n), items: [1, 2]}'
}
