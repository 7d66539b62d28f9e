"""The shape of the package: nothing kept by hand drifts from what it describes.

* the API page documents every public module of ``physml`` and every name in its ``__all__``;
* the README's chapter table, the Introduction's course map and the practices page follow
  ``_toc.yml``;
* every checks module and every figure module registers something, and every registered
  explorer builds, redraws and renders its website version;
* no module reaches into another module's private names.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

import physml
from physml import widgets

ROOT = Path(__file__).resolve().parents[1]


def public_modules():
    names = []
    for info in pkgutil.walk_packages(physml.__path__, "physml."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return ["physml"] + sorted(names)


def automodules(text):
    """``{module: members or None}`` for each ``.. automodule::`` of an API page."""
    found = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"\s*\.\. automodule:: (\S+)", line)
        if not m:
            continue
        members = None
        for follow in lines[i + 1:i + 4]:
            mm = re.match(r"\s*:members:(.*)", follow)
            if mm:
                listed = [x.strip() for x in mm.group(1).split(",") if x.strip()]
                members = listed or None
                break
        found[m.group(1)] = members
    return found


API = automodules((ROOT / "book" / "api.md").read_text())


@pytest.mark.parametrize("name", public_modules())
def test_api_page_documents_every_public_module(name):
    if name == "physml":
        return
    assert name in API, f"book/api.md has no '.. automodule:: {name}'"
    module = importlib.import_module(name)
    members = API[name]
    exported = getattr(module, "__all__", None)
    if members is not None:  # a restricted :members: list must not miss a public name
        missing = sorted(set(exported or ()) - set(members))
        assert not missing, f"book/api.md documents {name} without {missing}"
    for attr in exported or ():
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{name}.{attr} has no docstring"


@pytest.mark.parametrize("name", [m for m in public_modules()
                                  if m.count(".") == 1 and not m.endswith((".checks", ".interactives"))])
def test_topic_modules_declare_their_public_names(name):
    module = importlib.import_module(name)
    if name in ("physml.checks", "physml.interactives"):
        return
    assert hasattr(module, "__all__"), f"{name} has no __all__ (the API page and the tests read it)"
    defined = {n for n, obj in vars(module).items()
               if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name
               and not n.startswith("_")}
    assert not defined - set(module.__all__), f"{name} defines public {sorted(defined - set(module.__all__))} " \
                                              "outside __all__ (make them private or export them)"


def toc_chapters():
    """(file, label, title) of each numbered chapter of ``_toc.yml``, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = []
    for part in toc["parts"]:
        if not part.get("numbered"):
            continue
        for chapter in part["chapters"]:
            nb = nbformat.read(ROOT / (chapter["file"] + ".ipynb"), as_version=4)
            first = nb.cells[0].source
            label = re.match(r"\((\S+)\)=", first).group(1)
            title = re.search(r"^# (.+)$", first, re.M).group(1).strip()
            out.append((chapter["file"], label, title))
    return out


def toc_preliminaries():
    """(file, label, title) of each unnumbered notebook page before the numbered chapters (the primer)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = []
    for part in toc["parts"]:
        if part.get("numbered"):
            break
        for chapter in part["chapters"]:
            path = ROOT / (chapter["file"] + ".ipynb")
            if not path.exists():
                continue
            first = nbformat.read(path, as_version=4).cells[0].source
            label = re.match(r"\((\S+)\)=", first).group(1)
            title = re.search(r"^# (.+)$", first, re.M).group(1).strip()
            out.append((chapter["file"], label, title))
    return out


def test_preliminary_pages_come_first_and_are_linked():
    """An unnumbered page before chapter 1 (the primer) has a label and a title, is not counted as a
    chapter, and the README and the Introduction point readers to it."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    numbered = [i for i, part in enumerate(toc["parts"]) if part.get("numbered")]
    assert numbered == list(range(numbered[0], numbered[0] + len(numbered))), "numbered parts must be contiguous"
    readme = (ROOT / "README.md").read_text()
    intro = (ROOT / "book" / "intro.md").read_text()
    chapter_labels = {label for _, label, _ in toc_chapters()}
    for file, label, title in toc_preliminaries():
        assert label not in chapter_labels
        assert f"{file}.ipynb" in readme and title in readme, f"README.md does not mention {file} ({title})"
        assert f"{{ref}}`{label}`" in intro, f"book/intro.md does not point to {label}"


def test_every_chapter_has_a_label_and_a_title():
    chapters = toc_chapters()
    assert len(chapters) >= 8
    assert len({label for _, label, _ in chapters}) == len(chapters)


def test_readme_chapter_table_follows_the_toc():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d+) \| ([^|]+?) \|", readme, re.M)
    want = [(str(i + 1), title) for i, (_, _, title) in enumerate(toc_chapters())]
    assert rows == want, "README.md's chapter table differs from _toc.yml (number | title, in order)"


def test_intro_course_map_follows_the_toc():
    intro = (ROOT / "book" / "intro.md").read_text()
    section = intro.split("## Course map", 1)[1].split("\n## ", 1)[0]
    labels = re.findall(r"^\| \{ref\}`([^`]+)`", section, re.M)
    assert labels == [label for _, label, _ in toc_chapters()], \
        "the Introduction's course map differs from _toc.yml"


def _section(page, heading):
    return page.split(heading + "\n", 1)[1].split("\n#", 1)[0]


def test_instructors_syllabus_follows_the_toc():
    page = (ROOT / "book" / "instructors.md").read_text()
    pages = [label for _, label, _ in toc_preliminaries() + toc_chapters()]
    durations = re.findall(r"^\| \{ref\}`([^`]+)` \|", _section(page, "### What each chapter takes"), re.M)
    assert durations == pages, "the table of chapter durations differs from _toc.yml"
    # every page is taught in some week, in the order of the book (a week may teach two chapters)
    lectures = re.findall(r"^\| \d+ \| ([^|]*) \|", _section(page, "### A 13-week term"), re.M)
    weeks = [label for cell in lectures for label in re.findall(r"\{ref\}`([^`]+)`", cell)]
    assert weeks == pages, "book/instructors.md's 13-week syllabus differs from _toc.yml"
    assert len(lectures) <= 13, "the 13-week syllabus has more than 13 weeks"
    goals = re.findall(r"^\*\*Chapter (\d+) — (.+?)\.\*\*", page, re.M)
    assert goals == [(str(i + 1), title) for i, (_, _, title) in enumerate(toc_chapters())]


def test_every_practice_task_is_mapped_to_a_learning_goal():
    """The learning-goals tables name the task ids that assess each goal: every registered task
    appears there, and every id named there is registered."""
    from physml.checks import load_all

    tasks = set(load_all())
    page = (ROOT / "book" / "instructors.md").read_text()
    goals = _section(page, "## Learning goals and where they are assessed")
    named = set(re.findall(r"\b((?:primer|ch\d\d|capstone)-[a-z0-9-]*[a-z0-9])\b", goals)) - {
        f"ch{n:02d}-practice" for n in range(1, 20)}
    assert tasks - named == set(), f"tasks assessing no learning goal: {sorted(tasks - named)}"
    assert named - tasks == set(), f"learning goals name unknown tasks: {sorted(named - tasks)}"


def test_practices_page_follows_the_toc():
    toc = (ROOT / "_toc.yml").read_text()
    every = re.findall(r"file: exercises/(\S+)", toc)
    listed = [name for name in every if not name.startswith("capstone_")]
    page = (ROOT / "book" / "practices.md").read_text()
    rows = re.findall(r"^\| \{doc\}`\.\./exercises/(\S+?)` \| \{ref\}`([^`]+)`", page, re.M)
    assert [r[0] for r in rows] == listed
    # the practices of the unnumbered pages before chapter 1 (the primer) come first, then one per chapter
    pages = toc_preliminaries() + toc_chapters()
    assert [r[1] for r in rows] == [label for _, label, _ in pages][:len(rows)]
    assert len(rows) >= len(toc_preliminaries()) + 8
    assert sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb")) == sorted(every)


def test_capstones_page_follows_the_toc():
    """The capstone projects are the sections of book/capstones in _toc.yml (after the practices), each a
    row of the capstones page's table that names the chapters it combines, and each has checked
    milestones (tasks named capstone-...)."""
    from physml.checks import load_all

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    sections = [s["file"] for part in toc["parts"] for c in part["chapters"] if c["file"] == "book/capstones"
                for s in c.get("sections", [])]
    assert len(sections) >= 3 and all(s.startswith("exercises/capstone_") for s in sections), sections
    page = (ROOT / "book" / "capstones.md").read_text()
    rows = re.findall(r"^\| \{doc\}`\.\./(exercises/capstone_\S+?)` \| ([^|]+) \|", page, re.M)
    assert [r[0] for r in rows] == sections
    labels = {label for _, label, _ in toc_chapters()}
    for name, combines in rows:
        used = re.findall(r"\{ref\}`([^`]+)`", combines)
        assert len(used) >= 2 and set(used) <= labels, f"{name}: combines {used}"
    tasks = set(load_all())
    for name, _ in rows:
        stem = name.split("/")[1].replace("_", "-")
        assert sum(t.startswith(stem + "-") for t in tasks) >= 3, f"{name}: fewer than three checked milestones"


def test_every_checks_module_registers_tasks():
    from physml import checks

    checks.load_all()
    for info in pkgutil.iter_modules(checks.__path__):
        prefix = f"physml.checks.{info.name}"
        owned = [t for t, (_, grader) in checks.TASKS.items() if grader.__module__ == prefix]
        assert owned, f"{prefix} registers no task"


def test_every_figure_module_registers_explorers():
    from physml import interactives

    found = widgets.registered()
    for info in pkgutil.iter_modules(interactives.__path__):
        assert any(key.startswith(info.name + ".") for key in found), \
            f"physml.interactives.{info.name} registers no explorer"


@pytest.fixture(scope="module")
def explorers():
    return {key: factory(**example) for key, (factory, example) in widgets.registered().items()}


def test_explorer_names_are_unique(explorers):
    names = [e.name for e in explorers.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("key", sorted(widgets.registered()))
def test_every_explorer_redraws_live_and_renders_static(key, explorers):
    explorer = explorers[key]
    fig = explorer.live()
    assert fig.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert fig.status.value, f"{key}: empty status line"
    for control in explorer.controls:  # move each control to the far end of its website range
        try:
            value = control.positions()[-1]
        except ValueError:
            continue
        status = fig.set(**{control.name: value})
        assert isinstance(status, str) and status
    site = explorer.site or explorer.controls[0].name
    values = explorer.control(site).positions()[:2]
    spec = explorer.static(values=values)._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == len(values)
    assert len(spec["layout"]["sliders"][0]["steps"]) == len(values)
    n_dynamic = len(explorer.series)
    assert all(len(frame["data"]) == n_dynamic for frame in spec["frames"])


def private_uses(path):
    """``module.name`` for each private name of another physml module that ``path`` uses."""
    tree = ast.parse(path.read_text())
    aliases = {}
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("physml")):
            for alias in node.names:
                if alias.name.startswith("_") and alias.name != "_validate":
                    uses.append(f"{node.module}.{alias.name}")
                aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("physml"):
                    aliases[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                and aliases[node.value.id] != "_validate" \
                and node.attr.startswith("_") and not node.attr.startswith("__"):
            uses.append(f"{aliases[node.value.id]}.{node.attr}")
    return uses


def test_no_module_reaches_into_another_modules_private_names():
    """Shared helpers are public or live in ``physml._validate``; a figure module never calls a
    topic module's private function (that is science the topic module should export)."""
    offenders = [f"{path.relative_to(ROOT)}: {use}" for path in sorted((ROOT / "physml").rglob("*.py"))
                 for use in private_uses(path)]
    assert not offenders, "private names used across modules:\n" + "\n".join(offenders)


def test_authored_notebooks_have_their_text_pair():
    """Chapters and solutions are reviewed as text: each has a py:percent twin in step with it
    (``python tools/execute.py`` writes both)."""
    from physml.notebooks import unpaired

    bad = unpaired(ROOT)
    assert not bad, f"text pair missing or stale (run python tools/execute.py on them): {bad}"


def _public_callables():
    for name in public_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if inspect.isfunction(obj):
                yield f"{name}.{attr}", obj
            elif inspect.isclass(obj) and obj.__module__ == name:
                for meth_name, meth in vars(obj).items():
                    if inspect.isfunction(meth) and not meth_name.startswith("_"):
                        yield f"{name}.{attr}.{meth_name}", meth


def test_randomness_is_a_keyword_only_key_and_step_sizes_are_learning_rate():
    """The API's conventions (book/api.md): no integer seeds, ``key`` keyword-only, no ``lr``."""
    bad = []
    for where, func in _public_callables():
        params = inspect.signature(func).parameters
        if "seed" in params or "lr" in params:
            bad.append(f"{where}: takes {'seed' if 'seed' in params else 'lr'}")
        if "key" in params and params["key"].kind is not inspect.Parameter.KEYWORD_ONLY:
            bad.append(f"{where}: key is not keyword-only")
    assert not bad, "\n".join(bad)


def test_result_types_are_frozen_dataclasses():
    import dataclasses

    bad = []
    for name in public_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and not obj.__dataclass_params__.frozen:
                bad.append(f"{name}.{attr}")
    assert not bad, f"mutable result types: {bad}"


def test_the_instructors_build_adds_pages_that_exist():
    """The instructors' build (tools/setup_and_build.sh --with-solutions) adds the worked solutions
    and the rubrics and exam bank to the table of contents; every page it names exists, and the
    public table of contents names none of them."""
    script = (ROOT / "tools" / "setup_and_build.sh").read_text()
    pages = re.findall(r'"file": "(solutions/[a-z_]+)"', script)
    assert pages, "the instructors' build adds no page"
    for page in pages:
        assert (ROOT / f"{page}.md").exists() or (ROOT / f"{page}.ipynb").exists(), page
    assert "solutions/" not in (ROOT / "_toc.yml").read_text()


@pytest.mark.parametrize("path", [f for f, _, _ in toc_chapters()])
def test_every_chapter_has_the_shape_of_a_chapter_that_teaches(path):
    """The shape every chapter follows (COURSE.md): a header card with reading and running times,
    derivations in collapsible boxes, in-text checkpoints with hidden answers, what to remember,
    end-of-chapter exercises, further reading and references."""
    nb = nbformat.read(ROOT / (path + ".ipynb"), as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "**Time to read:**" in md and "**Time to run:**" in md, f"{path}: the header card lacks the times"
    assert re.search(r"^:::\{admonition\} Derivation", md, re.M), f"{path}: no derivation box"
    assert len(re.findall(r"^:::\{admonition\} Checkpoint", md, re.M)) >= 2, f"{path}: fewer than two checkpoints"
    headings = re.findall(r"^## (.+)$", md, re.M)
    for section in ("What to remember", "Exercises", "Further reading"):
        assert section in headings, f"{path}: no section '## {section}'"
    assert headings.index("What to remember") < headings.index("Exercises") < headings.index("Further reading")
    assert "```{bibliography}" in md


def test_the_instructors_sources_define_each_label_once(tmp_path):
    """The instructors' site shows each practice twice (exercise and worked solution): the build script's
    copy of the sources renames the solutions' labels, so Sphinx (-W) finds no duplicate label. Runs the
    script's own preparation step on a temporary copy and reads every label the two tocs' notebooks define."""
    script = (ROOT / "tools" / "setup_and_build.sh").read_text()
    prepare = script.split("<<'PYEOF'\n", 1)[1].split("\nPYEOF", 1)[0]
    src = tmp_path / "src"
    subprocess.run([sys.executable, "-", str(src)], input=prepare, text=True, cwd=ROOT, check=True)
    toc = (src / "_toc_instructor.yml").read_text()
    files = re.findall(r"file: ((?:book|exercises|solutions)/\w+)", toc)
    assert any(f.startswith("solutions/") for f in files) and any(f.startswith("exercises/") for f in files)
    where = {}
    for f in files:
        path = src / f"{f}.ipynb"
        if not path.exists():
            continue
        text = path.read_text()
        labels = set(re.findall(r'"name": "((?:fig|tab|eq)-[\w-]+)"', text))
        labels |= set(re.findall(r":name: *([\w-]+)", text))
        for label in labels:
            where.setdefault(label, []).append(f)
    duplicated = {label: fs for label, fs in where.items() if len(fs) > 1}
    assert not duplicated, f"labels defined on more than one page of the instructors' site: {duplicated}"
    # not vacuous: the practices do name figures, and the copies of solutions carry the suffix
    assert any(label.endswith("-solution") for label in where)
    assert any(not label.endswith("-solution") for label in where)
