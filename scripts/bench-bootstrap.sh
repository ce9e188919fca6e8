#!/usr/bin/env bash
# Benchmarks the native bootstrap against a reference bash+curl bootstrap (written after the AWS
# custom-runtime tutorial, fixed to carry large bodies) on this machine, in one run, against the
# loopback Runtime API test server. Prints a Markdown table with ratios and the machine.
#
#   scripts/bench-bootstrap.sh [WARM_INVOCATIONS [REFERENCE_WARM_INVOCATIONS]]
#   scripts/bench-bootstrap.sh --compare OTHER_BOOTSTRAP [COLD_STARTS [WARM_INVOCATIONS]]
#
# Defaults: 500 warm invocations for the bootstrap, 100 for the reference. --compare measures
# this build against another build of the bootstrap (e.g. one built from an older commit with
# `make -C shell-lambda-runtime/src/main/c OUT=/tmp/old native`) in one run: cold start (spawn to
# first GET /next, spawn to first response), warm round trips, and the delayed-ACK case (a
# server with Nagle on writing head and body in two segments); defaults 151 cold starts, 400
# warm invocations. Needs curl, and a
# built module (this script runs `mvn -pl shell-lambda-runtime test-compile` first; set
# MVN_ARGS=-o to build offline). Takes about two minutes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v curl >/dev/null || { echo "the reference bootstrap needs curl (Debian: apt-get install curl)" >&2; exit 1; }
case $(uname -m) in
  x86_64) arch=linux-x86_64 ;;
  aarch64) arch=linux-arm64 ;;
  *) echo "the bootstrap runs on x86_64 or aarch64 only, not $(uname -m)" >&2; exit 1 ;;
esac

# shellcheck disable=SC2086 # MVN_ARGS is a list of options
mvn -q ${MVN_ARGS:-} -pl shell-lambda-runtime test-compile
module=$root/shell-lambda-runtime
# A fixed, pre-touched heap: the test server allocates a fresh array per megabyte event, and a heap
# still growing into new pages makes the harness pay a page fault per 4 KiB (expensive in a VM),
# which both sides would pay and which would compress the ratios (BENCHMARKS.md).
ours=$module/target/classes/META-INF/shell-lambda/bootstrap/$arch/bootstrap
if [[ ${1:-} == --compare ]]; then
  [[ -x ${2:-} ]] || { echo "--compare needs the path of another bootstrap binary" >&2; exit 1; }
  set -- --compare "$ours" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")" "${3:-151}" "${4:-400}"
else
  set -- "$ours" "${1:-500}" "${2:-100}"
fi
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$module/target/test-classes:$module/target/classes" \
  io.github.shelllambda.runtime.bootstrap.BootstrapBenchmark "$@"

echo
echo "Machine: $(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
lscpu | grep -E '^(Architecture|Model name|CPU\(s\)|Thread|Core|Socket|CPU max MHz|L2 cache|L3 cache)' | sed 's/^/    /'
