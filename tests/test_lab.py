"""The practices in a real JupyterLab (issue 16, point 5): a student's session in headless Chromium.

``tools/lab_audit.py`` starts ``jupyter lab`` on a free port with a token, in a temporary
directory of copies (the repository's notebooks are never opened by the server) and with no user
settings, and drives it once per session:

* open-and-save, with Ctrl+S and no edit, of an untouched chapter and practice: as stored in the
  repository, and as written by :func:`physml.notebooks.write_notebook` (Lab's own byte form);
* practice 7: *Run All Cells* from the menu, then the explorer's slider moved three notches with
  the keyboard, then task 7.2 answered in its cell's editor, first wrongly and then as in
  ``solutions/`` (read from there, so the test follows the solution if it changes). A screenshot
  after run-all and the session's record (``lab_report.json``) are written to
  $PHYSML_LAB_SCREENSHOTS (default: the session's temporary directory).

Each test below asserts one property of that session, so a failure names what is wrong.

Chromium is Debian's package (/usr/bin/chromium, or $CHROMIUM); Playwright never downloads a
browser. Without Chromium, Playwright or JupyterLab these tests are skipped with a warning saying so, except
when $CI is set (``.ci/run`` sets it): there they fail.
"""

import ast
import importlib.util
import json
import os
import platform
import re
import shutil
from pathlib import Path

import pytest
from browser_skip import cannot_run

from physml import notebooks
from physml.checks import evaluate

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("lab_audit", ROOT / "tools" / "lab_audit.py")
lab_audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab_audit)

PRACTICE = "exercises/ch07_practice.ipynb"
SOLUTION = "solutions/ch07_practice.ipynb"
CHAPTER = "book/ch07_symplectic.ipynb"
TASK = "ch07-predict-halving"          # a one-letter choice: short to type, quick to check
SAVED = {"chapter": CHAPTER, "practice": PRACTICE}
# A slider notch is one kernel round trip: compute + PNG (under 100 ms, tools/benchmark.py) plus
# the browser's decode; the bound leaves room for a loaded CI machine.
REDRAW_BOUND_MS = 2000


def _cannot_run(reason):
    cannot_run("browser tests of JupyterLab (tests/test_lab.py)", reason)


def _code(nb_path, task_id, answer=False):
    """The source of the code cell of ``nb_path`` that checks ``task_id`` or, with ``answer``, of
    the cell the student answers in: in exercises/ (nbgrader's release) the answer is a cell of
    its own just before its read-only check cell; in solutions/ the two may share a cell."""
    nb = json.loads((ROOT / nb_path).read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for i, cell in enumerate(code):
        src = "".join(cell["source"])
        if f'check("{task_id}"' in src:
            if answer and src.strip().startswith(f'check("{task_id}"') and i > 0:
                return "".join(code[i - 1]["source"])
            return src
    raise LookupError(f"no cell of {nb_path} checks {task_id!r}")


def answers_for(task_id):
    """(wrong source, right source) for the stub cell of ``task_id``, as a student edits it: the
    ``name = ...`` line of the stub becomes ``name = <value>``. The right value is the solution's;
    the wrong one is the first option listed in the task's text that the check calls wrong."""
    block = lab_audit.SOLUTION_BLOCK.search(_code(SOLUTION, task_id)).group(1)
    (assign,) = ast.parse(block).body
    name, right = assign.targets[0].id, ast.literal_eval(assign.value)
    stub = _code(PRACTICE, task_id, answer=True)
    line = re.compile(rf"^{re.escape(name)} = \.\.\.$", re.M)
    assert line.search(stub), f"the stub of {task_id} has no line `{name} = ...`:\n{stub}"
    assert evaluate(task_id, right).status == "correct", "the solution in solutions/ does not pass"
    nb = json.loads((ROOT / SOLUTION).read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    options = re.findall(r"^- \(([a-z])\)", text, re.M)
    wrong = next((o for o in options if evaluate(task_id, o).status == "wrong"), None)
    assert wrong is not None, f"no option of {options} is graded wrong for {task_id}"
    return (line.sub(f"{name} = {wrong!r}", stub), line.sub(f"{name} = {right!r}", stub), wrong, right)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    missing = lab_audit.lab_available()
    if missing:
        _cannot_run(missing)
    work = tmp_path_factory.mktemp("lab")
    shutil.copy2(ROOT / PRACTICE, work / Path(PRACTICE).name)
    saves = {}
    for kind, rel in SAVED.items():
        stored = work / "stored" / Path(rel).name
        stored.parent.mkdir(exist_ok=True)
        shutil.copy2(ROOT / rel, stored)
        saves[("stored", kind)] = f"stored/{stored.name}"
        written = work / "written" / Path(rel).name
        written.parent.mkdir(exist_ok=True)
        notebooks.write_notebook(json.loads((ROOT / rel).read_text()), written)
        saves[("write_notebook", kind)] = f"written/{written.name}"
    wrong_src, right_src, wrong, right = answers_for(TASK)
    shot = Path(os.environ.get("PHYSML_LAB_SCREENSHOTS", work)) / "ch07_practice_after_run_all.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    report = lab_audit.audit(work, Path(PRACTICE).name, [(TASK, wrong_src), (TASK, right_src)],
                             list(saves.values()), screenshot=shot, log=lambda s: None)
    report["expected_answers"] = {"wrong": wrong, "right": right}
    (shot.parent / "lab_report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    report["saves_by"] = {key: report["saves"][name] for key, name in saves.items()}
    return report


def test_the_session_saw_the_practice(session):
    """Not vacuous: every code cell ran and every task's check answered (not attempted yet)."""
    work = session["work"]
    assert work["code_cells"] >= 8 and not work["cells_not_run"], work
    stub = json.loads((ROOT / PRACTICE).read_text())
    n_checks = sum('check("' in "".join(c["source"]) for c in stub["cells"] if c["cell_type"] == "code")
    assert len(work["checks"]) == n_checks, work["checks"]
    assert all(c.startswith("…") for c in work["checks"]), work["checks"]


def test_run_all_gives_no_error_outputs(session):
    assert not session["work"]["error_outputs"], session["work"]["error_outputs"]


def test_widgets_render(session):
    w = session["work"]["widgets"]
    assert w["sliders"] >= 1 and w["images"] >= 1 and not w["widget_errors"], w


def test_slider_redraws_the_figure(session):
    s = session["work"]["slider"]
    assert len(set(s["readouts"])) == len(s["readouts"]), f"the slider did not move: {s['readouts']}"
    assert all(ms is not None for ms in s["latencies_ms"]), \
        f"the figure did not change within {lab_audit.REDRAW_TIMEOUT_MS} ms of a notch: {s}"
    assert max(s["latencies_ms"]) < REDRAW_BOUND_MS, f"redraw latencies {s['latencies_ms']} ms"


def test_live_figure_is_not_upscaled(session):
    """Issue 16, point 2: the live figure's pixels at least fill the box it is shown in."""
    sizes = session["work"]["slider"]["figure_sizes"]
    assert sizes, "no figure image found in the explorer's output"
    blurry = [s for s in sizes if s["natural"][0] < s["shown"][0]]
    assert not blurry, f"figure images shown larger than their pixels (natural vs shown): {blurry}"


def test_wrong_then_right_answer_in_the_editor(session):
    wrong, right = session["work"]["answers"]
    expected = session["expected_answers"]
    assert repr(expected["wrong"]) in wrong["source_in_cell"], wrong["source_in_cell"]
    assert repr(expected["right"]) in right["source_in_cell"], right["source_in_cell"]
    assert wrong["verdict"].startswith("✗") and "not yet. Hint:" in wrong["verdict"], wrong
    assert right["verdict"].startswith("✓") and ": correct." in right["verdict"], right
    assert not wrong["errors"] and not right["errors"], (wrong["errors"], right["errors"])


def test_myst_is_rendered(session):
    myst = session["work"]["myst"]
    stub = json.loads((ROOT / PRACTICE).read_text())
    n_md = sum(c["cell_type"] == "markdown" for c in stub["cells"])
    assert myst["rendered_cells"] == n_md, myst
    assert not myst["raw"], f"MyST shown as raw text in JupyterLab: {myst['raw']}"


def test_cross_references_resolve(session):
    """A {ref} to another notebook cannot resolve in Lab: jupyterlab-myst shows the bare label
    with a warning mark (and logs an error). The practices should link to the chapter instead."""
    unresolved = session["work"]["myst"]["unresolved_refs"]
    assert not unresolved, f"references Lab cannot resolve in {PRACTICE}: {unresolved}"


def test_no_console_errors(session):
    """Console errors and uncaught exceptions in the Lab page (unresolved references are counted
    by test_cross_references_resolve; lab_audit.IGNORED_CONSOLE lists what is ignored and why)."""
    bad = [m for m in session["console_errors"] if lab_audit.CROSS_REFERENCE not in m]
    assert not bad, f"{len(bad)} console errors: {bad[:6]}"


def test_no_requests_to_other_hosts(session):
    assert not session["external_requests"], session["external_requests"]


def _same_bytes_but_python_version(rec):
    """Lab writes the running kernel's language_info: on a Python other than the one that stored
    the outputs only its version line may differ (physml.notebooks.lab_normal_form keeps it)."""
    if rec["identical"]:
        return True
    allowed = f'"version": "{platform.python_version()}"'
    return rec["changed_lines"] == 2 and any(allowed in e for e in rec["examples"])


@pytest.mark.parametrize("kind", sorted(SAVED))
def test_open_and_save_keeps_the_stored_notebook(session, kind):
    """Goes green once the stored notebooks are written with physml.notebooks.write_notebook."""
    rec = session["saves_by"][("stored", kind)]
    assert _same_bytes_but_python_version(rec), \
        f"open-and-save of {SAVED[kind]} as stored changes {rec['changed_lines']} lines " \
        f"({rec['changed_bytes']} bytes), e.g. {rec['examples'][:3]}"


@pytest.mark.parametrize("kind", sorted(SAVED))
def test_open_and_save_keeps_a_notebook_written_by_write_notebook(session, kind):
    rec = session["saves_by"][("write_notebook", kind)]
    assert _same_bytes_but_python_version(rec), \
        f"open-and-save of {SAVED[kind]} written by write_notebook changes {rec['changed_lines']} " \
        f"lines ({rec['changed_bytes']} bytes), e.g. {rec['examples'][:3]}"
