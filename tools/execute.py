"""Execute notebooks in place, storing their outputs (for authors), and report the time of each.

    python tools/execute.py book/ch01_loss_landscapes.ipynb solutions/*.ipynb

Chapters and solutions are paired with a plain-text twin (``book/ch01_loss_landscapes.py``,
jupytext's py:percent format) so that a change reads as a diff in review. Edit either: when the
``.py`` is newer, its cells are executed; both files are written back.

Before storing anything it checks that the notebook kernel imports this checkout's ``physml``
(not an editable install of another clone), runs the notebook a second time under perturbed
numerics (physml.notebooks.perturbed_environment) and refuses to store it if anything the tests
compare differs between the two runs, or if an output holds an error, a warning, a traceback or
a machine path. ``--no-verify`` skips the second run (quicker while drafting; the test command
will still catch a fragile output). Notebooks are stored in JupyterLab's own byte form
(physml.notebooks.write_notebook), so that opening and saving one in Lab changes nothing.

Exercises are regenerated and executed with ``python -m physml.exercises``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from physml.notebooks import PAIRED, fold_hidden_inputs, read_authored, run_and_verify, write_notebook, write_text_pair  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--no-verify", action="store_true",
                        help="skip the run under perturbed numerics")
    args = parser.parse_args(argv)
    failed = 0
    for p in args.notebooks:
        path = Path(p).with_suffix(".ipynb")  # book/ch01_x.py names its notebook too
        nb = read_authored(path)
        seconds, problems = run_and_verify(nb, path.parent, ROOT, verify=not args.no_verify)
        if problems:
            failed += 1
            print(f"NOT STORED  {p}:\n  " + "\n  ".join(problems))
            continue
        fold_hidden_inputs(nb)            # Lab, too, opens hidden plotting code collapsed
        write_notebook(nb, path)          # the bytes JupyterLab writes: open-and-save is a no-op
        if path.resolve().parent.name in PAIRED:
            # paired from what was stored (its kernelspec is the one Lab writes), so that
            # physml.notebooks.unpaired() holds
            write_text_pair(nbformat.read(path, as_version=4), path)
        print(f"{seconds:6.1f} s  {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
