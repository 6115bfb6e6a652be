#!/usr/bin/env bash
# Install what the tests need and run the whole test suite: lint, format check, mypy --strict,
# the import contracts (import-linter), pytest
# (unit, property, rule, CLI, packaging, PNG-export, PostgreSQL and browser tests).
# This is the README's second Quick-start command, and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e ".[test]"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "Installing Debian's chromium and chromium-driver (PNG export and browser tests)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v nginx >/dev/null 2>&1; then
  echo "Installing Debian's nginx-light (the production front the tests and bench/public.py run)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi

if ! command -v initdb >/dev/null 2>&1 && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "Installing Debian's postgresql (the session tests run on a real server)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

ruff check .
ruff format --check .
python3 -m mypy
lint-imports
python3 -m pytest "$@"
