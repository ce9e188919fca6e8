#!/usr/bin/env bash
# The local control plane's benchmark (BENCHMARKS.md, "Local control plane"): the overhead of an
# alias with routing over a plain $LATEST invoke (alternating blocks of 50, 1,000 each), and a
# deploy-sized sequence through the AWS SDK with the state delay at 0 (20 runs).
# Usage: scripts/bench-plane.sh [invocations]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n="${1:-1000}"
cd "$here"
mvn -q -pl shell-lambda-runtime test \
  -Dtest=ControlPlaneBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dshell-lambda.bench=true -Dshell-lambda.bench.n="$n" -DtrimStackTrace=false
