# Says which version answers: each build of the IT that changes the code raises the number with the
# version deploy publishes for it (the local plane runs every version with AWS_LAMBDA_FUNCTION_VERSION
# $LATEST, so the code says it).
run() {
  cat >/dev/null
  printf '{"statusCode":200,"body":"version 1"}'
}
