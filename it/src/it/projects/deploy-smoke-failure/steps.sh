#!/usr/bin/env bash
# The change of the smoke-test IT, run by exec:exec@configurable-greeting before its second deploy: the
# greeting becomes a setting. The test case sets GREETING, so the local test (in the package phase deploy
# runs first) passes; the deployed function has no GREETING, so the smoke test on the new version fails.
set -euo pipefail
sed -i "s/printf '{\"greeting\":\"hello\"}'/printf '{\"greeting\":\"%s\"}' \"\${GREETING:-}\"/" src/main/shell/handler.sh
grep -q GREETING src/main/shell/handler.sh || { echo "FAILED: handler.sh was not changed"; exit 1; }
echo "CHECK configurable-greeting ok"
