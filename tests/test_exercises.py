"""exercises/ is generated from solutions/: the generator's stubs, and a sync test that fails
when the two drift apart."""
import shutil
from pathlib import Path

import nbformat
import pytest

from physml.exercises import out_of_sync, strip_solutions, student_notebook

ROOT = Path(__file__).resolve().parents[1]


def test_exercises_are_in_sync_with_solutions():
    assert out_of_sync(ROOT) == [], "run: python -m physml.exercises"


def test_sync_check_detects_a_changed_solution(tmp_path):
    for d in ("solutions", "exercises"):
        shutil.copytree(ROOT / d, tmp_path / d)
    assert out_of_sync(tmp_path) == []
    path = sorted((tmp_path / "solutions").glob("*.ipynb"))[0]
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("print('a new task')"))
    nbformat.write(nb, path)
    assert out_of_sync(tmp_path) == [path.name]
    (tmp_path / "exercises" / "stray.ipynb").write_text((tmp_path / "exercises" / path.name).read_text())
    assert "stray.ipynb" in out_of_sync(tmp_path)


def test_every_solution_has_markers_and_the_exercise_has_none():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        sol = nbformat.read(path, as_version=4)
        assert any("### BEGIN SOLUTION" in c.source for c in sol.cells), path.name
        exe = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
        assert not any("SOLUTION" in c.source for c in exe.cells), path.name


def test_stub_for_a_function_body_returns_ellipsis():
    src = "def f(x):\n    ### BEGIN SOLUTION\n    y = 2 * x\n    return y\n    ### END SOLUTION\n"
    out = strip_solutions(src)
    assert out == "def f(x):\n    # YOUR CODE HERE\n    return ..."  # no hint of the steps
    ns = {}
    exec(out, ns)
    assert ns["f"](3) is ...


def test_stub_for_top_level_assignments_keeps_names_defined():
    src = "### BEGIN SOLUTION\nimport numpy as np\na, b = 1, 2\nc: float = 3.0\n### END SOLUTION\nprint(a)"
    out = strip_solutions(src, later="print(c)")
    ns = {}
    exec(out, ns)
    assert ns["a"] is ... and ns["c"] is ...
    assert "b" not in ns  # an intermediate result that nothing uses later is not revealed
    assert "import numpy" not in out


@pytest.mark.parametrize("src", [
    "### BEGIN SOLUTION\nx = 1\n",
    "x = 1\n### END SOLUTION\n",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
])
def test_unbalanced_markers_are_an_error(src):
    with pytest.raises(ValueError):
        strip_solutions(src)


def test_cells_tagged_solution_are_dropped():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("task"),
                                         nbformat.v4.new_markdown_cell("answer")])
    nb.cells[1].metadata["tags"] = ["solution"]
    assert [c.source for c in student_notebook(nb).cells] == ["task"]
