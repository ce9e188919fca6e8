#!/usr/bin/env bash
# The embedded runtime's overhead benchmark (BENCHMARKS.md, "Embedded runtime").
# Runs RuntimeOverheadBenchmark (shell-lambda-runtime test sources) with the real bootstrap:
# 1,000 invocations of a trivial bash handler through the Invoke API and through the Java API,
# then 2 concurrent clients. Usage: scripts/bench-runtime.sh [invocations]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n="${1:-1000}"
cd "$here"
mvn -q -pl shell-lambda-runtime test \
  -Dtest=RuntimeOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dshell-lambda.bench=true -Dshell-lambda.bench.n="$n" -DtrimStackTrace=false
out=shell-lambda-runtime/target/surefire-reports/io.github.shelllambda.runtime.bench.RuntimeOverheadBenchmark-output.txt
if [ -f "$out" ]; then grep -E '^\||throughput' "$out"; fi
