#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, browser, type check, unit, integration,
# build, end-to-end. Used by `npm test` and by .ci/run. Prints each step's seconds as it ends and
# a table of them at the end (also when a step fails), so a slow step shows where time goes.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

TIMES=()
CURRENT=""
STARTED=0
SUITE_STARTED=$SECONDS

end_step() {
  if [ -n "$CURRENT" ]; then
    local took=$((SECONDS - STARTED))
    TIMES+=("$(printf '%5d s  %s' "$took" "$CURRENT")")
    printf -- '-- %s: %d s\n' "$CURRENT" "$took"
  fi
  CURRENT=""
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

step "install"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
step "browser"
bash scripts/ensure-chromium.sh
step "typecheck"
npx tsc --noEmit
step "lint"
npx eslint . --max-warnings 0
step "import rules (cycles, lib/ as a stack, server/ and app/ apart)"
npm run -s lint:deps
step "format"
npx prettier --check . --log-level warn
step "services (PostgreSQL, Redis)"
bash scripts/ensure-services.sh
step "unit tests"
npm run -s test:unit
step "integration tests"
npm run -s test:integration
# One at a time: several of these measure what a good client sees while an attack runs, and a
# second attack test on the same two cores would be measured as part of it.
step "adversarial tests"
npm run -s test:adversarial
step "build"
npx next build
step "first-load JS per route (budgets for the board and the projector)"
npx tsx scripts/check-bundle.ts
step "end-to-end tests"
npx playwright test
