"""Benchmark the course's budgets (a report, not a timed test).

* every notebook of ``_toc.yml`` (chapters, exercises) and of solutions/: cold execution time in a
  fresh kernel (imports and JIT compilation included), budget 60 s each;
* every registered explorer (``physml.widgets.registered()``), each control swept over its range:
  time from a slider change to a redrawn figure, budget 100 ms (median and worst, after the first
  compile).

Nothing here is a list kept by hand: a new chapter's notebooks and explorers are found.

    python tools/benchmark.py            # everything
    python tools/benchmark.py --widgets  # only the interactives
    python tools/benchmark.py --notebooks book/ch06_conservation.ipynb   # only these notebooks
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOTEBOOK_BUDGET_S = 60.0
REDRAW_BUDGET_MS = 100.0


def notebooks(root=ROOT):
    """The book's notebooks, found through ``_toc.yml`` (chapters and exercises), plus the solutions."""
    import yaml

    found = []

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                for suffix in (".ipynb",):
                    path = root / (entry["file"] + suffix)
                    if path.exists():
                        found.append(path)
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    walk(toc.get("parts"))
    solutions = sorted((root / "solutions").glob("*.ipynb"))
    return found + solutions


def bench_notebooks(only=None):
    import nbformat

    from physml.notebooks import execute

    rows = []
    chosen = {Path(p).resolve() for p in only} if only else None
    for path in notebooks():
        if chosen is not None and path.resolve() not in chosen:
            continue
        rel = path.relative_to(ROOT)
        seconds = execute(nbformat.read(path, as_version=4), path.parent)
        rows.append((str(rel), seconds))
        print(f"  {seconds:6.1f} s  {'ok ' if seconds <= NOTEBOOK_BUDGET_S else 'OVER'}  {rel}", flush=True)
    return rows


def sweep(control, n=21):
    """Slider positions a reader passes through: the live range, or the options (three times)."""
    import numpy as np

    if control.kind in ("options", "toggle"):
        return list(control.options) * 3
    if control.kind == "check":
        return [False, True] * 5
    if control.kind == "log":
        return list(10.0 ** np.linspace(control.lo, control.hi, n))
    values = np.linspace(control.lo, control.hi, n)
    return [int(round(v)) for v in values] if control.kind == "int" else list(values)


def bench_widgets():
    """Every registered explorer (physml.widgets.registered), every control swept."""
    import physml  # noqa: F401
    from physml.widgets import registered

    rows = []
    for key, (factory, example) in registered().items():
        explorer = factory(**example)
        for control in explorer.controls:
            fig = explorer.live()
            times = []
            for value in sweep(control):
                t0 = time.perf_counter()
                fig.controls[control.name].value = value  # as a reader moves the slider
                times.append((time.perf_counter() - t0) * 1e3)
            med, worst = statistics.median(times), max(times)
            ok = "ok " if worst <= REDRAW_BUDGET_MS else "OVER"
            name = f"{explorer.name} ({key}) [{control.name}]"
            print(f"  median {med:5.1f} ms, worst {worst:5.1f} ms  {ok}  {name}", flush=True)
            rows.append((name, med, worst))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--widgets", action="store_true", help="only the interactives")
    parser.add_argument("--notebooks", nargs="+", metavar="PATH", help="only these notebooks, no widgets")
    args = parser.parse_args(argv)
    over = 0
    if not args.widgets:
        print(f"Cold notebook execution (budget {NOTEBOOK_BUDGET_S:.0f} s each):")
        over += sum(s > NOTEBOOK_BUDGET_S for _, s in bench_notebooks(args.notebooks))
    if args.notebooks:
        print("all within budget" if not over else f"{over} item(s) over budget")
        return 0
    print(f"Slider change -> redrawn figure (budget {REDRAW_BUDGET_MS:.0f} ms):")
    over += sum(w > REDRAW_BUDGET_MS for _, _, w in bench_widgets())
    print("all within budget" if not over else f"{over} item(s) over budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
