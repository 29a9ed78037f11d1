#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, browser, type check, unit, integration,
# build, end-to-end. Used by `npm test` and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n== %s ==\n' "$1"; }

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
