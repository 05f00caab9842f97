# Soldiers Lab: the README's two set-up commands, `make demo` and `make test`.
# Each works on a fresh clone with nothing but python3.11: it makes .venv, installs
# the package with its dev extra, then runs. The install is redone only when
# pyproject.toml changes (the stamp file), so later runs start at once.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench install clean

# The main job: a library scenario played headless; prints its summary, writes trial-logs/<trial>/.
demo: $(STAMP)
	$(VENV)/bin/slab run port-night-shahed-wave

# Headless: pygame (cockpit, replay) must not look for a display or a sound card.
# pytest's exit code is make's: a failure, or no test collected (exit 5), fails the target.
test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -q

bench: $(STAMP)
	$(VENV)/bin/slab bench physics
	$(VENV)/bin/slab bench trial

install: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# stable-baselines3 needs torch: pin it first, so pip takes the CPU build (on this
# machine's disk) instead of resolving a multi-GB CUDA build for the package.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info
