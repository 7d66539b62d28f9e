#!/usr/bin/env bash
# Install everything the course needs, then build the website into _build/html.
# Usage (from anywhere):
#   bash tools/setup_and_build.sh                   # the public site (students' practice notebooks)
#   bash tools/setup_and_build.sh --with-solutions  # an instructors' copy in _build/instructor/html,
#                                                   # with the worked solutions added to each practice
#                                                   # and the exam question bank with worked answers
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --disable-pip-version-check -q -r requirements.txt
# The site is built from the stored notebook outputs; warnings are errors (-W), references nitpicky (-n).
jb() { "$PY" -c "from jupyter_book.cli.main import main; main()" "$@"; }
if [ "${1:-}" = "--with-solutions" ]; then
    toc=_build/_toc_instructor.yml
    mkdir -p _build
    "$PY" - "$toc" <<'PYEOF'
import sys, yaml
toc = yaml.safe_load(open("_toc.yml"))
for part in toc["parts"]:
    for chapter in part["chapters"]:
        for section in list(chapter.get("sections", [])):
            if section["file"].startswith("exercises/"):
                i = chapter["sections"].index(section)
                chapter["sections"].insert(i + 1, {"file": section["file"].replace("exercises/", "solutions/")})
    for chapter in part["chapters"]:
        if chapter["file"] == "book/instructors":  # the marking rubrics and the exam question bank
            chapter.setdefault("sections", []).append({"file": "solutions/marking_and_exams"})
yaml.safe_dump(toc, open(sys.argv[1], "w"), sort_keys=False)
PYEOF
    jb build -W -n --keep-going --toc "$toc" --path-output _build/instructor .
    echo "Instructors' website built: $(pwd)/_build/instructor/_build/html/index.html"
else
    jb build -W -n --keep-going .
    echo "Website built: $(pwd)/_build/html/index.html"
fi
