#!/usr/bin/env bash
# Run every test: ruff, the physml unit tests, the exercise checks, the exercises/solutions sync test,
# the stored-output hygiene tests, and nbval on every notebook in book/, exercises/ and solutions/
# (stored outputs are compared as physml/notebooks.py describes).
#
# The notebooks run under *perturbed numerics* (XLA limited to SSE4.2 on x86-64), a numerical
# environment deliberately different from the one that stored the outputs, so an output that
# depends on a CPU's last bits fails here, on the author's machine, not on a reader's.
# Usage (from anywhere): bash tools/test.sh [extra pytest arguments]
#   PERTURB=0 bash tools/test.sh   runs in the default environment instead
#   JOBS=1 bash tools/test.sh      runs one worker (default: 3 workers on the 2 cores: notebook kernels and
#                                  the browser do the work while their pytest workers wait; measured on a
#                                  fresh clone, 1305 s with 3 workers against 1434 s with 2). The longest
#                                  test files are handed out first (conftest.py, LONGEST_FIRST).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# Installs what is missing; a no-op when tools/setup_and_build.sh has already run.
"$PY" -m pip install --disable-pip-version-check -q -r requirements.txt
if [ "${PERTURB:-1}" != "0" ]; then
    eval "$("$PY" -m physml.notebooks --perturbed-env)"
    echo "perturbed numerics: XLA_FLAGS=${XLA_FLAGS:-<none: no perturbation on $(uname -m)>}"
fi
start=$(date +%s)
status=0
# The linter (configuration in pyproject.toml) on the package, tests, tools and notebooks.
"$PY" -m ruff check . || status=$?
"$PY" -m pytest tests book exercises solutions --nbval --nbval-current-env \
    --nbval-cell-timeout=600 -p no:cacheprovider -p no:benchmark \
    -n "${JOBS:-3}" --dist loadfile --no-loadscope-reorder --durations=15 "$@" || status=$?
echo "test command wall time: $(( $(date +%s) - start )) s"
exit $status
