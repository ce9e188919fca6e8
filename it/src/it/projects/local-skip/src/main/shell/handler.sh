run() {
  echo '{"ok": true}'
}
