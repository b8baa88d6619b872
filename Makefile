# CouncilStat tasks. `make help` lists them.
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin

.PHONY: help setup demo test lint bench assets clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

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

test: setup lint ## Set up, then run the linters and the whole test suite (SQLite, then PostgreSQL)
	$(BIN)/pytest
	DATABASE_URL=$$(bash scripts/ensure_postgres.sh) $(BIN)/pytest tests/integration -q

lint: setup ## ruff (style and bugs), import-linter (the layers) and mypy (types)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: setup ## Run every benchmark once (engine, pipeline, reports, pages) and print one table
	$(BIN)/python benchmarks/run.py

assets: ## Rebuild the committed GOV.UK Frontend CSS and JavaScript (needs npm)
	bash scripts/build_assets.sh

clean: ## Remove generated files (keeps .venv)
	rm -rf var .pytest_cache .ruff_cache .hypothesis
