# Soldiers Lab: the README's two set-up commands, `make demo` and `make test`.
# Each works on a fresh clone with nothing but python3.11: it makes .venv, installs
# the package with its dev extra, then runs. The install is redone only when
# pyproject.toml changes (the stamp file), so later runs start at once.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench install clean system-packages

# The main job: a library scenario played headless; prints its summary, writes trial-logs/<trial>/.
demo: $(STAMP)
	$(VENV)/bin/slab run port-night-shahed-wave

# Headless: pygame (cockpit, replay) must not look for a display or a sound card.
# pytest's exit code is make's: a failure, or no test collected (exit 5), fails the target.
test: $(STAMP) system-packages
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -q

# What the cockpit tests need from the OS: Xvfb (a real window, screenshotted) and Mesa's
# EGL + software OpenGL (the offscreen renderer). Installed only when missing.
SYSTEM_PACKAGES := xvfb libegl1 libgl1-mesa-dri libegl-mesa0
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing $$missing"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

bench: $(STAMP) system-packages
	$(VENV)/bin/slab bench physics
	$(VENV)/bin/slab bench trial
	$(VENV)/bin/slab bench env
	$(VENV)/bin/slab bench cockpit

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
