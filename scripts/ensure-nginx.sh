#!/usr/bin/env bash
# nginx for the load balancer test (test/cluster/load-balancer.test.ts), which runs
# deploy/nginx.conf in an nginx of its own: Debian's package, installed here when missing (as
# scripts/ensure-chromium.sh does for Chromium). Nothing is started here. Prints the binary's
# path; exits non-zero, saying why on stderr, when nginx is missing and cannot be installed (no
# apt, neither root nor password-less sudo): the test then skips with that reason.
# NGINX_PATH names another binary.
set -euo pipefail
find_nginx() {
  if [ -n "${NGINX_PATH:-}" ]; then
    [ -x "$NGINX_PATH" ] && echo "$NGINX_PATH"
  elif command -v nginx >/dev/null 2>&1; then
    command -v nginx
  elif [ -x /usr/sbin/nginx ]; then
    echo /usr/sbin/nginx
  fi
}
if [ -n "$(find_nginx)" ]; then find_nginx; exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "nginx not found${NGINX_PATH:+ at $NGINX_PATH}, and no apt-get to install it" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! sudo -n true 2>/dev/null; then
    echo "nginx not found${NGINX_PATH:+ at $NGINX_PATH}, and installing it needs root or password-less sudo" >&2
    exit 1
  fi
  SUDO="sudo"
fi
echo "nginx not found; installing Debian's nginx package for the load balancer test" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# --no-install-recommends: the binary only; the test writes its own config and starts nginx itself.
$SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null
if [ -z "$(find_nginx)" ]; then
  echo "nginx still not found${NGINX_PATH:+ at $NGINX_PATH} after installing Debian's package" >&2
  exit 1
fi
find_nginx
