#!/usr/bin/env bash
# API contract: schemathesis over the whole OpenAPI schema, as the demo methodologist and as the
# demo director, against gunicorn on a throwaway SQLite database with the demo seeded. Fails on any server error or
# conformance failure (status codes, content types, response bodies against the schema, schema-violating requests
# accepted). Bounded: ST_MAX_EXAMPLES examples per operation and ST_TIMEOUT seconds per role.
#
# Two checks are left out, for reasons the schema cannot carry:
#   positive_data_acceptance — a request valid by the schema may still break a business rule the services check
#     (a school code that exists, an order date inside its school year's window): 400 with a Russian message is right;
#   ignored_auth — schemathesis varies the session cookie while the token header given here stays, so every request
#     it calls "unauthenticated" is in fact signed in; signed-out access to every API route is checked instead by the
#     permission matrix (tests/core/test_permission_matrix.py).
#
# What the response-schema check (response_schema_conformance, on by default) covers — the run of 07.12.2026
# (seed 1, 15 examples, 90 operations), printed "Selected: 90/90, Tested: 90", no operation errored, every
# failure count 0, for both roles:
#   - fuzzing: all 90 operations tested and passed under each role; every answer (2xx and the documented 4xx)
#     was checked against its schema;
#   - examples phase: 9 operations run, 81 "skipped" — that phase only replays examples written in the schema, and
#     drf-spectacular writes none for those 81; nothing is lost, fuzzing covers them (the coverage phase would
#     replace it, but was not tried here: its negative cases need a review of their own);
#   - operations whose SUCCESS body was never seen (only 403/404 answered, so only the error schema was checked):
#     POST /api/v1/risk-factors/ and PATCH /api/v1/risk-factors/{id}/ (the region's catalogue: administrators
#     only, and no administrator role runs here); PATCH /api/v1/indicators/{id}/ and
#     POST /api/v1/recommendations/{id}/dismiss/ (the methodologist drew only ids it cannot see: 404; the director
#     is refused: 403/404). The director's run adds 15 operations refused by role and 22 answered only 404 (ids
#     drawn at random); the methodologist reaches those. To close the gap: an admin token in the list below and
#     known ids per operation (schemathesis.toml, [[operations]] parameters) or the stateful phase — not done yet.
#
# gunicorn runs without its request-line limit so that an overlong query reaches Django and is judged there (400).
# Usage: scripts/api_contract.sh   (PORT, ST_MAX_EXAMPLES, ST_SEED, ST_TIMEOUT from the environment)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8190}
WORK=$(mktemp -d /tmp/api-contract.XXXXXX)
export DATABASE_URL="sqlite:///${WORK}/db.sqlite3" MEDIA_ROOT="${WORK}/media"
export SECRET_KEY="contract-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" DEBUG=0 ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 CELERY_BROKER_URL="" REDIS_CACHE_URL=""
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

.venv/bin/python manage.py collectstatic --noinput -v0  # production's manifest storage (the error pages need it)
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py seed_demo > /dev/null
.venv/bin/python manage.py shell -c "
from accounts.models import User
from accounts.tokens import issue_token
for email in ('metodist.dinskoy@demo.ru', 'director.school1@demo.ru'):
    print(email, issue_token(User.objects.get(email=email))[1])
" | grep '@' > "$WORK/tokens"

.venv/bin/gunicorn config.wsgi -b "127.0.0.1:${PORT}" -w 2 --timeout 60 --limit-request-line 0 --access-logfile /dev/null \
  --error-logfile "$WORK/gunicorn.log" &
SERVER_PID=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:${PORT}/healthz" > /dev/null 2>&1 && break; sleep 0.2; done

status=0
while read -r email token; do
  echo "== schemathesis as ${email}"
  timeout "${ST_TIMEOUT:-600}" .venv/bin/st run "http://127.0.0.1:${PORT}/api/schema/" \
    -H "Authorization: Token ${token}" --phases examples,fuzzing --max-examples "${ST_MAX_EXAMPLES:-15}" \
    --seed "${ST_SEED:-1}" --exclude-checks ignored_auth,positive_data_acceptance --request-timeout 30 \
    --no-color || status=1
done < "$WORK/tokens"
exit $status
