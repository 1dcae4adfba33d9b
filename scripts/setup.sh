#!/usr/bin/env bash
# Set up jixiao in ./.venv on a fresh Debian machine with Python 3.11 (run as root or with sudo).
# Idempotent: a second run only checks that everything is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "需要 Python 3.11 或更新版本 (python3 not found or too old)" >&2
  exit 2
fi

apt_install() {
  # Debian packages the project needs; skipped when already present.
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    local SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

mapfile -t APT_PACKAGES < <(grep -v '^\s*#' scripts/apt-packages.txt | grep -v '^\s*$' || true)
if [ ${#APT_PACKAGES[@]} -gt 0 ]; then
  apt_install "${APT_PACKAGES[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv
    "$PY" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/hashed.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,native]'
# the auditor's modules compiled with mypyc for these sources (about a minute; reused while the sources are
# unchanged); if it cannot be built the plain Python modules are used, with the same results
.venv/bin/python scripts/build_native.py || echo "提示：审核模块未能编译，将以纯 Python 运行（结果相同，较慢）" >&2
