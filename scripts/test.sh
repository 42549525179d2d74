#!/usr/bin/env bash
# Runs the test suite (docs/testing.md). Without arguments (`make test`): the tests outside tests/browser/ on
# pytest-xdist workers, then the browser tests in a pytest of their own (serial: Chromium and the live server do not
# compete with a busy worker, which keeps their waits far from Playwright's timeouts). With arguments: one pytest.
# TEST_WORKERS sets the workers (default auto, one per core; 0: no workers, in this process — the real Celery
# worker's stage needs that, its worker reads the database named test_<name>). pytest's exit code 5 ("no tests
# collected") counts as a failure; any failing run fails the script. The counts and the time are printed last.
set -uo pipefail
cd "$(dirname "$0")/.."
workers=${TEST_WORKERS:-auto}
started=$(date +%s)
status=0
passed=0
skipped=0
runs=0
color=()
[ -t 1 ] && color=(--color=yes)  # the output goes through tee: keep pytest's colours on a terminal
export PYTHONUNBUFFERED=1         # and its progress dots as they come
out=$(mktemp /tmp/portal-test-out.XXXXXX)
trap 'rm -f "$out"' EXIT

# run WORKERS ARGS... — one pytest; its output is shown as it comes and its counts are added up
run() {
  local n=$1 code
  shift
  runs=$((runs + 1))
  .venv/bin/python -m pytest -q -n "$n" "${color[@]}" "$@" 2>&1 | tee "$out"
  code=${PIPESTATUS[0]}
  if [ "$code" = 5 ]; then
    echo "!! pytest не нашёл ни одного теста — это ошибка" >&2
    code=1
  fi
  [ "$code" = 0 ] || status=1
  local last
  last=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^[= ]*[0-9]+ (passed|failed|skipped|error|deselected)' | tail -1)
  passed=$((passed + $(grep -oE '[0-9]+ passed' <<<"$last" | grep -oE '[0-9]+' || echo 0)))
  skipped=$((skipped + $(grep -oE '[0-9]+ skipped' <<<"$last" | grep -oE '[0-9]+' || echo 0)))
}

label="make test"
if [ "$#" -gt 0 ]; then
  label="scripts/test.sh $*"
  run "$workers" "$@"
else
  run "$workers" -m "not browser"
  run 0 -m browser
fi

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$label: $passed passed, $skipped skipped in $(( $(date +%s) - started )) s ($runs pytest runs, load $load)" \
  "— $([ "$status" = 0 ] && echo OK || echo FAILED)"
exit "$status"
