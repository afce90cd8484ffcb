#!/usr/bin/env bash
# Install the peer extractors at pinned versions. Idempotent: a stamp records the
# hash of each lock file, so a second run with nothing changed does no work.
#   Python: venv at bench/.venv, pins in bench/peers/requirements.txt (PyPI only).
#   Node:   bench/peers/node_modules from package.json + package-lock.json (npm ci).
# Needs python3 (>= 3.9, with venv) and node >= 20.19 with npm on PATH.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(dirname "$HERE")"
VENV="$BENCH/.venv"
PYTHON="${PYTHON:-python3}"
# pip older than 24 fails to resolve lxml[html-clean] requested twice with
# different extras (trafilatura and newspaper4k both do), so pip itself is pinned.
PIP_VERSION="26.3"

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# ---- Python peers -----------------------------------------------------------
py_stamp="$VENV/.peers-stamp"
py_want="$(hash_of "$HERE/requirements.txt" "$0")"
if [[ -x "$VENV/bin/python" && -f "$py_stamp" && "$(cat "$py_stamp")" == "$py_want" ]]; then
  echo "setup: python peers up to date ($VENV)"
else
  echo "setup: installing python peers into $VENV"
  [[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip==$PIP_VERSION"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  echo "$py_want" > "$py_stamp"
fi

# ---- Node peers -------------------------------------------------------------
node_stamp="$HERE/node_modules/.peers-stamp"
node_want="$(hash_of "$HERE/package.json" "$HERE/package-lock.json")"
if [[ -f "$node_stamp" && "$(cat "$node_stamp")" == "$node_want" ]]; then
  echo "setup: node peers up to date ($HERE/node_modules)"
else
  echo "setup: installing node peers into $HERE/node_modules"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$node_want" > "$node_stamp"
fi

"$VENV/bin/python" -c 'from importlib.metadata import version as v; print("setup: trafilatura", v("trafilatura"), "| newspaper4k", v("newspaper4k"))'
(cd "$HERE" && node -e 'console.log("setup: @mozilla/readability", require("@mozilla/readability/package.json").version, "| jsdom", require("jsdom/package.json").version, "| node", process.versions.node)')
