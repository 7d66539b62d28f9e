"""Grade the practices with nbgrader: the single source ``solutions/`` is also the graded release.

nbgrader (https://nbgrader.readthedocs.io) marks answers with the same ``### BEGIN SOLUTION`` /
``### END SOLUTION`` markers as our solution notebooks, and grades a notebook by running it:
each *autograder test* cell that runs without an error earns its points.  This module turns a
solution notebook into an nbgrader source notebook (:func:`graded_source`):

* a code cell holding a solution region is a *solution* cell (the student's answer), unlocked;
* a code cell calling ``check("task-id", answer)`` is a *grade* cell (an autograder test),
  locked, with ``grade_id`` the task id and :data:`POINTS` points (1 by default).  A grade cell
  holds exactly one ``check`` call: once a first check fails the rest of the cell is skipped;
* a cell that holds both, a solution region followed by its ``check`` line, is split into the two;
* cells tagged ``solution`` (model answers) are dropped, as the student notebooks drop them.

The student notebooks in ``exercises/`` (:func:`physml.exercises.student_notebook`) carry the same
metadata, so the notebook a student downloads and works *is* a valid nbgrader submission, and
nbgrader's ``generate_assignment`` (with :func:`stub_solutions_preprocessor`, our runnable stubs in place of
nbgrader's ``raise NotImplementedError``) produces exactly those notebooks.

Under the autograder the environment variable ``PHYSML_AUTOGRADE`` is set, so a check that does
not pass raises ``AssertionError`` (:func:`physml.checks.check`), and nbgrader gives its cell 0.
Only the checked tasks are graded: written answers (interpretations, "going further") are not,
and the table says "autograded points"; the rubric for them is in ``solutions/marking_and_exams.md``.

Usage (from the repository root)::

    python -m physml.grading grade SUBMISSIONS [--out grades.csv] [--practices ch04_practice ...]
                                               [--course DIR] [--timeout SECONDS]
    python -m physml.grading release OUTDIR [--practices ...]

``SUBMISSIONS`` holds one folder per student, ``<student>/<practice>.ipynb`` (also accepted:
``<student>/<practice>/<practice>.ipynb``, nbgrader's own layout, and a file name that starts with
the practice name, e.g. ``ch04_practice (1).ipynb`` as learning-management systems rename
uploads).  ``grade`` builds an nbgrader course in a temporary folder (``--course DIR`` keeps it,
for nbgrader's feedback: ``cd DIR && nbgrader generate_feedback ch04_practice``), autogrades every
submission and prints and writes one row per (student, practice): the points of each task, the
total and the maximum.  A missing notebook gives a row of zeros with a note; a notebook that raises
anywhere is still graded, and the tasks whose checks pass keep their points.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import csv
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .checks import AUTOGRADE_ENV
from .exercises import BEGIN, END, strip_solutions

__all__ = ["POINTS", "DEFAULT_POINTS", "SOLUTION_TAG", "CELL_TIMEOUT", "check_calls", "graded_source",
           "stub_solutions", "lock_and_checksum", "stub_solutions_preprocessor", "build_course", "Row",
           "collect", "grade", "release", "write_csv", "format_table", "main"]

#: Points of a task (an autograder test cell), by task id; tasks not listed get DEFAULT_POINTS.
#: Every task is one check of one result, and the practices mix short and long tasks on purpose
#: (a prediction before a computation): no weighting has been agreed, so all tasks count the same.
#: An instructor who wants weights writes them here, e.g. ``{"ch04-conserved": 2}``.
POINTS: dict[str, float] = {}
DEFAULT_POINTS = 1.0

#: The tag of model-answer cells, which are dropped from what students and nbgrader see.
SOLUTION_TAG = "solution"

#: Seconds a single cell may run under the autograder before it is interrupted (and scores 0).
CELL_TIMEOUT = 300

_SCHEMA = 3


def _has_region(source):
    return any(line.strip() in (BEGIN, END) for line in source.splitlines())


def check_calls(source: str) -> list[str]:
    """The task ids of the ``check("task-id", ...)`` calls in a code cell's ``source``, in order.

    A call whose task id is not a string literal is reported as ``"?"``: a grade cell needs its
    task id to be readable without running anything.
    """
    if not isinstance(source, str):
        raise TypeError(f"source should be a str, not {type(source).__name__}")
    try:
        tree = ast.parse(source)
    except SyntaxError:
        # Jupyter magics and shell escapes: fall back to the text.
        return [m.group(2) for m in re.finditer(r"\bcheck\(\s*(['\"])([^'\"]+)\1", source)]
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id == "check"]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    ids = []
    for node in calls:
        first = node.args[0] if node.args else None
        ids.append(first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else "?")
    return ids


def _split_solution_and_check(cell, where):
    """A code cell ``[solution region][check line]`` as two cells (solution, then grade)."""
    lines = cell.source.splitlines()
    last_end = max(i for i, line in enumerate(lines) if line.strip() == END)
    head, tail = "\n".join(lines[: last_end + 1]), "\n".join(lines[last_end + 1:]).strip("\n")
    if check_calls(head):
        raise ValueError(f"{where}: a check() call sits before or inside a solution region; "
                         "put the check after the answer, in its own cell or on the cell's last line")
    first = copy.deepcopy(cell)
    first.source = head
    second = nbformat.v4.new_code_cell(tail)
    if "id" in cell:
        second["id"] = f"{cell['id'][:57]}-check"
    first.metadata.pop("lines_to_next_cell", None)
    return [first, second]


def graded_source(solution: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The nbgrader *source* notebook of a ``solution`` notebook: solutions kept, metadata added.

    Drops the cells tagged ``solution``, splits a cell holding a solution region and then its
    ``check`` call into a solution cell and a grade cell, and gives every solution cell and every
    grade cell its nbgrader metadata (see the module docstring).  ``name`` is used in errors.

    Raises ``ValueError`` (naming the cell) for a cell with two checks, a check whose task id is
    not a string literal, a check inside a solution region, a repeated task id, or a solution
    region in a markdown cell (nbgrader would hand it out).
    """
    if not isinstance(solution, nbformat.NotebookNode):
        raise TypeError(f"solution should be an nbformat.NotebookNode, not {type(solution).__name__}")
    nb = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type != "code":
            if _has_region(cell.source):
                raise ValueError(f"{where}: a solution region in a {cell.cell_type} cell; tag the "
                                 f"cell {SOLUTION_TAG!r} instead (it is then dropped for students)")
            cells.append(cell)
            continue
        region, ids = _has_region(cell.source), check_calls(cell.source)
        if len(ids) > 1:
            raise ValueError(f"{where}: {len(ids)} check() calls ({', '.join(ids)}) in one cell; a "
                             "graded cell holds one (a second is skipped once the first fails)")
        if "?" in ids:
            raise ValueError(f"{where}: the task id of check() should be a string literal")
        cells += _split_solution_and_check(cell, where) if region and ids else [cell]
    nb.cells = cells

    seen, pending = set(), []  # pending: solution cells waiting for the task they answer
    for cell in cells:
        if cell.cell_type != "code":
            continue
        ids = check_calls(cell.source)
        if _has_region(cell.source):
            pending.append(cell)
        elif ids:
            task_id = ids[0]
            if task_id in seen:
                raise ValueError(f"{name}: task id {task_id!r} is checked in two cells")
            seen.add(task_id)
            points = float(POINTS.get(task_id, DEFAULT_POINTS))
            if not points > 0:
                raise ValueError(f"POINTS[{task_id!r}] should be positive, not {points}")
            cell.metadata["nbgrader"] = {"grade": True, "grade_id": task_id, "locked": True,
                                         "points": points, "schema_version": _SCHEMA,
                                         "solution": False, "task": False}
            for k, answer in enumerate(pending):
                suffix = "" if len(pending) == 1 else f"-{k + 1}"
                answer.metadata["nbgrader"] = _solution_metadata(f"{task_id}-answer{suffix}")
            pending = []
    for k, answer in enumerate(pending):  # answers after the last check (nothing grades them)
        answer.metadata["nbgrader"] = _solution_metadata(f"answer-{k + 1}")
    return nb


def _solution_metadata(grade_id):
    return {"grade": False, "grade_id": grade_id, "locked": False, "schema_version": _SCHEMA,
            "solution": True, "task": False}


def stub_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace, in place, every solution region of ``nb``'s code cells by its runnable stub.

    ``later`` for :func:`physml.exercises.strip_solutions` is the code of the following cells, so
    a top-level answer keeps as ``name = ...`` only the names that later code reads.
    """
    code = [c.source if c.cell_type == "code" else "" for c in nb.cells]
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and _has_region(cell.source):
            cell.source = strip_solutions(cell.source, later="\n".join(code[i + 1:]))
    return nb


def lock_and_checksum(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Lock and checksum, in place, the nbgrader cells as ``nbgrader generate_assignment`` does.

    Grade cells become read-only and undeletable, solution cells undeletable (nbgrader's
    ``LockCells``); every nbgrader cell gets the ``checksum`` and ``cell_type`` that nbgrader's
    ``ComputeChecksums`` computes, so a student notebook equals the nbgrader release.
    """
    from nbgrader.utils import compute_checksum

    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if not meta:
            continue
        cell.metadata["deletable"] = False
        if meta.get("grade"):
            cell.metadata["editable"] = False
        meta["checksum"] = compute_checksum(cell)
        meta["cell_type"] = cell.cell_type
    return nb


def stub_solutions_preprocessor():
    """The nbgrader preprocessor class ``StubSolutions`` (nbgrader is imported only when needed)."""
    from nbgrader.preprocessors import ClearSolutions
    from nbgrader.utils import is_solution

    class StubSolutions(ClearSolutions):
        """nbgrader's ``ClearSolutions`` with the course's stubs (:func:`stub_solutions`).

        nbgrader's own stub, ``raise NotImplementedError()``, would stop every later cell of a
        student's notebook; ours keep it running so each check answers "not attempted yet".
        """

        def preprocess(self, nb, resources):
            for cell in nb.cells:
                if cell.cell_type == "code" and _has_region(cell.source) and not is_solution(cell):
                    raise RuntimeError("a solution region in a cell that is not an nbgrader solution "
                                       f"cell:\n{cell.source}")
            stub_solutions(nb)
            nb.metadata.pop("celltoolbar", None)
            return nb, resources

    return StubSolutions


# --------------------------------------------------------------------------- #
# The nbgrader course: source/ from solutions/, release, submitted/, autograded.
# --------------------------------------------------------------------------- #
def _config(course, timeout):
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import ClearSolutions
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course)
    config.Execute.timeout = int(timeout)
    stub = stub_solutions_preprocessor()
    config.GenerateAssignment.preprocessors = [stub if p is ClearSolutions else p
                                               for p in GenerateAssignment.class_traits()["preprocessors"].default()]
    return config


def _practices(root, practices):
    available = sorted(p.stem for p in (Path(root) / "solutions").glob("*.ipynb"))
    if practices is None:
        return available
    if isinstance(practices, str) or not all(isinstance(p, str) for p in practices):
        raise TypeError(f"practices should be a list of names such as 'ch04_practice', not {practices!r}")
    chosen = [p.removesuffix(".ipynb") for p in practices]
    unknown = [p for p in chosen if p not in available]
    if unknown:
        raise ValueError(f"practices: unknown {', '.join(unknown)}; available: {', '.join(available)}")
    return chosen


def _run(app_class, config, course, **ids):
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    coursedir = CourseDirectory(config=config)
    for key, value in ids.items():
        setattr(coursedir, key, value)
    app = app_class(coursedir=coursedir, config=config)
    if hasattr(app, "force"):
        app.force = True
    if hasattr(app, "create_assignment"):
        app.create_assignment = True
    if hasattr(app, "create_student"):
        app.create_student = True
    return capture_log(app)


def build_course(course, practices=None, root=".", timeout=CELL_TIMEOUT):
    """Make the nbgrader course folder ``course``: ``source/<practice>/`` from ``solutions/`` and
    the release (``nbgrader generate_assignment``) in ``release/<practice>/``.

    Returns the nbgrader ``Config`` for later steps.  ``RuntimeError`` carries nbgrader's log if
    generating an assignment fails.
    """
    from nbgrader.converters import GenerateAssignment

    course, root = Path(course), Path(root)
    if not (root / "solutions").is_dir():
        raise ValueError(f"root: {str(root)!r} has no solutions/ folder (give the repository root)")
    config = _config(course, timeout)
    for practice in _practices(root, practices):
        solution = nbformat.read(root / "solutions" / f"{practice}.ipynb", as_version=4)
        target = course / "source" / practice / f"{practice}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(graded_source(solution, name=f"solutions/{practice}.ipynb"), target)
        result = _run(GenerateAssignment, config, course, assignment_id=practice)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {practice} failed:\n{result['log']}"
                               f"\n{result.get('error', '')}")
    return config


@contextlib.contextmanager
def _environment(**values):
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass(frozen=True)
class Row:
    """One line of the grading table: a student's autograded points in one practice."""

    student: str
    practice: str
    points: dict = field(default_factory=dict)  # task id -> points scored
    max_points: dict = field(default_factory=dict)  # task id -> points available
    note: str = ""

    @property
    def total(self) -> float:
        return sum(self.points.values())

    @property
    def maximum(self) -> float:
        return sum(self.max_points.values())


def _find_submission(folder, practice):
    """The notebook of ``practice`` in a student's ``folder``, or (None, note)."""
    for candidate in (folder / f"{practice}.ipynb", folder / practice / f"{practice}.ipynb"):
        if candidate.is_file():
            return candidate, ""
    renamed = sorted(p for p in folder.rglob("*.ipynb") if p.stem.startswith(practice)
                     and ".ipynb_checkpoints" not in p.parts)
    if len(renamed) == 1:
        return renamed[0], f"graded {renamed[0].relative_to(folder)}"
    if renamed:
        return None, "several notebooks match: " + ", ".join(str(p.relative_to(folder)) for p in renamed)
    return None, "no submission"


def collect(submissions, practices):
    """Which notebook to grade for each student and practice: ``{student: {practice: (path, note)}}``.

    ``submissions`` holds a folder per student (``<student>/<practice>.ipynb``, see
    ``_find_submission`` for the variants accepted).  A flat folder of files named
    ``<student>_<practice>.ipynb`` (Canvas's export: ``name_123_456_ch04_practice-1.ipynb``) is
    read too: the student is the part of the name before the practice.  ``path`` is None, and
    ``note`` says why, when a student has no notebook (or several) for a practice.
    """
    submissions = Path(submissions)
    folders = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    found = {f.name: {pr: _find_submission(f, pr) for pr in practices} for f in folders}
    flat = {}
    for path in sorted(submissions.glob("*.ipynb")):
        for practice in practices:
            at = path.stem.find(practice)
            student = path.stem[:at].rstrip("_-. ") if at >= 0 else ""
            if student:
                flat.setdefault(student, {}).setdefault(practice, []).append(path)
    for student, files in flat.items():
        entry = found.setdefault(student, {pr: (None, "no submission") for pr in practices})
        for practice, paths in files.items():
            if entry[practice][0] is None:
                entry[practice] = ((paths[0], f"graded {paths[0].name}") if len(paths) == 1 else
                                   (None, "several notebooks match: " + ", ".join(p.name for p in paths)))
    return dict(sorted(found.items()))


def _task_ids(course, practice):
    nb = nbformat.read(Path(course) / "source" / practice / f"{practice}.ipynb", as_version=4)
    return [(c.metadata.nbgrader["grade_id"], float(c.metadata.nbgrader["points"]))
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def _autograde(autograde_app, config, course, student, practice, notebook):
    """Copy ``notebook`` into the course and autograde it: ``({task id: points}, failure note)``."""
    from nbgrader.api import Gradebook, MissingEntry

    try:
        nbformat.read(notebook, as_version=4)
    except Exception as e:  # not JSON, not a notebook, not UTF-8: say so rather than nbgrader's log
        return {}, f"not graded: {Path(notebook).name} is not a readable notebook ({type(e).__name__})"
    target = course / "submitted" / student / practice / f"{practice}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, target)
    with _environment(**{AUTOGRADE_ENV: "1"}):
        result = _run(autograde_app, config, course, assignment_id=practice, student_id=student)
    if not result["success"]:
        errors = [line for line in (result.get("log") or "").splitlines() if "[ERROR]" in line]
        return {}, "not graded: " + (errors[0].replace("[ERROR] ", "") if errors else "nbgrader autograde failed")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        try:
            graded = gradebook.find_submission_notebook(practice, practice, student)
        except MissingEntry:
            return {}, "not graded: nbgrader recorded no submission"
        return {entry.name: float(entry.score or 0.0) for entry in graded.grades}, ""


def grade(submissions, practices=None, course=None, root=".", timeout=CELL_TIMEOUT, log=print):
    """Autograde the folder ``submissions`` (``<student>/<practice>.ipynb``, see :func:`collect`)
    with nbgrader.

    ``practices`` limits the grading to these practices (default: every practice that some student
    submitted).  ``course`` keeps the nbgrader course there (default: a temporary folder).
    ``timeout`` is the time a cell may run, in seconds.  Returns a list of :class:`Row`, one per
    (student, practice), sorted by student then practice.
    """
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise ValueError(f"submissions: {str(submissions)!r} is not a folder")
    if not (isinstance(timeout, (int, float)) and timeout > 0):
        raise ValueError(f"timeout should be a positive number of seconds, not {timeout!r}")
    names = _practices(root, practices)
    found = collect(submissions, names)
    if not found:
        raise ValueError(f"submissions: {str(submissions)!r} has no student folders "
                         "(expected <student>/<practice>.ipynb)")
    if practices is None:  # only the practices someone handed in
        names = [p for p in names if any(entry[p][0] for entry in found.values())]
        if not names:
            raise ValueError(f"submissions: no notebook named after a practice in {str(submissions)!r}")
    students = list(found)

    from nbgrader.converters import Autograde
    from sqlalchemy.exc import SAWarning

    with contextlib.ExitStack() as stack:
        if course is None:
            course = stack.enter_context(tempfile.TemporaryDirectory(prefix="physml-grading-"))
        course = Path(course)
        # nbgrader 0.9.6 with SQLAlchemy 2 warns about its own session handling; not our concern.
        stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("ignore", SAWarning)
        log(f"building the nbgrader course in {course} ({', '.join(names)})")
        config = build_course(course, names, root, timeout)
        rows = []
        for practice in names:
            tasks = dict(_task_ids(course, practice))
            for student in students:
                notebook, note = found[student][practice]
                points = {task: 0.0 for task in tasks}
                if notebook is not None:
                    start = time.perf_counter()
                    scores, failure = _autograde(Autograde, config, course, student, practice, notebook)
                    log(f"autograded {student} / {practice} in {time.perf_counter() - start:.0f} s")
                    points.update((task, score) for task, score in scores.items() if task in points)
                    note = failure or note
                rows.append(Row(student, practice, points, dict(tasks), note))
        rows.sort(key=lambda r: (r.student, names.index(r.practice)))
        return rows


def release(outdir, practices=None, root=".", course=None):
    """Write nbgrader's release of the practices (``generate_assignment``) to ``outdir``.

    These notebooks equal ``exercises/`` but for the stored outputs (the test suite checks it), so
    handing out ``exercises/`` hands out the graded release; this command shows it.
    """
    outdir = Path(outdir)
    names = _practices(root, practices)
    with contextlib.ExitStack() as stack:
        if course is None:
            course = stack.enter_context(tempfile.TemporaryDirectory(prefix="physml-release-"))
        build_course(course, names, root)
        outdir.mkdir(parents=True, exist_ok=True)
        written = []
        for practice in names:
            target = outdir / f"{practice}.ipynb"
            shutil.copyfile(Path(course) / "release" / practice / f"{practice}.ipynb", target)
            written.append(target)
        return written


def _number(x):
    return f"{x:g}"


def _columns(rows):
    tasks = []
    for row in rows:
        tasks += [t for t in row.max_points if t not in tasks]
    return tasks


def write_csv(rows, path):
    """Write the table to ``path`` (CSV): student, practice, one column per task, total, max, note."""
    tasks = _columns(rows)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "practice", *tasks, "autograded points", "max", "note"])
        for row in rows:
            writer.writerow([row.student, row.practice,
                             *(_number(row.points[t]) if t in row.points else "" for t in tasks),
                             _number(row.total), _number(row.maximum), row.note])


def format_table(rows):
    """The table as text, one block per practice (its own task columns)."""
    blocks = []
    for practice in dict.fromkeys(r.practice for r in rows):
        part = [r for r in rows if r.practice == practice]
        tasks = _columns(part)
        header = ["student", *tasks, "autograded points", "max", "note"]
        body = [[r.student, *(_number(r.points[t]) for t in tasks), _number(r.total), _number(r.maximum),
                 r.note] for r in part]
        widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
        lines = [f"{practice}:", "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
        lines += ["  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip() for line in body]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_EPILOG = """\
examples (from the repository root):
  python -m physml.grading grade submissions/ --out grades.csv
  python -m physml.grading grade submissions/ --practices ch04_practice --course my-course
  python -m physml.grading release handout/

SUBMISSIONS holds one folder per student: <student>/<practice>.ipynb. Each row of the table is
one (student, practice): the points of each checked task, the autograded total and the maximum.
Written answers are not autograded: their rubric is in solutions/marking_and_exams.md."""


def main(argv=None):
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m physml.grading", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Grade the practices with nbgrader; solutions/ is also the graded release.",
        epilog=_EPILOG)
    parser.add_argument("--root", default=".", help="repository root, holding solutions/ (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="autograde a folder of submissions into a table",
                       description="Autograde SUBMISSIONS/<student>/<practice>.ipynb with nbgrader; "
                                   "print the table of autograded points and write it as CSV.")
    g.add_argument("submissions", help="folder with one sub-folder per student: <student>/<practice>.ipynb")
    g.add_argument("--out", default="grades.csv", help="CSV file to write (default: grades.csv)")
    g.add_argument("--practices", nargs="+", metavar="PRACTICE",
                   help="only these practices, e.g. ch04_practice (default: all that were submitted)")
    g.add_argument("--course", help="keep the nbgrader course in this folder (for generate_feedback)")
    g.add_argument("--timeout", type=float, default=CELL_TIMEOUT,
                   help=f"seconds a cell may run before it is stopped (default: {CELL_TIMEOUT})")
    r = sub.add_parser("release", help="write nbgrader's release of the practices (equal to exercises/)")
    r.add_argument("outdir", help="folder to write <practice>.ipynb to")
    r.add_argument("--practices", nargs="+", metavar="PRACTICE", help="only these practices")
    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            for path in release(args.outdir, args.practices, args.root):
                print("wrote", path)
            return 0
        rows = grade(args.submissions, args.practices, args.course, args.root, args.timeout)
    except (ValueError, TypeError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(format_table(rows))
    write_csv(rows, args.out)
    print(f"\nwrote {args.out} (autograded points; written answers: see solutions/marking_and_exams.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
