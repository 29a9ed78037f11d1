#!/usr/bin/env bash
# PostgreSQL and Redis for the tests (test/helpers/services.ts): when no server is reachable, the
# tests start private instances from Debian's packages, installed here when missing (as
# scripts/ensure-chromium.sh does for Chromium). Nothing is started here.
set -euo pipefail
missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing Debian's ${missing[*]} for the tests' private database and Redis" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# --no-install-recommends: the servers only; the tests start them themselves, in temp folders.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
