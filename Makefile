# One command runs lint and tests the same way here and in CI (.ci/run calls `make check`).
.PHONY: check lint test run bench

check: lint test

lint:
	python -m ruff check .

test:
	python -m pytest -q

run:
	python -m streamlit run dashboard.py

bench:
	python benchmarks/extract_speed.py
	python benchmarks/hostile_inputs.py
	python benchmarks/store_scale.py
	python benchmarks/export_speed.py
	python benchmarks/dashboard_load.py
	python benchmarks/readers_speed.py
