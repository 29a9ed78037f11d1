#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, browser, type check, unit, integration,
# build, end-to-end. Used by `npm test` and by .ci/run. Prints each step's seconds as it ends and
# a table of them at the end (also when a step fails), so a slow step shows where time goes.
#
# Steps that wait on different things run side by side (measured on the 2-core machine: see
# "Test suite time" in docs/DECISIONS.md): the single-threaded checks two at a time, and the
# production build beside the unit and integration tests. The adversarial tests run alone: they
# measure what a good client sees during an attack.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

TIMES=()
PARTS=()
CURRENT=""
STARTED=0
SUITE_STARTED=$SECONDS

end_step() {
  if [ -n "$CURRENT" ]; then
    local took=$((SECONDS - STARTED))
    TIMES+=("$(printf '%5d s  %s' "$took" "$CURRENT")" ${PARTS[@]+"${PARTS[@]}"})
    printf -- '-- %s: %d s\n' "$CURRENT" "$took"
  fi
  CURRENT=""
  PARTS=()
}
step() {
  end_step
  CURRENT="$1"
  STARTED=$SECONDS
  printf '\n== %s ==\n' "$1"
}
table() {
  local status=$?
  end_step
  printf '\n== time per step ==\n'
  printf '%s\n' "${TIMES[@]}"
  printf '%5d s  total%s\n' "$((SECONDS - SUITE_STARTED))" "$([ "$status" -eq 0 ] || echo " (failed)")"
}
trap table EXIT

# side_by_side NAME COMMAND [NAME COMMAND]...: runs the commands at once, each one's output kept
# aside and printed whole when all have ended (interleaved lines would be unreadable); each one's
# seconds go in the table under the step. Fails when any of them failed.
side_by_side() {
  local names=() logs=() pids=() failed=0 i rc took
  while [ $# -gt 0 ]; do
    local log
    log=$(mktemp)
    (
      started=$SECONDS
      if bash -c "$2" >"$log" 2>&1; then rc=0; else rc=$?; fi
      echo "$rc $((SECONDS - started))" >"$log.rc"
    ) &
    printf 'started: %s\n' "$1"
    names+=("$1")
    logs+=("$log")
    pids+=($!)
    shift 2
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || true
    read -r rc took <"${logs[$i]}.rc"
    printf '\n-- %s: %d s, exit %d --\n' "${names[$i]}" "$took" "$rc"
    cat "${logs[$i]}"
    PARTS+=("$(printf '%5d s      %s' "$took" "${names[$i]}")")
    rm -f "${logs[$i]}" "${logs[$i]}.rc"
    [ "$rc" -eq 0 ] || failed=1
  done
  return "$failed"
}

step "install"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
step "browser"
bash scripts/ensure-chromium.sh
step "services (PostgreSQL, Redis, nginx)"
bash scripts/ensure-services.sh
# Installed here, not while the integration tests load (apt takes ~17 s); its test says why it
# skips when nginx cannot be installed.
bash scripts/ensure-nginx.sh >/dev/null || echo "nginx unavailable: test/cluster/load-balancer.test.ts will skip"
# `next typegen` writes the route types the build would check (.next/types, in tsconfig's
# include), so tsc checks everything the build's own type check did: the build skips it below.
step "typecheck and lint, side by side"
side_by_side \
  "typecheck" "npx next typegen >/dev/null && npx tsc --noEmit" \
  "lint" "npx eslint . --max-warnings 0"
step "import rules and format, side by side"
side_by_side \
  "import rules (cycles, lib/ as a stack, server/ and app/ apart)" "npm run -s lint:deps" \
  "format" "npx prettier --check . --log-level warn"
step "build beside the unit and integration tests"
side_by_side \
  "build (types checked above)" "NEXT_SKIP_TYPECHECK=1 npx next build" \
  "unit tests, then integration tests" "npm run -s test:unit && npm run -s test:integration"
step "first-load JS per route (budgets for the board and the projector)"
npx tsx scripts/check-bundle.ts
# One at a time: several of these measure what a good client sees while an attack runs, and a
# second attack test on the same two cores would be measured as part of it.
step "adversarial tests"
npm run -s test:adversarial
step "end-to-end tests"
npx playwright test
