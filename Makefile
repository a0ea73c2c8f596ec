# One command to run the service, one to test it.  Everything installs from this repository's
# own files (requirements.lock pins every package); nothing downloads at run time.
SHELL := /bin/bash
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export SUNSHINE_HOME ?= ./var

.PHONY: install run test lint format train-ner eval bench-redact bench-search clean

$(BIN)/sunshine: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(BIN)/sunshine

install: $(BIN)/sunshine

## run: set up, migrate, load demo decisions, start the worker and serve on http://$(HOST):$(PORT)
run: install
	$(BIN)/sunshine init
	$(BIN)/sunshine demo --n 60
	@echo "Sunshine on http://$(HOST):$(PORT)  (search: /  API: /api/v1/decisions  review: /review  docs: /docs)"
	@$(BIN)/sunshine worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/sunshine serve --host $(HOST) --port $(PORT)

## test: the whole suite (PostgreSQL tests run when 127.0.0.1:5432 answers; CI requires them)
test: install
	$(BIN)/pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## train-ner: rebuild the bundled NER model from ../shared/datasets (+ synthetic decisions)
train-ner: install
	mkdir -p var/train
	$(BIN)/python -m sunshine.synth.ner_export --n 800 --seed 7 --out var/train/synth_ner.jsonl
	$(BIN)/python -m sunshine.synth.ner_export --n 150 --seed 99 --out var/train/synth_ner_eval.jsonl
	# the recipe of the shipped model (redact/models/MODEL_CARD.md); candidates with the trigram
	# recipe (redact/training/ner_trigram.cfg) are trained with the commands given there
	nice -n 5 $(BIN)/python -m redact.training.train --datasets ../shared/datasets \
	  --synthetic var/train/synth_ner.jsonl --out redact/models/zh_sunshine_ner --max-minutes 0 \
	  --set components.tok2vec.model.encode.width=96 --set training.dropout=0.2 --set training.max_steps=6000 \
	  --set 'training.optimizer.learn_rate={"@schedules":"warmup_linear.v1","initial_rate":0.002,"warmup_steps":250,"total_steps":12000}'
	$(BIN)/python -m redact.training.evaluate --datasets ../shared/datasets --synthetic var/train/synth_ner_eval.jsonl

eval: install
	$(BIN)/sunshine eval

bench-redact: install
	$(BIN)/python bench/redact.py

bench-search: install
	$(BIN)/python bench/search.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
