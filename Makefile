# Two commands on a fresh machine: `make demo` and `make test`. Both set themselves up.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
HOME_DIR ?= .mailroom

.PHONY: demo test setup system-deps bench clean

demo: setup
	$(VENV)/bin/mailroom --home $(HOME_DIR) demo

test: setup
	$(VENV)/bin/lint-imports
	$(PY) -m pytest
	bash scripts/checkov.sh

bench: setup
	$(VENV)/bin/mailroom bench pipeline

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

clean:
	rm -rf $(VENV) $(HOME_DIR) .pytest_cache
