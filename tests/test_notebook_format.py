"""Stored notebooks are in the byte form JupyterLab writes, so opening and saving an untouched
notebook in Lab changes nothing (physml.notebooks.lab_normal_form, tools/normalise_notebooks.py).

The reference is JupyterLab itself: ``LAB_SAVED`` below is the file JupyterLab 4.4.10
(jupyter_server 2.17, jupytext's contents manager, headless Chromium) wrote when the notebook
``BEFORE_LAB`` was opened, its kernel started, and saved with Ctrl+S and no edit. Where Node.js is
installed, the number formatting is also checked against JavaScript's own JSON.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from physml.notebooks import (
    LAB_KERNEL_DISPLAY_NAME,
    fold_hidden_inputs,
    lab_normal_form,
    not_lab_normal,
    paired_text,
    text_pair,
    unpaired,
    write_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import normalise_notebooks  # noqa: E402

NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix()
                   for d in ("book", "exercises", "solutions") for p in (ROOT / d).glob("*.ipynb"))

#: The file opened in Lab, as nbformat writes it: integral floats in an output, in widget state
#: and in a slider's range, -0.0, an integer beyond 2**53, the kernelspec nbformat and nbclient
#: write, non-ASCII text.
BEFORE_LAB = json.loads(r"""{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "a1b2c3d4",
   "metadata": {},
   "source": [
    "# Tiny – with é\n",
    "two lines"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "e5f6a7b8",
   "metadata": {
    "tags": [
     "x"
    ]
   },
   "outputs": [
    {
     "data": {
      "application/json": {
       "big": 1e+16,
       "bigint": 9007199254740993,
       "half": 0.5,
       "huge": 1e+21,
       "int": 3,
       "list": [
        0.0,
        100.0,
        2.5
       ],
       "negzero": -0.0,
       "six": 6.0,
       "small": 1e-05,
       "tiny": 1e-07,
       "zero": 0.0
      },
      "text/plain": [
       "{'zero': 0.0}"
      ]
     },
     "execution_count": 1,
     "metadata": {},
     "output_type": "execute_result"
    }
   ],
   "source": [
    "x = 1\n",
    "x"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "codemirror_mode": {
    "name": "ipython",
    "version": 3
   },
   "file_extension": ".py",
   "mimetype": "text/x-python",
   "name": "python",
   "nbconvert_exporter": "python",
   "pygments_lexer": "ipython3",
   "version": "3.11.7"
  },
  "widgets": {
   "application/vnd.jupyter.widget-state+json": {
    "state": {
     "0123456789abcdef0123456789abcdef": {
      "model_module": "@jupyter-widgets/controls",
      "model_module_version": "2.0.0",
      "model_name": "FloatSliderModel",
      "state": {
       "description": "λ",
       "max": 2.0,
       "min": -1.0,
       "step": 0.05,
       "value": 0.0
      }
     }
    },
    "version_major": 2,
    "version_minor": 0
   }
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
""")

#: What JupyterLab 4.4.10 wrote for BEFORE_LAB on open + Ctrl+S (recorded, not computed).
LAB_SAVED = r"""{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "a1b2c3d4",
   "metadata": {},
   "source": [
    "# Tiny – with é\n",
    "two lines"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "e5f6a7b8",
   "metadata": {
    "tags": [
     "x"
    ]
   },
   "outputs": [
    {
     "data": {
      "application/json": {
       "big": 10000000000000000,
       "bigint": 9007199254740992,
       "half": 0.5,
       "huge": 1e+21,
       "int": 3,
       "list": [
        0,
        100,
        2.5
       ],
       "negzero": 0,
       "six": 6,
       "small": 1e-05,
       "tiny": 1e-07,
       "zero": 0
      },
      "text/plain": [
       "{'zero': 0.0}"
      ]
     },
     "execution_count": 1,
     "metadata": {},
     "output_type": "execute_result"
    }
   ],
   "source": [
    "x = 1\n",
    "x"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3 (ipykernel)",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "codemirror_mode": {
    "name": "ipython",
    "version": 3
   },
   "file_extension": ".py",
   "mimetype": "text/x-python",
   "name": "python",
   "nbconvert_exporter": "python",
   "pygments_lexer": "ipython3",
   "version": "3.11.7"
  },
  "widgets": {
   "application/vnd.jupyter.widget-state+json": {
    "state": {
     "0123456789abcdef0123456789abcdef": {
      "model_module": "@jupyter-widgets/controls",
      "model_module_version": "2.0.0",
      "model_name": "FloatSliderModel",
      "state": {
       "description": "λ",
       "max": 2,
       "min": -1,
       "step": 0.05,
       "value": 0
      }
     }
    },
    "version_major": 2,
    "version_minor": 0
   }
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
"""


def test_a_recorded_lab_save_is_reproduced_byte_for_byte():
    assert lab_normal_form(BEFORE_LAB) == LAB_SAVED


def test_the_old_kernelspec_and_integral_floats_are_rewritten_as_lab_would():
    saved = json.loads(lab_normal_form(BEFORE_LAB))
    assert saved["metadata"]["kernelspec"]["display_name"] == LAB_KERNEL_DISPLAY_NAME
    slider = saved["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    state = next(iter(slider.values()))["state"]
    assert state["value"] == 0 and type(state["value"]) is int      # 0.0 -> 0
    assert type(state["step"]) is float                              # 0.05 stays a float
    text = lab_normal_form(BEFORE_LAB)
    assert '": 0.0,' not in text and '0.0\n' not in text and "'zero': 0.0" in text   # data, not prose
    assert BEFORE_LAB["metadata"]["kernelspec"]["display_name"] == "Python 3"   # input untouched


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js not installed")
def test_numbers_follow_javascripts_json():
    """JavaScript's JSON.parse + JSON.stringify (what the browser does) read back by Python."""
    for nb in (BEFORE_LAB, nbformat.read(ROOT / "solutions/ch07_practice.ipynb", as_version=4)):
        text = json.dumps(nb, ensure_ascii=False)
        js = subprocess.run(["node", "-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',"
                             "()=>process.stdout.write(JSON.stringify(JSON.parse(s))))"],
                            input=text, capture_output=True, text=True, check=True).stdout
        through_browser = nbformat.from_dict(json.loads(js))
        through_browser.metadata.kernelspec.display_name = LAB_KERNEL_DISPLAY_NAME
        assert lab_normal_form(nb) == nbformat.writes(through_browser) + "\n"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_every_stored_notebook_is_in_lab_normal_form(path):
    assert not_lab_normal([ROOT / path]) == [], \
        f"{path} changes when opened and saved in JupyterLab: run python tools/normalise_notebooks.py"


@pytest.mark.parametrize("path", ["book/ch06_conservation.ipynb", "solutions/ch07_practice.ipynb",
                                  "exercises/ch06_practice.ipynb"])
def test_the_normal_form_is_idempotent(path):
    once = lab_normal_form(json.loads((ROOT / path).read_text(encoding="utf-8")))
    assert lab_normal_form(json.loads(once)) == once


def _copy_paired(tmp_path, name="ch06_conservation"):
    (tmp_path / "book").mkdir()
    for suffix in (".ipynb", ".py"):
        shutil.copy(ROOT / "book" / (name + suffix), tmp_path / "book" / (name + suffix))
    return tmp_path / "book" / (name + ".ipynb")


def _old_form(path):
    """Put a copy back in the form nbformat writes (old display name, a 0.0 in the metadata)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.kernelspec.display_name = "Python 3"
    nb.metadata["physml_test"] = {"zero": 0.0}
    nbformat.write(nb, path)
    text_pair(path).write_text(paired_text(nb))


def test_the_tool_checks_rewrites_once_and_keeps_the_text_pair(tmp_path, capsys):
    path = _copy_paired(tmp_path)
    _old_form(path)
    assert normalise_notebooks.main(["--check", str(path)]) == 1
    assert str(path) in capsys.readouterr().out
    changed, warning = normalise_notebooks.normalise(path)
    assert changed == [str(path), str(text_pair(path))] and warning is None
    assert "display_name: " + LAB_KERNEL_DISPLAY_NAME in text_pair(path).read_text()
    assert unpaired(tmp_path) == []
    assert normalise_notebooks.main(["--check", str(path)]) == 0
    first = path.read_bytes()
    assert normalise_notebooks.normalise(path) == ([], None)          # idempotent: nothing to do
    assert path.read_bytes() == first


def test_an_edited_text_pair_is_left_alone(tmp_path):
    path = _copy_paired(tmp_path)
    _old_form(path)
    edited = text_pair(path).read_text() + "\n# %%\nprint('new cell')\n"
    text_pair(path).write_text(edited)
    changed, warning = normalise_notebooks.normalise(path)
    assert changed == [str(path)] and "left alone" in warning
    assert text_pair(path).read_text() == edited


def test_write_notebook_writes_the_normal_form(tmp_path):
    target = write_notebook(nbformat.from_dict(BEFORE_LAB), tmp_path / "tiny.ipynb")
    assert target.read_bytes() == LAB_SAVED.encode("utf-8")


def test_a_notebook_before_nbformat_4_5_gets_stable_cell_ids():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_markdown_cell("a")])
    nb.nbformat_minor = 4
    for cell in nb.cells:
        del cell["id"]
    saved = json.loads(lab_normal_form(nb))
    assert saved["nbformat_minor"] == 5
    ids = [c["id"] for c in saved["cells"]]
    assert len(set(ids)) == 2 and ids == [c["id"] for c in json.loads(lab_normal_form(nb))["cells"]]


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="nb must be a notebook"):
        lab_normal_form("book/ch01.ipynb")
    with pytest.raises(ValueError, match="nbformat=3"):
        lab_normal_form({"cells": [], "nbformat": 3})
    with pytest.raises(ValueError, match="path must name an .ipynb file"):
        write_notebook(nbformat.from_dict(BEFORE_LAB), "notes.txt")
    with pytest.raises(TypeError, match="path must be a file path"):
        write_notebook(nbformat.from_dict(BEFORE_LAB), None)


def test_hidden_plotting_code_is_collapsed_in_lab_too():
    """Every cell the website shows output-only (tag ``hide-input``) opens collapsed in JupyterLab
    (``metadata.jupyter.source_hidden``), and nothing else is collapsed."""
    folded, wrong = 0, []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
            tagged = cell.cell_type == "code" and "hide-input" in cell.metadata.get("tags", [])
            folded += hidden
            if hidden != tagged:
                wrong.append(f"{path.name} cell {i}: hide-input {tagged}, source_hidden {hidden}")
    assert not wrong, wrong
    assert folded >= 30, f"only {folded} collapsed cells: is the hide-input tag still used?"


def test_fold_hidden_inputs_marks_only_hide_input_code_cells():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("plot()", metadata={"tags": ["hide-input"]}),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell("text", metadata={"tags": ["hide-input"]})])
    fold_hidden_inputs(nb)
    assert [c.metadata.get("jupyter", {}).get("source_hidden", False) for c in nb.cells] == [True, False, False]
    with pytest.raises(TypeError, match="nb must be a notebook"):
        fold_hidden_inputs("book/ch01_loss_landscapes.ipynb")
