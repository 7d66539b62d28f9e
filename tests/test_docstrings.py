r"""Docstrings that render: no control characters, and a raw string wherever there is a backslash.

The API page is built from these docstrings by autodoc and typeset by MathJax. In a docstring that
is not a raw string Python reads ``\theta``, ``\tfrac``, ``\top``, ``\tau`` as a TAB plus
text, ``\alpha`` as BEL, ``\beta`` and ``\frac`` as backspace and form feed, ``\varepsilon`` as
a vertical tab, ``\rho`` as a carriage return: the page then shows "|heta_k|" and MathJax's "Math
input error". Two checks, each on its own:

* **what Python made of it**: every docstring reachable at run time (modules, classes,
  functions, methods, properties, static and class methods, of every module of ``physml``
  including ``physml.checks`` and ``physml.interactives``) holds no control character except
  the newline. A TAB is rejected too: a docstring never needs one (reST indents with spaces,
  ruff's W191 rejects tab indentation, and ``inspect.cleandoc``/Sphinx expand tabs, hiding the
  damage), and every TAB found in practice was a ``\t`` of LaTeX.
* **what the source says**: every string literal in a docstring position of ``physml/**/*.py``
  (the first statement of a module, class or function, and the attribute docstring that Sphinx
  reads after an assignment, e.g. a dataclass field) that contains a backslash is a raw string,
  so that a new ``\theta`` fails here before Python interprets it, and ``\\theta`` (which renders
  but reads badly) is written ``r"\theta"``. ruff's D301 checks the same for the first kind
  only; attribute docstrings are not covered by it.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import unicodedata
from pathlib import Path

import pytest

import physml

PACKAGE = Path(physml.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))


def all_modules():
    """Every module of physml, private ones included (their docstrings reach the page too)."""
    return ["physml"] + sorted(info.name for info in pkgutil.walk_packages(physml.__path__, "physml."))


def control_characters(text):
    """``[(index, name)]`` of the Unicode control characters (category Cc) in ``text`` except ``\n``."""
    return [(i, unicodedata.name(ch, f"U+{ord(ch):04X}") if ch != "\t" else "TAB")
            for i, ch in enumerate(text) if ch != "\n" and unicodedata.category(ch) == "Cc"]


def docstrings_of(module):
    """``{qualified name: __doc__}`` of a module and of everything defined in it."""
    found = {module.__name__: module.__doc__}
    seen = set()

    def visit(obj, name, depth=0):
        if id(obj) in seen or depth > 3:
            return
        seen.add(id(obj))
        found[name] = getattr(obj, "__doc__", None)
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if isinstance(value, (staticmethod, classmethod)):
                    value = value.__func__
                if isinstance(value, property):
                    found[f"{name}.{attr}"] = value.__doc__
                    for accessor in (value.fget, value.fset, value.fdel):
                        if accessor is not None:
                            found[f"{name}.{attr}.{accessor.__name__}"] = accessor.__doc__
                elif (inspect.isfunction(value) or inspect.isclass(value)) and own(value, module):
                    visit(value, f"{name}.{attr}", depth + 1)
        elif callable(obj):
            unwrapped = inspect.unwrap(obj)
            if unwrapped is not obj:
                found[f"{name} (wrapped)"] = unwrapped.__doc__

    for attr, value in vars(module).items():
        if (inspect.isclass(value) or inspect.isfunction(value)) and own(value, module):
            visit(value, f"{module.__name__}.{attr}")
    return found


def own(obj, module):
    return getattr(obj, "__module__", None) == module.__name__


@pytest.mark.parametrize("name", all_modules())
def test_no_control_character_in_any_docstring(name):
    module = importlib.import_module(name)
    docs = docstrings_of(module)
    assert len(docs) > 1 or module.__doc__, f"{name}: nothing found to check"
    bad = {where: control_characters(doc)[:5] for where, doc in docs.items()
           if doc and control_characters(doc)}
    assert not bad, (f"control characters in docstrings (a backslash escape read by Python; "
                     f"make the docstring r\"\"\"...\"\"\"): {bad}")


def docstring_literals(tree):
    """The string constants in docstring positions: first statement, or right after an assignment."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            for i, statement in enumerate(node.body):
                if (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                        and isinstance(statement.value.value, str)
                        and (i == 0 or isinstance(node.body[i - 1], (ast.Assign, ast.AnnAssign)))):
                    yield statement.value


def offending_docstrings(source):
    """``[(line, reason)]`` for docstring literals that are not raw but hold a backslash, or that
    evaluate to a string with a control character."""
    problems = []
    for literal in docstring_literals(ast.parse(source)):
        text = ast.get_source_segment(source, literal)
        prefix = re.match(r"[A-Za-z]*", text).group(0).lower()
        if "\\" in text and "r" not in prefix:
            problems.append((literal.lineno, "backslash in a docstring that is not a raw string"))
        if control_characters(literal.value):
            problems.append((literal.lineno, f"control characters {control_characters(literal.value)[:3]}"))
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_docstrings_with_a_backslash_are_raw(path):
    problems = offending_docstrings(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.relative_to(PACKAGE.parent)}: {problems}"


def test_the_checks_catch_what_they_are_for():
    source = '\n'.join([
        '"""Module \\theta."""',             # interpreted: TAB + "heta"
        'x = 1',
        '"""Field \\\\alpha."""',            # renders, but not raw: rejected
        'class A:',
        '    r"""Fine: \\tfrac12."""',
        '    y: int = 2',
        '    """Field \\beta."""',           # interpreted: backspace + "eta"
        '    def f(self):',
        '        """No backslash: fine."""',
    ])
    found = offending_docstrings(source)
    assert [line for line, _ in found] == [1, 1, 3, 7, 7]
    assert control_characters("a\tb\x07c\nd\x85") == [(1, "TAB"), (3, "U+0007"), (7, "U+0085")]

    namespace = {}
    exec(compile(source, "<synthetic>", "exec"), namespace)  # noqa: S102 (a fixed string above)
    assert control_characters(namespace["A"].__doc__) == []
    assert control_characters(namespace["__doc__"]) == [(7, "TAB")]
