"""Rewrite the stored notebooks in JupyterLab's byte form, without executing them.

    python tools/normalise_notebooks.py            # book/, solutions/, exercises/ in place
    python tools/normalise_notebooks.py --check    # exit 1 listing notebooks not in that form
    python tools/normalise_notebooks.py book/ch06_conservation.ipynb ...

A notebook opened in JupyterLab 4.4 and saved with no edit is rewritten by the browser and the
server (physml.notebooks.lab_normal_form: integral floats lose their ``.0``, the kernelspec's
display name becomes "Python 3 (ipykernel)"). Storing that form makes open-and-save a no-op, so a
student who keeps work in git, or an author who saves a chapter in Lab, sees no diff they did not
make. Measured on the 27 stored notebooks (JupyterLab 4.4.10, jupyter_server 2.17, jupytext's
contents manager, headless Chromium, open, wait for the kernel, Ctrl+S): before, every notebook
changed; after this rewrite, none did (the numbers are in the issue-16 closing note).

The plain-text twin of an authored notebook (book/*.py, solutions/*.py) carries the kernelspec
in its header, so it is rewritten too when it was in step with its notebook; a twin that differs
(edited since the last run) is left alone and named: run tools/execute.py on it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from physml.notebooks import (  # noqa: E402
    PAIRED,
    lab_normal_form,
    not_lab_normal,
    paired_text,
    text_pair,
    write_notebook,
    write_text_pair,
)

FOLDERS = ("book", "solutions", "exercises")


def stored_notebooks(root=ROOT):
    """Every stored notebook of the book: book/, solutions/ and exercises/ (checkpoints excluded)."""
    root = Path(root)
    return sorted(p for folder in FOLDERS for p in (root / folder).glob("*.ipynb"))


def normalise(path):
    """Rewrite one notebook (and its text twin when in step) in Lab's form. Returns what changed:
    a list of the files rewritten and, if the twin was left alone, a warning string."""
    path = Path(path)
    if path.suffix != ".ipynb" or not path.is_file():
        raise ValueError(f"path must be an existing .ipynb file, not {str(path)!r}")
    stored = path.read_text(encoding="utf-8")
    old = nbformat.reads(stored, as_version=4)
    text = lab_normal_form(old)
    changed, warning = [], None
    if text != stored:
        write_notebook(old, path)
        changed.append(str(path))
    pair = text_pair(path)
    if path.resolve().parent.name in PAIRED and pair.exists():
        new = nbformat.reads(text, as_version=4)
        want = paired_text(new)
        have = pair.read_text(encoding="utf-8")
        if have != want:
            if have == paired_text(old):
                write_text_pair(new, path)
                changed.append(str(pair))
            else:
                warning = f"{pair} differs from its notebook (edited?): left alone, run tools/execute.py"
    return changed, warning


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook in book/, solutions/, exercises/")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 listing the notebooks not in JupyterLab's form")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.notebooks] or stored_notebooks()
    if args.check:
        bad = not_lab_normal(paths)
        for p in bad:
            print(f"not in JupyterLab's form: {p}")
        print(f"{len(paths) - len(bad)} of {len(paths)} notebooks in JupyterLab's form")
        return 1 if bad else 0
    warned = 0
    for p in paths:
        changed, warning = normalise(p)
        for c in changed:
            print(f"rewritten  {c}")
        if warning:
            warned += 1
            print(f"WARNING    {warning}")
    return 1 if warned else 0


if __name__ == "__main__":
    sys.exit(main())
