#!/usr/bin/env bash
# Starts Refinery on the embedded default (SQLite in ./data), installing and building first
# when needed. Config by env: PORT, HOST, DATA_DIR, MAX_MESSAGE_BYTES, LOG_LEVEL (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
DIST="${NEXT_DIST_DIR:-.next}"
if [ ! -f "$DIST/BUILD_ID" ] || [ -n "$(find app lib next.config.js package-lock.json -newer "$DIST/BUILD_ID" -print -quit)" ]; then
  npx next build
fi
# The server itself: bundled JavaScript (dist/server), rebuilt in well under a second when a source changed.
node scripts/build-server.mjs --if-stale
export NODE_ENV=production
exec node dist/server/index.cjs "$@"
