"""Grading with nbgrader (physml.grading): the metadata made from solutions/, the release equal to
exercises/, and real nbgrader runs on one practice that grade worked, untouched, wrong and raising
submissions.

The nbgrader runs share one course (a module fixture): five students, one practice (the primer's,
the cheapest to execute).  The expected points are not stored: a task earns its points from the
metadata (full marks), or loses them because the submission broke exactly that task.
"""
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from physml.checks import TASKS, load_all
from physml.exercises import BEGIN, END, generate, out_of_sync, student_notebook
from physml.grading import (
    check_calls,
    collect,
    format_table,
    grade,
    graded_source,
    lock_and_checksum,
    main,
    release,
    write_csv,
)

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
PRACTICE = "primer_practice"


def _read(path):
    return nbformat.read(path, as_version=4)


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader") or {}


def _grade_cells(nb):
    return [c for c in nb.cells if _nbgrader(c).get("grade")]


def _outside_regions(source):
    """The non-blank lines of ``source`` outside its solution regions (markers excluded)."""
    kept, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif not inside and line.strip():
            kept.append(line)
    return kept


# --------------------------------------------------------------------------- #
# Fast: metadata of every practice, no nbgrader run.
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_check_is_one_grade_cell_named_by_its_task(path):
    load_all()
    solution = _read(path)
    # Independent count: the check( calls in the solution's text, outside model-answer cells.
    texts = [c.source for c in solution.cells if c.cell_type == "code"
             and "solution" not in c.metadata.get("tags", [])]
    expected = [m.group(1) for t in texts for m in re.finditer(r'\bcheck\(\s*"([^"]+)"', t)]
    assert expected, path.name
    nb = graded_source(solution, name=path.name)
    grade_cells = _grade_cells(nb)
    assert [_nbgrader(c)["grade_id"] for c in grade_cells] == expected
    assert len(set(expected)) == len(expected), "task ids must be unique"
    for cell in grade_cells:
        meta = _nbgrader(cell)
        assert check_calls(cell.source) == [meta["grade_id"]], cell.source  # exactly one check
        assert meta["grade_id"] in TASKS, f"{meta['grade_id']} is not a registered task"
        assert meta["points"] > 0 and meta["locked"] and not meta["solution"]
        assert BEGIN not in cell.source and END not in cell.source
    for cell in nb.cells:  # every check sits in a grade cell, every answer in a solution cell
        if cell.cell_type != "code":
            assert BEGIN not in cell.source
            continue
        if check_calls(cell.source):
            assert _nbgrader(cell).get("grade"), cell.source
        if BEGIN in cell.source:
            meta = _nbgrader(cell)
            assert meta.get("solution") and not meta.get("grade") and not meta.get("locked"), cell.source
    ids = [_nbgrader(c)["grade_id"] for c in nb.cells if _nbgrader(c)]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebook_has_the_metadata_and_no_solution_code(path):
    solution = _read(path)
    student = student_notebook(solution)
    source = graded_source(solution, name=path.name)
    # Same cells as the nbgrader source, one for one, with the same ids and points.
    assert [(c.cell_type, _nbgrader(c).get("grade_id"), _nbgrader(c).get("points")) for c in student.cells] \
        == [(c.cell_type, _nbgrader(c).get("grade_id"), _nbgrader(c).get("points")) for c in source.cells]
    text = "\n".join(c.source for c in student.cells)
    assert BEGIN not in text and END not in text
    stub = re.compile(r"^\s*(# YOUR CODE HERE|\w+ = \.\.\.|return \.\.\.)$")
    for theirs, ours in zip(student.cells, source.cells):
        if _nbgrader(ours).get("solution"):  # all that remains of an answer cell is its frame and stubs
            left = [line for line in theirs.source.splitlines() if line.strip() and not stub.match(line)]
            assert left == _outside_regions(ours.source), theirs.source
        else:
            assert theirs.source == ours.source
    for cell in student.cells:
        meta = _nbgrader(cell)
        if meta:
            assert meta["checksum"] and meta["cell_type"] == cell.cell_type
            assert cell.metadata["deletable"] is False
            assert cell.metadata.get("editable", True) is (not meta["grade"])


def test_a_cell_with_answer_and_check_is_split_and_the_stub_keeps_the_name():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from physml.checks import check"),
        nbformat.v4.new_code_cell(f"{BEGIN}\nn = 6\n{END}\ncheck(\"primer-count\", n)"),
        nbformat.v4.new_markdown_cell("model answer"),
    ])
    nb.cells[2].metadata["tags"] = ["solution"]
    source = graded_source(nb)
    assert [c.source for c in source.cells] == ["from physml.checks import check",
                                                f"{BEGIN}\nn = 6\n{END}", 'check("primer-count", n)']
    student = student_notebook(nb)
    assert [c.source for c in student.cells][1:] == ["# YOUR CODE HERE\nn = ...", 'check("primer-count", n)']
    assert [_nbgrader(c).get("grade_id") for c in student.cells] == [None, "primer-count-answer", "primer-count"]


@pytest.mark.parametrize("source, message", [
    ('check("a", 1)\ncheck("b", 2)', "2 check"),
    (f'{BEGIN}\ncheck("a", 1)\n{END}', "inside a solution region"),
    ("task = 'a'\ncheck(task, 1)", "string literal"),
])
def test_a_cell_that_cannot_be_graded_is_an_error(source, message):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    with pytest.raises(ValueError, match=message):
        graded_source(nb, name="bad.ipynb")


def test_a_repeated_task_or_a_solution_in_markdown_is_an_error():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('check("a", 1)'),
                                         nbformat.v4.new_code_cell('check("a", 2)')])
    with pytest.raises(ValueError, match="two cells"):
        graded_source(nb)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"{BEGIN}\nanswer\n{END}")])
    with pytest.raises(ValueError, match="markdown"):
        graded_source(nb)
    with pytest.raises(TypeError, match="solution"):
        graded_source({"cells": []})


def test_generated_exercises_carry_the_metadata_and_out_of_sync_notices_it(tmp_path):
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    generate(tmp_path, execute=False)
    assert out_of_sync(tmp_path) == []
    first, second = sorted((tmp_path / "exercises").glob("*.ipynb"))[:2]
    for path in (first, second):
        assert _grade_cells(_read(path)), path.name
    nb = _read(first)  # metadata missing, as an exercise written before grading existed
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    nbformat.write(nb, first)
    nb = _read(second)  # metadata different: a task's points changed by hand
    _grade_cells(nb)[0].metadata["nbgrader"]["points"] = 5.0
    nbformat.write(nb, second)
    assert out_of_sync(tmp_path) == sorted([first.name, second.name])


def test_submissions_are_found_in_the_layouts_instructors_get(tmp_path):
    files = ["ada/ch04_practice.ipynb",                 # the documented layout
             "bob/ch04_practice/ch04_practice.ipynb",   # nbgrader's own
             "cy/ch04_practice (1).ipynb",              # renamed by an upload
             "dee/ch04_practice-1.ipynb", "dee/ch04_practice-2.ipynb",  # two: not guessed
             "eve/notes.ipynb",                         # none
             "fay_1234_5678_ch04_practice-1.ipynb"]     # Canvas: a flat folder
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = collect(tmp_path, ["ch04_practice", "primer_practice"])
    assert list(found) == ["ada", "bob", "cy", "dee", "eve", "fay_1234_5678"]
    got = {student: (str(path.relative_to(tmp_path)) if path else None)
           for student, entry in found.items() for path, _ in [entry["ch04_practice"]]}
    assert got == {"ada": files[0], "bob": files[1], "cy": files[2], "dee": None, "eve": None,
                   "fay_1234_5678": files[6]}
    assert "several" in found["dee"]["ch04_practice"][1]
    assert found["eve"]["ch04_practice"][1] == "no submission"
    assert all(entry["primer_practice"] == (None, "no submission") for entry in found.values())


# --------------------------------------------------------------------------- #
# Real nbgrader runs: one course, five students, the primer's practice.
# --------------------------------------------------------------------------- #
def _worked():
    nb = lock_and_checksum(graded_source(_read(ROOT / "solutions" / f"{PRACTICE}.ipynb")))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def _answer_cell(nb, task_id):
    (cell,) = [c for c in nb.cells if _nbgrader(c).get("grade_id") == f"{task_id}-answer"]
    return cell


def _wrong():
    """Two typical mistakes: weights counted without biases; Adam without bias correction.

    The student also emptied the (read-only) check cell of the first: nbgrader restores it.
    """
    nb = _worked()
    _answer_cell(nb, "primer-count").source = "n_params = 2 * 10 + 10 * 10 + 10 * 1"
    (check_cell,) = [c for c in nb.cells if _nbgrader(c).get("grade_id") == "primer-count"]
    check_cell.source = "print('no check here')"
    cell = _answer_cell(nb, "primer-adam-step")
    cell.source = re.sub(r"m_hat, v_hat = .*", "m_hat, v_hat = m, v", cell.source)
    assert "m_hat, v_hat = m, v" in cell.source
    return nb


def _raising():
    """The student's function raises, a top-level cell raises, and a cell has a syntax error."""
    nb = _worked()
    cell = _answer_cell(nb, "primer-neuron-gradient")
    cell.source = "def neuron_grad(w, b, x, y):\n    return 1 / 0"
    nb.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('a stray cell')"))
    cell = _answer_cell(nb, "primer-adam-step")
    cell.source = cell.source.replace("def adam_step(", "def adam_step(((", 1)
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    solution = _read(ROOT / "solutions" / f"{PRACTICE}.ipynb")
    notebooks = {"a-solved": _worked(), "b-stubs": student_notebook(solution), "c-wrong": _wrong(),
                 "d-raising": _raising()}
    for student, nb in notebooks.items():
        name = f"{PRACTICE} (1).ipynb" if student == "c-wrong" else f"{PRACTICE}.ipynb"  # LMS renaming
        (base / "submissions" / student).mkdir(parents=True)
        nbformat.write(nb, base / "submissions" / student / name)
    (base / "submissions" / "e-missing").mkdir()
    (base / "submissions" / "f-broken").mkdir()  # an upload that is not a notebook
    (base / "submissions" / "f-broken" / f"{PRACTICE}.ipynb").write_text("{ not json")
    rows = grade(base / "submissions", [PRACTICE], course=base / "course", root=ROOT, timeout=120,
                 log=lambda *_: None)
    return base, {row.student: row for row in rows}


def test_worked_solution_gets_full_marks_and_stubs_zero(graded):
    _, rows = graded
    tasks = [_nbgrader(c)["grade_id"] for c in _grade_cells(student_notebook(
        _read(ROOT / "solutions" / f"{PRACTICE}.ipynb")))]
    solved = rows["a-solved"]
    assert list(solved.points) == tasks
    assert solved.points == solved.max_points and solved.total == solved.maximum > 0, solved
    assert solved.note == ""
    stubs = rows["b-stubs"]
    assert stubs.total == 0 and stubs.maximum == solved.maximum, stubs


def test_a_wrong_answer_loses_exactly_its_tasks(graded):
    _, rows = graded
    wrong = rows["c-wrong"]
    lost = {task for task, points in wrong.points.items() if points < wrong.max_points[task]}
    assert lost == {"primer-count", "primer-adam-step"}, wrong
    assert 0 < wrong.total < wrong.maximum
    assert "(1)" in wrong.note  # the renamed upload was found, and the note says which file


def test_a_notebook_that_raises_is_still_graded(graded):
    _, rows = graded
    raising = rows["d-raising"]
    lost = {task for task, points in raising.points.items() if points < raising.max_points[task]}
    assert lost == {"primer-neuron-gradient", "primer-adam-step"}, raising
    assert raising.total == raising.maximum - 2


def test_a_missing_notebook_is_a_row_of_zeros_with_a_note(graded):
    _, rows = graded
    missing = rows["e-missing"]
    assert missing.total == 0 and missing.maximum == rows["a-solved"].maximum
    assert missing.note == "no submission"


def test_an_unreadable_upload_is_a_row_of_zeros_saying_why(graded):
    _, rows = graded
    broken = rows["f-broken"]
    assert broken.total == 0 and broken.maximum == rows["a-solved"].maximum
    assert broken.note.startswith("not graded:") and "not a readable notebook" in broken.note


def test_the_table_is_printed_and_written(graded, tmp_path):
    _, rows = graded
    path = tmp_path / "grades.csv"
    write_csv(list(rows.values()), path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("student,practice,primer-count,") and "autograded points,max,note" in lines[0]
    assert len(lines) == 1 + len(rows)
    assert any(line.startswith(f"a-solved,{PRACTICE},1,1,1,1,4,4") for line in lines)
    text = format_table(list(rows.values()))
    assert text.startswith(f"{PRACTICE}:") and "no submission" in text


def _cells(nb):
    return [(c.cell_type, c.source, json.dumps(_nbgrader(c), sort_keys=True),
             c.metadata.get("editable"), c.metadata.get("deletable")) for c in nb.cells]


def test_the_nbgrader_release_is_the_student_notebook(tmp_path):
    """nbgrader's generate_assignment, for every practice, gives exercises/ (as the generator
    writes it; tests/test_exercises.py checks that exercises/ is what the generator writes)."""
    written = release(tmp_path / "release", root=ROOT, course=tmp_path / "course")
    assert [p.name for p in written] == [p.name for p in SOLUTIONS]
    for path in written:
        ours = _read(path)
        assert _cells(ours) == _cells(student_notebook(_read(ROOT / "solutions" / path.name))), path.name
        assert not any(BEGIN in c.source or END in c.source for c in ours.cells)
        assert _grade_cells(ours)


def test_the_command_line_reports_a_bad_folder(tmp_path, capsys):
    assert main(["--root", str(ROOT), "grade", str(tmp_path / "nowhere")]) == 1
    assert "submissions" in capsys.readouterr().err
    (tmp_path / "s" / "x").mkdir(parents=True)
    assert main(["--root", str(ROOT), "grade", str(tmp_path / "s"), "--practices", "ch99_practice"]) == 1
    assert "ch99_practice" in capsys.readouterr().err
