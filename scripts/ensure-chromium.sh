#!/usr/bin/env bash
# Playwright cannot download its own browsers here; use Debian's, installing what is missing:
# chromium (bench:board, screenshots) and chromium-headless-shell (the end-to-end tests; see
# e2e/chromium.ts). With CHROMIUM_PATH set, that one browser is used for both: an existing one is
# all that is checked, and a missing one is installed only when it is one of Debian's two paths.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] && exit 0
  case "$CHROMIUM_PATH" in
    /usr/bin/chromium | /usr/bin/chromium-headless-shell) ;; # Debian's: installed below
    *)
      echo "Chromium not found at CHROMIUM_PATH=$CHROMIUM_PATH" >&2
      exit 1
      ;;
  esac
fi
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian's ${missing[*]} (not found in /usr/bin)" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
for exe in /usr/bin/chromium /usr/bin/chromium-headless-shell; do
  [ -x "$exe" ] || { echo "Still missing after apt-get: $exe" >&2; exit 1; }
done
