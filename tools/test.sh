#!/usr/bin/env bash
# Run every test: the physml unit tests, the exercise checks, the exercises/solutions sync test,
# and nbval on every notebook in book/, exercises/ and solutions/ (stored outputs are compared).
# Usage (from anywhere): bash tools/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# Installs what is missing; a no-op when tools/setup_and_build.sh has already run.
"$PY" -m pip install --disable-pip-version-check -q -r requirements.txt
"$PY" -m pytest tests book exercises solutions --nbval --nbval-current-env \
    --nbval-cell-timeout=600 -p no:cacheprovider "$@"
