"""Generate the student notebooks in ``exercises/`` from ``solutions/`` (one source).

In a solution notebook, answers sit between nbgrader-style markers::

    def grad_E(theta):
        ### BEGIN SOLUTION
        x, y = theta
        ...
        return jnp.array([...])
        ### END SOLUTION

The generator replaces each marked region with a stub that keeps the notebook
running from top to bottom, so every later ``check(...)`` answers "not
attempted yet" instead of raising:

* a region inside a function (indented) becomes ``return ...`` if it returned,
  so the function hands ``...`` to the check;
* a top-level region keeps, as ``name = ...``, only the names it assigns that
  later code uses (the answer the ``check`` reads), so the stub does not give
  away the solution's intermediate steps;
* a ``# YOUR CODE HERE`` line marks the spot.

Cells tagged ``solution`` (e.g. a worked discussion) are dropped.  Every answer cell and every
``check`` cell carries nbgrader's metadata (:mod:`physml.grading`), so a student's notebook is
a valid nbgrader submission; a cell holding an answer and then its ``check`` line becomes two
cells.  Outputs are then produced by executing the generated notebook, so nbval can compare them.

Usage (from the repository root)::

    python -m physml.exercises            # regenerate and execute exercises/
    python -m physml.exercises --check    # exit 1 if exercises/ is out of sync
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from pathlib import Path

import nbformat

from .notebooks import write_notebook

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
__all__ = ["strip_solutions", "student_notebook", "generate", "out_of_sync", "main"]


def _stub(region_lines, indent, later):
    code = textwrap.dedent("\n".join(region_lines))
    try:
        tree = ast.parse(code)
    except SyntaxError as e:
        raise ValueError(f"a solution region is not valid Python on its own: {e}") from None
    names, returns = [], False
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Return):
            returns = True
        for t in targets:
            for sub in ast.walk(t):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    lines = [f"{indent}# YOUR CODE HERE"]
    if not indent:
        lines += [f"{indent}{n} = ..." for n in names if re.search(rf"\b{re.escape(n)}\b", later)]
    if returns:
        lines.append(f"{indent}return ...")
    return lines


def strip_solutions(source: str, later: str = "") -> str:
    """Replace every ``### BEGIN/END SOLUTION`` region of ``source`` with a runnable stub.

    ``later`` is the code that runs after this cell (the later cells): a name assigned
    in a top-level region is kept as ``name = ...`` only if it is used afterwards.
    """
    out, region, indent = [], None, ""
    lines = source.splitlines()
    for lineno, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped == BEGIN:
            if region is not None:
                raise ValueError(f"line {lineno}: nested {BEGIN}")
            region, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if region is None:
                raise ValueError(f"line {lineno}: {END} without {BEGIN}")
            rest = "\n".join(lines[lineno:]) + "\n" + later
            out += _stub(region, indent, rest)
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(out)


def student_notebook(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version of a solution notebook (sources only, outputs cleared).

    It is nbgrader's release of the practice (see :mod:`physml.grading`): the cells tagged
    ``solution`` are dropped, a cell holding an answer and its ``check`` line is split into an
    answer cell and a check cell, and both kinds carry nbgrader's metadata (ids, points, locks,
    checksums), so the notebook a student works on is a valid nbgrader submission.
    """
    from .grading import graded_source, lock_and_checksum, stub_solutions

    nb = stub_solutions(graded_source(solution))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    lock_and_checksum(nb)
    nb.metadata["physml"] = {"generated_from": "solutions/ (do not edit: run python -m physml.exercises)"}
    return nb


def _signature(nb):
    """What must agree between a stored exercise and the generator: cells, sources, nbgrader metadata."""
    return [(c.cell_type, c.source.strip(), c.get("metadata", {}).get("nbgrader"),
             c.get("metadata", {}).get("editable"), c.get("metadata", {}).get("deletable"))
            for c in nb.cells]


def out_of_sync(root="."):
    """Names of exercise notebooks that differ from (or are missing for) their solutions."""
    root = Path(root)
    sol = {p.name: p for p in sorted((root / "solutions").glob("*.ipynb"))}
    exe = {p.name: p for p in sorted((root / "exercises").glob("*.ipynb"))}
    bad = sorted(set(exe) - set(sol))
    for name, path in sol.items():
        want = student_notebook(nbformat.read(path, as_version=4))
        if name not in exe or _signature(nbformat.read(exe[name], as_version=4)) != _signature(want):
            bad.append(name)
    return sorted(bad)


def generate(root=".", execute=True, timeout=600, verify=True, names=None):
    """Write ``exercises/*.ipynb`` from ``solutions/*.ipynb``; execute them to store outputs.

    ``names`` (e.g. ``["ch03_practice"]``) limits this to some notebooks.

    As ``tools/execute.py`` does, execution checks that the kernel imports this checkout's
    physml and (``verify``) that a second run under perturbed numerics prints the same; a
    notebook that fails either is not written, and ``RuntimeError`` lists why.
    """
    root = Path(root)
    (root / "exercises").mkdir(exist_ok=True)
    written, problems = [], []
    for path in sorted((root / "solutions").glob("*.ipynb")):
        if names and path.stem not in names and path.name not in names:
            continue
        nb = student_notebook(nbformat.read(path, as_version=4))
        if execute:
            from .notebooks import run_and_verify

            _, found = run_and_verify(nb, root / "exercises", root, verify=verify, timeout=timeout)
            if found:
                problems.append(f"exercises/{path.name}:\n  " + "\n  ".join(found))
                continue
        target = root / "exercises" / path.name
        write_notebook(nb, target)   # as JupyterLab saves it: open-and-save changes nothing
        written.append(target)
    for stale in sorted((root / "exercises").glob("*.ipynb")):
        if not (root / "solutions" / stale.name).exists():
            stale.unlink()
    if problems:
        raise RuntimeError("not stored:\n" + "\n".join(problems))
    return written


def main(argv=None):
    """The command line: ``python -m physml.exercises [names] [--check] [--no-execute] [--no-verify]``."""
    parser = argparse.ArgumentParser(prog="python -m physml.exercises", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="only these notebooks (e.g. ch03_practice; default: all)")
    parser.add_argument("--root", default=".", help="repository root (default: .)")
    parser.add_argument("--check", action="store_true", help="only report notebooks out of sync")
    parser.add_argument("--no-execute", action="store_true", help="do not execute (no stored outputs)")
    parser.add_argument("--no-verify", action="store_true",
                        help="skip the second run under perturbed numerics")
    args = parser.parse_args(argv)
    if args.check:
        bad = out_of_sync(args.root)
        if bad:
            print("out of sync with solutions/:", ", ".join(bad), "- run: python -m physml.exercises")
            return 1
        print("exercises/ is in sync with solutions/")
        return 0
    try:
        written = generate(args.root, execute=not args.no_execute, verify=not args.no_verify,
                           names=args.names or None)
    except RuntimeError as e:
        print(e)
        return 1
    for path in written:
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
