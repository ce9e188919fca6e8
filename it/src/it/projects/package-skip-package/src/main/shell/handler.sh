run() {
  cat
}
