greeting() {
  printf 'hello'
}
