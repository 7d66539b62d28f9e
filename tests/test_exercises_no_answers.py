"""No notebook in exercises/ stores an answer.

The students' notebooks are generated from solutions/ (``python -m physml.exercises``) and stored
executed. Read against its solution notebook, no exercise notebook may hold

* a ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region, or a cell tagged ``solution``;
* a line of code from a solution region (or of a cell tagged ``solution``) that the rest of the
  solution notebook does not also have;
* a check verdict other than "… not attempted": every ``check(...)`` cell shows that verdict
  for its task, so a ✓ (or a ✗ for a stub) anywhere in its outputs or its saved widget state is
  an answer stored, or a stub that does not stub;
* the remark of a ✓ verdict of the solution notebook, or a line that the solution's answer cells
  printed (their distinctive results: "t_cross = 1189; ...", "M_Saturn = 5.6893e+26 kg; ...").

The solution notebooks are the reference: they are read, not run, and must themselves show a ✓
for every check, so that the last two points have something to compare. The doctored copies at
the end show that each point fails when its kind of answer is put back.
"""
import copy
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
#: a check's verdict as ``physml.checks.Result`` shows it, as text ("✓ [task] ...") and as HTML
VERDICT_TEXT = re.compile(r"([✓✗…!]) \[([\w.-]+)\] ([^\n]*)")
VERDICT_HTML = re.compile(r"<b>([✓✗…!]) ([\w.-]+)</b>")
CHECK_CALL = re.compile(r"\bcheck\(\s*[\"']([\w.-]+)[\"']")
#: what a stub's check shows; and where a ✓ verdict's remark starts
NOT_ATTEMPTED, CORRECT = "…", ": correct. "


def practices():
    return sorted(p.name for p in (ROOT / "solutions").glob("*.ipynb"))


def read(folder, name):
    return nbformat.read(ROOT / folder / name, as_version=4)


def output_texts(cell):
    """Every text a code cell shows: streams, text/* representations and error tracebacks."""
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            yield output.text
        elif output.output_type in ("execute_result", "display_data"):
            yield from (value for kind, value in output.data.items()
                        if kind.startswith("text/") and isinstance(value, str))
        elif output.output_type == "error":
            yield "\n".join(output.traceback)


def verdicts(text):
    """The (symbol, task) of every check verdict in ``text``, printed or as HTML."""
    return [m.group(1, 2) for m in VERDICT_TEXT.finditer(text)] + \
        [m.group(1, 2) for m in VERDICT_HTML.finditer(text)]


def _is_trivial(line):
    """A line that tells nothing: blank, punctuation, a comment, or a stub's own ``...``."""
    return not re.search(r"\w", line) or line.startswith("#") or line in ("return ...", "pass")


def answer_material(solution):
    """What the solution notebook holds that its students' notebook must not.

    Returns ``(code, remarks, results, checked)``: the distinctive lines of its solution regions and
    ``solution`` cells (those the rest of the notebook does not have), the remarks of its ✓ verdicts,
    the lines printed by its answer cells (those with a region or the tag) that carry a number, and
    the tasks that show a ✓.
    """
    inside, outside, remarks, results, checked = set(), set(), set(), set(), set()
    for cell in solution.cells:
        tagged = "solution" in cell.get("metadata", {}).get("tags", [])
        in_region = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped in (BEGIN, END):
                in_region = stripped == BEGIN
                continue
            (inside if in_region or tagged else outside).add(stripped)
        if cell.cell_type != "code":
            continue
        answer_cell = tagged or BEGIN in cell.source
        for text in output_texts(cell):
            for match in VERDICT_TEXT.finditer(text):
                if match.group(1) == "✓":
                    checked.add(match.group(2))
                    remark = match.group(3).partition(CORRECT)[2].strip()
                    if remark:
                        remarks.add(remark)
            if answer_cell:
                results |= {line.strip() for line in text.splitlines()
                            if re.search(r"\d", line) and not verdicts(line) and len(line.strip()) >= 4}
    code = {line for line in inside - outside if not _is_trivial(line)}
    return code, remarks, results, checked


def leaks(solution, exercise):
    """Every way in which ``exercise`` stores an answer of ``solution``, as one message each."""
    code, remarks, results, _ = answer_material(solution)
    found = []
    shown = json.dumps(exercise.metadata, ensure_ascii=False)      # saved widget state, among others
    for number, cell in enumerate(exercise.cells):
        where = f"cell {number}"
        if BEGIN in cell.source or END in cell.source:
            found.append(f"{where}: holds a solution region ({BEGIN})")
        if "solution" in cell.get("metadata", {}).get("tags", []):
            found.append(f"{where}: is tagged 'solution'")
        copied = sorted(code & {line.strip() for line in cell.source.splitlines()})
        if copied:
            found.append(f"{where}: holds a line of a solution region or cell: {copied[0]!r}")
        if cell.cell_type != "code":
            continue
        texts = "\n".join(output_texts(cell))
        shown += "\n" + texts
        for symbol, task in sorted(set(verdicts(texts))):
            if symbol != NOT_ATTEMPTED:
                found.append(f"{where}: shows the verdict {symbol} for {task}, not '{NOT_ATTEMPTED} not attempted'")
        for task in CHECK_CALL.findall(cell.source):
            if (NOT_ATTEMPTED, task) not in verdicts(texts):
                found.append(f"{where}: checks {task} but does not show '{NOT_ATTEMPTED} not attempted' for it")
        printed = sorted(results & {line.strip() for line in texts.splitlines()})
        if printed:
            found.append(f"{where}: shows a result of the solution: {printed[0]!r}")
    for symbol, task in sorted(set(verdicts(json.dumps(exercise.metadata, ensure_ascii=False)))):
        if symbol != NOT_ATTEMPTED:
            found.append(f"notebook metadata: saves the verdict {symbol} for {task}")
    found += [f"shows the remark of a ✓ verdict: {remark[:60]!r}" for remark in sorted(remarks) if remark in shown]
    return found


@pytest.mark.parametrize("name", practices())
def test_the_solution_notebook_shows_a_pass_for_every_check(name):
    solution = read("solutions", name)
    tasks = {task for cell in solution.cells if cell.cell_type == "code" for task in CHECK_CALL.findall(cell.source)}
    code, remarks, _, checked = answer_material(solution)
    assert tasks and tasks <= checked, f"no ✓ stored for {sorted(tasks - checked)}"
    assert code and remarks


@pytest.mark.parametrize("name", practices())
def test_no_exercise_notebook_stores_an_answer(name):
    assert (ROOT / "exercises" / name).exists(), f"exercises/{name} is missing: run python -m physml.exercises"
    found = leaks(read("solutions", name), read("exercises", name))
    assert not found, f"exercises/{name} stores an answer:\n" + "\n".join(found)


# ----------------------------------------------------------------- the test fails on a doctored copy
def _first(cells, test):
    return next(number for number, cell in enumerate(cells) if test(cell))


def _checks(cell):
    return cell.cell_type == "code" and CHECK_CALL.search(cell.source)


def _region(cell):
    return BEGIN in cell.source


def put_region_back(solution, exercise):
    exercise.cells.append(copy.deepcopy(solution.cells[_first(solution.cells, _region)]))


def put_tagged_cell_back(solution, exercise):
    cell = copy.deepcopy(solution.cells[_first(solution.cells, lambda c: "solution" in c.metadata.get("tags", []))])
    exercise.cells.append(cell)


def put_solution_line_back(solution, exercise):
    code, *_ = answer_material(solution)
    region = solution.cells[_first(solution.cells, _region)].source
    line = next(line.strip() for line in region.split(BEGIN, 1)[1].splitlines() if line.strip() in code)
    target = exercise.cells[_first(exercise.cells, lambda c: c.cell_type == "code" and "# YOUR CODE HERE" in c.source)]
    target.source += "\n" + line


def store_a_pass(solution, exercise):
    source = solution.cells[_first(solution.cells, _checks)]
    task = CHECK_CALL.search(source.source).group(1)
    target = exercise.cells[_first(exercise.cells, lambda c: _checks(c) and task in c.source)]
    target.outputs = copy.deepcopy(source.outputs)


def store_a_wrong_verdict(solution, exercise):
    target = exercise.cells[_first(exercise.cells, _checks)]
    for output in target.outputs:
        for kind in ("text/plain", "text/html"):
            if kind in output.get("data", {}):
                output.data[kind] = output.data[kind].replace(NOT_ATTEMPTED, "✗")


def clear_a_check(solution, exercise):
    exercise.cells[_first(exercise.cells, _checks)].outputs = []


def save_a_remark_in_widget_state(solution, exercise):
    _, remarks, _, _ = answer_material(solution)
    exercise.metadata["widgets"] = {"state": {"result": {"value": sorted(remarks)[0]}}}


def print_a_result(solution, exercise):
    _, _, results, _ = answer_material(solution)
    target = exercise.cells[_first(exercise.cells, lambda c: c.cell_type == "code")]
    target.outputs = [nbformat.v4.new_output("stream", name="stdout", text=sorted(results)[0] + "\n")]


DOCTORS = {put_region_back: "holds a solution region", put_tagged_cell_back: "is tagged 'solution'",
           put_solution_line_back: "holds a line of a solution region", store_a_pass: "shows the verdict ✓",
           store_a_wrong_verdict: "shows the verdict ✗", clear_a_check: "does not show '… not attempted'",
           save_a_remark_in_widget_state: "shows the remark of a ✓ verdict",
           print_a_result: "shows a result of the solution"}


@pytest.mark.parametrize("doctor", DOCTORS, ids=lambda doctor: doctor.__name__)
def test_a_doctored_exercise_notebook_fails(doctor):
    # a practice with cells tagged 'solution' and answer cells that print results
    name = next(n for n in practices() if any(
        "solution" in c.metadata.get("tags", []) for c in read("solutions", n).cells)
        and answer_material(read("solutions", n))[2])
    solution, exercise = read("solutions", name), read("exercises", name)
    doctor(solution, exercise)
    found = leaks(solution, exercise)
    assert any(DOCTORS[doctor] in message for message in found), found
