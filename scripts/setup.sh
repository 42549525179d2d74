#!/usr/bin/env bash
# Installs what the portal needs on Debian 12 with Python 3.11: system libraries (as root), a virtual
# environment with pinned packages. Idempotent: a stamp file skips pip when nothing changed.
# Usage: scripts/setup.sh [--browser]   (--browser also installs Debian's chromium for browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

# --- system packages (WeasyPrint: pango, harfbuzz subset, fonts; the report tests read PDFs with poppler's pdftotext;
# browser tests: chromium) ---
pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
[ "$want_browser" = 1 ] && pkgs+=(chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! Не хватает системных пакетов: ${missing[*]} — установите их: sudo apt-get install ${missing[*]}" >&2
  fi
fi

# --- Python virtual environment ---
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> $PY -m venv .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed
want="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> pip install -c constraints.txt -e .[dev]"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e '.[dev]'
  echo "$want" > "$stamp"
fi

# axe-core for the accessibility browser tests (tests/browser/test_accessibility.py): the npm registry's package,
# unpacked under .cache/ and injected by the tests from the disk (no CDN)
AXE_VERSION=4.14.1
AXE_DIR=.cache/axe-core-$AXE_VERSION
if [ ! -f "$AXE_DIR/axe.min.js" ] && command -v npm >/dev/null; then
  echo "==> npm pack axe-core@$AXE_VERSION"
  mkdir -p .cache
  (cd .cache && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar -xzf "axe-core-$AXE_VERSION.tgz" \
    && rm -rf "axe-core-$AXE_VERSION" && mv package "axe-core-$AXE_VERSION" && rm "axe-core-$AXE_VERSION.tgz")
fi
