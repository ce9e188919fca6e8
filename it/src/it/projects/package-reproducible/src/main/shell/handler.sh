#!/bin/bash
# Sourced once at init; run is called per invocation.
source "${LAMBDA_TASK_ROOT:-.}/lib/util.sh"

run() {
  jq -c --arg greeting "$(greeting)" '{greeting: $greeting, input: .}'
}
