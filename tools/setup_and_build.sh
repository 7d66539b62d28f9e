#!/usr/bin/env bash
# Install everything the course needs, then build the website into _build/html.
# Usage (from anywhere):
#   bash tools/setup_and_build.sh                   # the public site (students' practice notebooks)
#   bash tools/setup_and_build.sh --with-solutions  # an instructors' copy in _build/instructor/_build/html,
#                                                   # with the worked solutions added to each practice
#                                                   # and the exam question bank with worked answers
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --disable-pip-version-check -q -r requirements.txt
# The site is built from the stored notebook outputs; warnings are errors (-W), references nitpicky (-n).
jb() { "$PY" -c "from jupyter_book.cli.main import main; main()" "$@"; }
if [ "${1:-}" = "--with-solutions" ]; then
    # Built from a copy of the sources (_build/instructor/src): there each worked solution's figure
    # labels get the suffix "-solution", since its exercise, on the same site, defines the same labels.
    src=_build/instructor/src
    mkdir -p _build/instructor
    "$PY" - "$src" <<'PYEOF'
import re, shutil, sys
from pathlib import Path
import yaml
src = Path(sys.argv[1])
shutil.rmtree(src, ignore_errors=True)
shutil.copytree(".", src, ignore=shutil.ignore_patterns(".git", "_build", ".venv*", "__pycache__", "*.egg-info",
                                                       ".pytest_cache", ".ipynb_checkpoints"))
for nb in sorted((src / "solutions").glob("*.ipynb")):
    text = nb.read_text()
    labels = set(re.findall(r'"name": "((?:fig|tab|eq)-[\w-]+)"', text)) | set(re.findall(r":name: *([\w-]+)", text))
    for label in sorted(labels, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}-solution", text)
    nb.write_text(text)
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
yaml.safe_dump(toc, open(src / "_toc_instructor.yml", "w"), sort_keys=False)
PYEOF
    jb build -W -n --keep-going --toc "$(pwd)/$src/_toc_instructor.yml" --path-output "$(pwd)/_build/instructor" "$src"
    echo "Instructors' website built: $(pwd)/_build/instructor/_build/html/index.html"
else
    jb build -W -n --keep-going .
    echo "Website built: $(pwd)/_build/html/index.html"
fi
