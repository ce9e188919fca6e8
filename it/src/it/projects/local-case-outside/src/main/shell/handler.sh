run() {
  echo '{}'
}
