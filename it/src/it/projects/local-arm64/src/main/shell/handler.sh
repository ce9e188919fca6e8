run() {
  jq -c --arg m "$(uname -m)" '{hello: .name, machine: $m}'
}
