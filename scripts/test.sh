#!/usr/bin/env bash
# Runs the whole test suite (unit, page, API and browser tests). pytest's exit code 5 ("no tests
# collected") counts as a failure. Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q "$@"
code=$?
if [ "$code" = 5 ]; then
  echo "!! pytest не нашёл ни одного теста — это ошибка" >&2
  exit 1
fi
exit "$code"
