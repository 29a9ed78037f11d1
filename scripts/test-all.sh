#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, browser, type check, unit, integration,
# build, end-to-end. Used by `npm test` and by .ci/run. Prints each step's seconds as it ends and
# a table of them at the end (also when a step fails), so a slow step shows where time goes.
#
# The tests whose assertions are bounds in milliseconds run first, alone at normal priority: the
# attacks that time what a good client sees (test/adversarial/timed) and the SIGKILL durability
# test (test/timed). The build and the checks (lint, format, import rules, type check) run beside
# them in the idle scheduling class, on the core they leave. Then the end-to-end tests (on that
# build), the unit and then the integration tests (which mostly wait on sockets and child
# servers; the other attacks, on caps, refusals and what is kept, are among them) and the rest of
# the checks run side by side. Measured on the 2-core machine: "Test suite time" in
# docs/DECISIONS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

TIMES=()
PARTS=()
CURRENT=""
STARTED=0
SUITE_STARTED=$SECONDS
# Markers between lanes: built or failed (the build, for the type check and the e2e tests),
# timed-done (the timed tests, for the steps beside them), unit-done (the unit tests, for the e2e
# tests).
MARKS=$(mktemp -d)
export MARKS

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
  rm -rf "$MARKS"
  end_step
  printf '\n== time per step ==\n'
  printf '%s\n' "${TIMES[@]}"
  printf '%5d s  total%s\n' "$((SECONDS - SUITE_STARTED))" "$([ "$status" -eq 0 ] || echo " (failed)")"
}
trap table EXIT

# Lanes: commands that run at once, each one's output kept aside and printed whole when it has
# ended (interleaved lines would be unreadable); each one's seconds go in the table under the
# step that waits for it. `lane NAME COMMAND` starts one; `wait_lanes` waits for every lane
# started so far and fails when any of them failed.
LANE_NAMES=()
LANE_LOGS=()
LANE_PIDS=()
lane() {
  local log
  log=$(mktemp)
  (
    started=$SECONDS
    if bash -c "$2" >"$log" 2>&1; then rc=0; else rc=$?; fi
    echo "$rc $((SECONDS - started))" >"$log.rc"
  ) &
  printf 'started: %s\n' "$1"
  LANE_NAMES+=("$1")
  LANE_LOGS+=("$log")
  LANE_PIDS+=($!)
}
wait_lanes() {
  local failed=0 i rc took
  for i in "${!LANE_PIDS[@]}"; do
    wait "${LANE_PIDS[$i]}" || true
    read -r rc took <"${LANE_LOGS[$i]}.rc"
    printf '\n-- %s: %d s, exit %d --\n' "${LANE_NAMES[$i]}" "$took" "$rc"
    cat "${LANE_LOGS[$i]}"
    PARTS+=("$(printf '%5d s      %s' "$took" "${LANE_NAMES[$i]}")")
    rm -f "${LANE_LOGS[$i]}" "${LANE_LOGS[$i]}.rc"
    [ "$rc" -eq 0 ] || failed=1
  done
  LANE_NAMES=()
  LANE_LOGS=()
  LANE_PIDS=()
  return "$failed"
}
# Below the timed tests, the checks lane runs in the idle scheduling class (SCHED_IDLE: it gets a
# core only when nothing else wants it). Each of its steps runs as it is once the timed tests' end
# marker is there (`beside_timed`: and so never calls chrt where there is none); otherwise it
# enters that class and looks for the marker again, leaving the class if it is there by then, so
# a step that starts after the timed tests runs in the normal class at the lane's nice 10 (looking
# after entering: a step between the two when the marker appears is seen idle by `promote`). `promote
# PID` moves the step running at that moment, every process and thread below PID, back as well;
# it looks again while any of them is still idle-class (a process forked by a parent not yet
# moved), up to five times. Where the system refuses the move (an unprivileged user without
# RLIMIT_NICE, a container without CAP_SYS_NICE), only that one step stays idle-class: slower,
# not wrong.
promote() {
  local pass idle pid
  for pass in 1 2 3 4 5; do
    # One listing of every process (pid, parent, class); the lane's tree read from it.
    idle=$(ps -e -o pid=,ppid=,cls= | awk -v root="$1" '
      { parent[$1] = $2; class[$1] = $3 }
      END {
        for (pid in parent) {
          for (p = pid; p != "" && p != 0 && p != root; p = parent[p]) if (!(p in parent)) break
          if (p == root && class[pid] == "IDL") print pid
        }
      }')
    [ -n "$idle" ] || return 0
    for pid in $idle; do chrt --all-tasks --other --pid 0 "$pid" >/dev/null 2>&1 || true; done
    sleep 0.2
  done
}

step "install"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --prefer-offline
fi
step "browser"
bash scripts/ensure-chromium.sh
step "services (PostgreSQL, Redis, nginx)"
bash scripts/ensure-services.sh
# Installed here, not while the integration tests load (apt takes ~17 s); its test says why it
# skips when nginx cannot be installed.
bash scripts/ensure-nginx.sh >/dev/null || echo "nginx unavailable: test/cluster/load-balancer.test.ts will skip"
# The timed tests come first, alone at normal priority: they measure what a good client sees while
# an attack runs (latencies, waits and windows in ms) or that a SIGKILL loses nothing older than
# 100 ms, and another test at the same priority on these two cores would be measured as part of
# them. They keep about one core busy; the build and the checks, which assert nothing about time,
# take the other one in the idle scheduling class (`chrt --idle`: preempted whenever a normal
# task wants the core), so the rest of the suite starts with the build done. See "Eighth pass"
# under "Test suite time" in docs/DECISIONS.md for what the timed tests measured with and without
# it.
# The type check waits for the build: the build writes the route types (.next/types, in
# tsconfig's include) that tsc checks, and skips its own type check (NEXT_SKIP_TYPECHECK=1), so
# the project is type-checked once. The e2e lane starts on the build's marker (`failed` when the
# build did not finish).
CHECKS='status=0
   beside_timed() {
     if [ -e "$MARKS/timed-done" ]; then "$@"; return; fi
     chrt --idle 0 bash -c "[ -e \"\$MARKS/timed-done\" ] && chrt --other --pid 0 \$\$ 2>/dev/null; exec \"\$@\"" step "$@"
   }
   if beside_timed env NEXT_SKIP_TYPECHECK=1 npx next build; then touch "$MARKS/built"; else touch "$MARKS/failed"; status=1; fi
   beside_timed npx eslint . --max-warnings 0 || status=1
   beside_timed npx prettier --check . --log-level warn || status=1
   beside_timed npm run -s lint:deps || status=1
   if [ -e "$MARKS/built" ]; then beside_timed npx tsc --noEmit || status=1; else echo "type check skipped: the build failed"; status=1; fi
   exit $status'
if chrt --idle 0 true 2>/dev/null; then
  step "timed tests alone (attacks, SIGKILL durability); the build and the checks beside them, idle class"
  lane "build, then lint, format, import rules and the type check (idle class beside the timed tests, then nice 10)" \
    "renice -n 10 -p \$\$ >/dev/null; $CHECKS"
  CHECKS_LANE=${LANE_PIDS[0]}
  timed=0
  npm run -s test:timed || timed=$?
  touch "$MARKS/timed-done"
  promote "$CHECKS_LANE"
else
  # Without the idle class, anything beside the timed tests would be measured with them.
  step "timed tests alone (attacks, SIGKILL durability)"
  timed=0
  npm run -s test:timed || timed=$?
  touch "$MARKS/timed-done"
  lane "build, then lint, format, import rules and the type check (nice 10)" "renice -n 10 -p \$\$ >/dev/null; $CHECKS"
fi
# The e2e tests and the checks' rest at nice 10, the unit and integration tests at normal
# priority: those start dozens of real servers (~1.5 s of CPU each) that must be ready within
# 20 s, and otherwise mostly wait on sockets; the other lanes take what they leave. (At a load
# average of ~20 from other work, 23 of 34 integration files failed beside the e2e tests at equal
# priority, 3 of 34 with the e2e run at nice 10; "Test suite time, second pass" in DECISIONS.)
step "end-to-end tests, unit then integration tests, the checks' rest, side by side"
# The e2e tests start once the unit tests have ended: those keep both cores busy for their ~25 s,
# and pages at nice 10 beside them would get a tenth of a core, too little for a page to load
# within a test's 10 s.
lane "first-load JS per route (budgets for the board and the projector), then end-to-end tests" \
  'renice -n 10 -p $$ >/dev/null
   until [ -e "$MARKS/built" ] || [ -e "$MARKS/failed" ]; do [ -d "$MARKS" ] || exit 1; sleep 1; done
   if [ -e "$MARKS/failed" ]; then echo "end-to-end tests skipped: the build failed"; exit 1; fi
   npx tsx scripts/check-bundle.ts || exit 1
   until [ -e "$MARKS/unit-done" ]; do [ -d "$MARKS" ] || exit 1; sleep 1; done
   npx playwright test'
lane "unit tests, then integration tests" \
  'status=0
   npm run -s test:unit || status=1
   touch "$MARKS/unit-done"
   npm run -s test:integration || status=1
   exit $status'
lanes=0
wait_lanes || lanes=1
[ "$timed" -eq 0 ] || echo "the timed tests failed (exit $timed): their output is above"
[ "$timed" -eq 0 ] && [ "$lanes" -eq 0 ]
