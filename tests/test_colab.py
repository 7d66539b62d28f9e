"""The hosted-kernel install cell (physml.colab): rendered from _config.yml's one repository
setting, first in every notebook, a no-op where physml is importable, and an install where it is not
(a fresh virtual environment, installing from a copy of this checkout as a stand-in for the
repository)."""
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

from physml.colab import (
    INSTALL_ENV,
    INSTALL_TAG,
    first_code_cell,
    install_cell_source,
    main,
    package_source,
    stale_sources,
    with_install_cell,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p.relative_to(ROOT).as_posix() for d in ("book", "solutions") for p in (ROOT / d).glob("*.py"))
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix()
                   for d in ("book", "solutions", "exercises") for p in (ROOT / d).glob("*.ipynb"))


def _text(source):
    return "".join(source) if isinstance(source, list) else source


def test_the_cell_installs_from_the_one_repository_setting():
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    expected = f"git+{repo['url']}@{repo['branch']}"
    assert package_source() == expected
    assert f'"{expected}"' in install_cell_source()
    assert "%" not in install_cell_source() and "!" not in install_cell_source()   # no IPython magic
    compile(install_cell_source(), "<install cell>", "exec")                           # plain Python


def test_another_setting_renders_another_cell(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: https://example.org/course/fork/\n  branch: spring-2027\n")
    assert package_source(config) == "git+https://example.org/course/fork@spring-2027"
    assert "git+https://example.org/course/fork@spring-2027" in install_cell_source(config)


@pytest.mark.parametrize("setting, match", [("url: git@github.com:a/b\n  branch: main", "repository.url"),
                                            ("url: https://github.com/a/b\n  branch: ''", "repository.branch")])
def test_a_bad_repository_setting_is_named(tmp_path, setting, match):
    config = tmp_path / "_config.yml"
    config.write_text(f"repository:\n  {setting}\n")
    with pytest.raises(ValueError, match=match):
        package_source(config)
    with pytest.raises(ValueError, match="config must be"):
        package_source(tmp_path / "missing.yml")


@pytest.mark.parametrize("path", SOURCES)
def test_every_source_starts_with_the_rendered_cell(path):
    nb = jupytext.read(ROOT / path, fmt="py:percent")
    cell = first_code_cell(nb)
    assert cell is not None and cell.source == install_cell_source(), \
        f"{path}: the first code cell is not the install cell: run python -m physml.colab"
    assert INSTALL_TAG in cell.metadata.get("tags", [])
    assert nb.cells[0].cell_type == "markdown"            # the title cell stays first


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_every_notebook_starts_with_the_rendered_cell(path):
    """The stored notebooks follow their sources once executed (tools/execute.py) and regenerated
    (python -m physml.exercises)."""
    cell = first_code_cell(nbformat.read(ROOT / path, as_version=4))
    assert cell is not None and _text(cell.source) == install_cell_source(), \
        f"{path}: the first code cell is not the install cell: re-execute / regenerate it"
    assert INSTALL_TAG in cell.metadata.get("tags", []) and cell.get("outputs") == []


def test_the_tool_inserts_then_replaces_and_is_idempotent(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "solutions").mkdir()
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://example.org/a/b\n  branch: main\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         nbformat.v4.new_code_cell("import physml")])
    path = tmp_path / "book" / "ch.py"
    path.write_text(jupytext.writes(nb, fmt="py:percent"))
    assert main(["--root", str(tmp_path), "--check"]) == 1
    assert main(["--root", str(tmp_path)]) == 0
    assert stale_sources(tmp_path) == []
    once = path.read_text()
    assert main(["--root", str(tmp_path)]) == 0 and path.read_text() == once
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://example.org/a/b\n  branch: dev\n")
    assert stale_sources(tmp_path) == [str(path)]
    main(["--root", str(tmp_path)])
    cells = jupytext.read(path, fmt="py:percent").cells
    assert [c.cell_type for c in cells] == ["markdown", "code", "code"]        # replaced, not added
    assert "@dev" in cells[1].source and cells[2].source == "import physml"


def test_with_install_cell_names_a_bad_argument():
    with pytest.raises(TypeError, match="nb must be a notebook"):
        with_install_cell(["not", "a", "notebook"])


def _run_cell(python, env, cwd):
    return subprocess.run([python, "-c", install_cell_source()], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_where_physml_is_importable_the_cell_does_nothing(tmp_path):
    """No pip call: pip would fail (an index that does not exist, a package that does not
    exist) and any subprocess would raise, yet the cell runs cleanly."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env[INSTALL_ENV] = "--no-index --find-links /nonexistent physml-does-not-exist"
    guard = ("import subprocess\n"
             "def _no(*a, **k): raise SystemExit('a subprocess was started: ' + repr(a))\n"
             "subprocess.run = subprocess.Popen = _no\n")
    done = subprocess.run([sys.executable, "-c", guard + install_cell_source()], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    # ...and the guard is effective: where physml is missing it stops the cell
    env["PYTHONNOUSERSITE"] = "1"
    missing = subprocess.run([sys.executable, "-I", "-S", "-c", guard + install_cell_source()],
                             env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "a subprocess was started" in missing.stderr


def test_in_a_fresh_venv_without_physml_the_cell_installs_it(tmp_path):
    """A stand-in for Colab: a new virtual environment without physml; the override points pip at
    this checkout, built into a wheel here first (what pip builds from the git URL; built with this
    environment's setuptools, since a fresh venv has no ``wheel`` package and, offline, could not
    fetch one), installed ``--no-deps`` (offline, and quick: no jax)."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy(ROOT / "pyproject.toml", checkout)
    shutil.copytree(ROOT / "physml", checkout / "physml",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path / "dist"), str(checkout)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("physml-*.whl"))
    build_seconds = time.perf_counter() - t0
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    before = subprocess.run([python, "-c", "import importlib.util; print(importlib.util.find_spec('physml'))"],
                            env=env, cwd=tmp_path, capture_output=True, text=True)
    assert before.stdout.strip() == "None"
    env[INSTALL_ENV] = f"--no-deps {wheel}"
    t0 = time.perf_counter()
    done = _run_cell(python, env, tmp_path)
    seconds = time.perf_counter() - t0
    assert done.returncode == 0, done.stderr[-2000:]
    assert seconds > 0   # quick (--no-deps, a local wheel); not a timed assertion, which a loaded machine could fail
    where = subprocess.run([python, "-c", "import importlib.util, pathlib; "
                            "s = importlib.util.find_spec('physml'); p = pathlib.Path(s.origin).parent; "
                            "print(p); print(sorted(f.name for f in (p / 'data').glob('*.csv')))"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout.splitlines()
    installed = Path(where[0])
    assert env_dir in installed.parents and checkout not in installed.parents    # a real install
    assert where[1] == repr(sorted(f.name for f in (ROOT / "physml" / "data").glob("*.csv")))   # package data
    again = _run_cell(python, env | {INSTALL_ENV: "--no-index physml-does-not-exist"}, tmp_path)
    assert again.returncode == 0, "once installed, the cell must not call pip again"
    print(f"wheel built in {build_seconds:.1f} s; fresh-venv install of physml by the cell: {seconds:.1f} s")
