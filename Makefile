# Quick start: `make run` (set up and start the portal with demo data) and `make test` (the whole suite).
.PHONY: run test setup lint deadcode migrations-check clean

VENV := .venv
PY := $(VENV)/bin/python
RUN_ENV := DEBUG=1

setup:
	@scripts/setup.sh

run: setup
	@$(RUN_ENV) $(PY) manage.py migrate --noinput -v0
	@$(RUN_ENV) $(PY) manage.py seed_demo
	@$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo
	@echo "==> Портал: http://127.0.0.1:8000  (вход — демо-пользователи выше; Ctrl+C — остановить)"
	@$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test:
	@scripts/setup.sh --browser
	@scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/vulture

# dead code: configuration [tool.vulture] in pyproject.toml, entry points vulture cannot see in
# scripts/vulture_whitelist.py
deadcode: setup
	$(VENV)/bin/vulture

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

# Benchmarks are run one by one, each with the database it needs: see bench/README.md.

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
