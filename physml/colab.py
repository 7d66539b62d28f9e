"""The first code cell of every notebook: on a hosted kernel (Colab, a JupyterHub without the
course's environment) it installs the course's package ``physml``; where physml is importable it
does nothing.

The package comes from the ONE repository setting of ``_config.yml`` (``repository.url`` and
``repository.branch``, which also drive the site's launch buttons), so the cell is rendered from
it, never typed by hand: :func:`install_cell_source` renders it; ``python -m physml.colab`` writes
it into every authored notebook's text twin (``book/*.py``, ``solutions/*.py``) as the first code
cell, right after the title cell; ``tools/execute.py`` then stores it in the ``.ipynb`` and
``python -m physml.exercises`` copies it into ``exercises/``; ``tests/test_colab.py`` fails when
any notebook's first code cell differs from the rendered one.

The cell is tagged ``remove-cell``: the website (where nothing runs) does not show it, JupyterLab
and Colab do. It uses no IPython magic, so it runs as plain Python too. The environment variable
:data:`INSTALL_ENV` replaces what pip installs (e.g. ``--no-deps /path/to/a/checkout``), for the
test and for a course that mirrors the package elsewhere.

    python -m physml.colab            # write/update the install cell of book/*.py and solutions/*.py
    python -m physml.colab --check    # exit 1 listing sources whose first code cell is not it
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

__all__ = ["INSTALL_ENV", "INSTALL_TAG", "package_source", "install_cell_source",
           "install_cell", "is_install_cell", "with_install_cell", "first_code_cell", "stale_sources", "main"]

ROOT = Path(__file__).resolve().parents[1]
#: Replaces what pip installs, split on whitespace (``--no-deps /path/to/checkout``).
INSTALL_ENV = "PHYSML_PIP_INSTALL"
#: Jupyter Book drops a cell with this tag from the website; Lab and Colab show it.
INSTALL_TAG = "remove-cell"
_FIRST_LINE = "# Hosted kernels (Colab, ...): install this course's package physml when it is missing."
_TEMPLATE = f'''{_FIRST_LINE}
# Where physml is installed (the course's own setup) this cell does nothing.
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("physml") is None:
    source = "{{source}}"
    pip_args = os.environ.get("{INSTALL_ENV}", source).split()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *pip_args], check=True)
    importlib.invalidate_caches()'''


def _repository(config):
    import yaml

    path = Path(config)
    if not path.is_file():
        raise ValueError(f"config must be the book's _config.yml, not a missing file {str(path)!r}")
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return settings.get("repository") or {}


def package_source(config=ROOT / "_config.yml"):
    """What pip installs on a hosted kernel: ``git+<repository.url>@<repository.branch>`` from the
    book's ``_config.yml`` (``config``)."""
    repo = _repository(config)
    url, branch = str(repo.get("url") or ""), str(repo.get("branch") or "")
    if not re.fullmatch(r"https://[^\s@\"']+", url):
        raise ValueError(f"repository.url in {config} must be an https:// address, not {url!r}")
    if not re.fullmatch(r"[\w./-]+", branch):
        raise ValueError(f"repository.branch in {config} must name a branch, not {branch!r}")
    return f"git+{url.rstrip('/')}@{branch}"


def install_cell_source(config=ROOT / "_config.yml"):
    """The source of the install cell, rendered from ``config`` (see the module's docstring)."""
    return _TEMPLATE.format(source=package_source(config))


def install_cell(config=ROOT / "_config.yml"):
    """The install cell as an nbformat code cell, tagged :data:`INSTALL_TAG`."""
    import nbformat

    return nbformat.v4.new_code_cell(install_cell_source(config), metadata={"tags": [INSTALL_TAG]})


def is_install_cell(cell):
    """Whether ``cell`` (a notebook cell) is an install cell, current or outdated."""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return cell.get("cell_type") == "code" and source.startswith(_FIRST_LINE)


def with_install_cell(nb, config=ROOT / "_config.yml"):
    """Notebook ``nb`` with the rendered install cell as its first code cell, right after the
    title cell (a first markdown cell stays first: the page's label and title live there). An
    outdated install cell is replaced. ``nb`` is modified in place and returned."""
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"nb must be a notebook (a dict with a list of cells), not {type(nb).__name__}")
    old = [c for c in nb["cells"] if is_install_cell(c)]
    cell = install_cell(config)
    if old:                                   # keep the cell's id and any other metadata
        old[0]["source"] = cell["source"]
        tags = old[0].setdefault("metadata", {}).setdefault("tags", [])
        if INSTALL_TAG not in tags:
            tags.append(INSTALL_TAG)
        cell = old[0]
    cells = [c for c in nb["cells"] if not is_install_cell(c)]
    at = 1 if cells and cells[0].get("cell_type") == "markdown" else 0
    nb["cells"] = cells[:at] + [cell] + cells[at:]
    return nb


def first_code_cell(nb):
    """The first code cell of notebook ``nb`` (None if it has none)."""
    return next((c for c in nb["cells"] if c.get("cell_type") == "code"), None)


def _sources(root):
    from physml.notebooks import PAIRED

    return sorted(p for folder in PAIRED for p in (Path(root) / folder).glob("*.py"))


def _first_cell_ok(nb, config):
    first = first_code_cell(nb) or {}
    source = first.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return (first.get("cell_type") == "code" and source == install_cell_source(config)
            and INSTALL_TAG in first.get("metadata", {}).get("tags", []))


def stale_sources(root=ROOT, config=None):
    """The authored text twins (``book/*.py``, ``solutions/*.py`` under ``root``) whose first code
    cell is not the install cell rendered from ``config`` (default: ``root``'s ``_config.yml``)."""
    import jupytext

    config = Path(root) / "_config.yml" if config is None else config
    return [str(p) for p in _sources(root) if not _first_cell_ok(jupytext.read(p, fmt="py:percent"), config)]


def _update(path, config):
    import jupytext

    text = path.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="py:percent")
    if jupytext.writes(nb, fmt="py:percent") != text:
        raise ValueError(f"{path} does not read back unchanged through jupytext: not rewritten")
    new = jupytext.writes(with_install_cell(nb, config), fmt="py:percent")
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def main(argv=None):
    """The command line: ``python -m physml.colab [--check] [--root DIR]`` writes (or, with
    ``--check``, only lists) the notebook sources whose install cell is missing or stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(ROOT), help="the book's repository (default: this checkout)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 listing the sources whose first code cell is stale")
    args = parser.parse_args(argv)
    config = Path(args.root) / "_config.yml"
    if args.check:
        stale = stale_sources(args.root, config)
        for p in stale:
            print(f"first code cell is not the rendered install cell: {p}")
        return 1 if stale else 0
    for p in _sources(args.root):
        if _update(p, config):
            print(f"updated  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
