#!/usr/bin/env bash
# The main job, end to end on the embedded runtime (no Docker, no AWS account, no internet
# beyond Maven Central and Debian's mirror):
#   0. install what is missing (scripts/setup-debian.sh, only when its check finds something
#      missing: on a fresh Debian 12 machine run this as root or with sudo available)
#   1. build and install the plugin, its runtime and the archetype into ~/.m2
#   2. generate the sample project (the GitHub traffic aggregator) into target/demo
#   3. run its handler tests (mvn verify), offline, with upstream GitHub stubbed
#   4. invoke it once locally with the stubs of one test case, printing the JSON it returns
# jq comes from the setup script's static gojq (.tools/gojq/<arch>/jq), so nothing is downloaded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="${SHELL_LAMBDA_TOOLS:-$root/.tools}"
cd "$root"

if ! scripts/setup-debian.sh --check; then
  scripts/setup-debian.sh
fi
# The project's own version: the first <version> of the root POM (it has no parent).
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
jq_file="$tools/gojq/arm64/jq"

echo "demo: [1/4] building shell-lambda $version (tests skipped; scripts/test.sh runs them)"
mvn -q install -DskipTests -Dinvoker.skip=true -Darchetype.test.skip=true

demo="$root/target/demo"
rm -rf "$demo"; mkdir -p "$demo"
echo "demo: [2/4] generating the sample project into $demo/github-traffic"
(cd "$demo" && mvn -q archetype:generate -DinteractiveMode=false \
  -DarchetypeGroupId=io.github.shelllambda -DarchetypeArtifactId=shell-lambda-archetype \
  -DarchetypeVersion="$version" -DgroupId=com.example -DartifactId=github-traffic -Dversion=1.0.0-SNAPSHOT)

cd "$demo/github-traffic"
echo "demo: [3/4] mvn verify (handler tests on the embedded runtime)"
status=0; mkdir -p target
mvn verify -Dshell-lambda.jq.file="$jq_file" > target/verify.log 2>&1 || status=$?
grep -E "Built|PASS|FAIL|cost|emulat|BUILD" target/verify.log || true
if [ "$status" != 0 ]; then
  echo "demo: mvn verify failed; the whole log is in $demo/github-traffic/target/verify.log" >&2
  exit "$status"
fi
echo "demo: [4/4] mvn shell-lambda:invoke with the GitHub stubs of test case 'url-success'"
mvn shell-lambda:invoke -Dshell-lambda.jq.file="$jq_file" -Dshell-lambda.stubs=url-success \
  -Dshell-lambda.payload='{"repository": "octo-org/octo-repo"}'
