run() {
  cat >/dev/null
  printf '{"statusCode":200,"body":"never deployed"}'
}
