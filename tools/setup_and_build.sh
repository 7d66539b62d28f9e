#!/usr/bin/env bash
# Install everything the course needs, then build the website into _build/html.
# Usage (from anywhere): bash tools/setup_and_build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --disable-pip-version-check -q -r requirements.txt
# The site is built from the stored notebook outputs; warnings are errors (-W), references nitpicky (-n).
"$PY" -c "from jupyter_book.cli.main import main; main()" build -W -n --keep-going .
echo "Website built: $(pwd)/_build/html/index.html"
