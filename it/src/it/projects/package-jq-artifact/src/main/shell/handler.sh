run() {
  jq -c .
}
