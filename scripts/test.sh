#!/usr/bin/env bash
# Runs every test of the resource centre, installing first what the tests need:
# the Python package with its test extras, Debian's chromium (browser tests),
# and the npm packages of package.json (lunr for the search harness, axe-core, vnu-jar).
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -k search
set -euo pipefail
cd "$(dirname "$0")/.."

# The Python side lives in .venv/ (Debian's python3 refuses system-wide pip installs).
. scripts/venv.sh
obs_venv test

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ -f package.json ] && grep -q vnu-jar package.json; then
  command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Il manque ${need_apt[*]} : sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi
# npm packages, again only when package-lock.json changed.
lock_digest="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.observatoire-installed 2>/dev/null)" != "$lock_digest" ]; then
  npm ci --silent --no-audit --no-fund
  echo "$lock_digest" > node_modules/.observatoire-installed
fi

exec python -m pytest "$@"
