# CouncilStat tasks. `make help` lists them.
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin

.PHONY: help setup demo serve-production test lint bench bench-load assets clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: ## Install what the project needs into .venv (idempotent)
	@bash scripts/setup.sh

demo: setup ## Set up, load the demonstration council and serve it on http://127.0.0.1:8000
	@mkdir -p var
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py load_demo
	@$(BIN)/councilstat demo --output var/demo-report-2019-20-Q2.html > /dev/null
	@echo "The Q2 2019/20 report is also in var/demo-report-2019-20-Q2.html"
	@echo "Serving on http://127.0.0.1:8000/ (Ctrl+C to stop)"
	@$(BIN)/python manage.py runserver 127.0.0.1:8000

serve-production: setup ## Serve on http://127.0.0.1:8000 as production does (PostgreSQL, Redis, gunicorn; no HTTPS)
	@bash scripts/serve_production.sh

test: setup lint ## Set up, then run the linters and the whole test suite (SQLite, then PostgreSQL)
	REDIS_URL=$$(bash scripts/ensure_redis.sh) $(BIN)/pytest
	DATABASE_URL=$$(bash scripts/ensure_postgres.sh) REDIS_URL=$$(bash scripts/ensure_redis.sh) $(BIN)/pytest tests/integration tests/security -q

lint: setup ## ruff (style and bugs), import-linter (the layers) and mypy (types)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: setup ## Run every benchmark once (engine, pipeline, reports, pages, import, load) and print one table
	$(BIN)/python benchmarks/run.py

bench-load: setup ## Quarter end under load: locust against gunicorn, PostgreSQL and Redis, then SQLite
	$(BIN)/python benchmarks/bench_load.py

assets: ## Rebuild the committed GOV.UK Frontend CSS and JavaScript (needs npm)
	bash scripts/build_assets.sh

clean: ## Remove generated files (keeps .venv)
	rm -rf var .pytest_cache .ruff_cache .hypothesis
