# The two commands of the README: `make demo` and `make test`. Both build the
# environment first (only when requirements.lock changed).
.PHONY: env demo test lint bench

env:
	@scripts/setup
	@scripts/compile

demo: env
	.venv/bin/storytrace demo

lint: env
	.venv/bin/ruff check .
	.venv/bin/mypy

test: env lint
	@scripts/test-deps
	.venv/bin/pytest -q

bench: env
	@for b in bench/bench_*.py; do echo "== $$b"; .venv/bin/python $$b || exit 1; done
