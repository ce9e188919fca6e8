#!/usr/bin/env bash
# The deploy benchmark (BENCHMARKS.md, "Deploy"): whole deploys against the local control plane
# with its state delay at 0, excluding Maven's start and packaging: first deploy, unchanged deploy,
# code change with a 10% canary, with the API calls each made. Usage: scripts/bench-deploy.sh [runs]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n="${1:-15}"
cd "$here"
mvn -q -pl shell-lambda-runtime,shell-lambda-maven-plugin test \
  -Dtest=DeployBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dshell-lambda.bench=true -Dshell-lambda.bench.n="$n" -DtrimStackTrace=false
out=shell-lambda-maven-plugin/target/surefire-reports/io.github.shelllambda.plugin.deploy.DeployBenchmark-output.txt
if [ -f "$out" ]; then grep -E '^\|' "$out"; fi
