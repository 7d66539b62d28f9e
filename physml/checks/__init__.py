"""Self-checks for the hands-on exercises.

After each task a student calls ``check("task-id", answer)``.  The check never
raises and never prints the solution; it answers with one of

* ``✓`` — correct, with a short remark on what the result means;
* ``✗`` — wrong, with a hint aimed at the typical mistake behind that answer;
* ``…`` — not attempted yet (the stub ``...`` is still there, or the function
  raises ``NotImplementedError``);
* ``!`` — the student's function raised, or returned the wrong type.

A task is a *grader*: a function of the answer that returns a success remark
or raises :class:`Wrong` with a hint.  Graders are registered with
:func:`task` in the module of their chapter theme (e.g.
:mod:`physml.checks.landscape`).

Graders read the answer with the ``as_*`` helpers and share the usual shapes of a
verdict: :func:`grade_choice` for a multiple-choice question (a hint per wrong
option), :func:`formula_values` for a derived formula at test points, then
:func:`reject_typical_mistakes` (the values of typical wrong derivations, each
with its hint) and :func:`reject_near` (typical wrong numbers), before the
grader's own last hint.

Under the autograder (:func:`autograding`) :func:`check` raises instead of
showing a verdict other than ✓.
"""
from __future__ import annotations

import html
import numbers
import os
import re
import traceback
from dataclasses import dataclass

import numpy as np

__all__ = ["check", "evaluate", "Result", "Wrong", "NotAttempted", "task", "TASKS", "load_all",
           "as_number", "as_array", "as_pair", "as_number_pair", "as_choice", "as_formula", "call",
           "StudentError", "AUTOGRADE_ENV", "autograding", "attempted", "grade_choice", "formula_values",
           "reject_typical_mistakes", "reject_near"]

#: task id -> (title, grader)
TASKS: dict = {}


class Wrong(Exception):
    """Raised by a grader: the answer is wrong; the message is the hint shown."""


class NotAttempted(Exception):
    """Raised by a grader when the answer is still the stub."""


@dataclass(frozen=True)
class Result:
    """Outcome of a check: ``status`` is "correct", "wrong", "not attempted" or "error"."""

    task: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    _SYMBOL = {"correct": "✓", "wrong": "✗", "not attempted": "…", "error": "!"}
    _COLOR = {"correct": "#009E73", "wrong": "#D55E00", "not attempted": "#8C8C8C", "error": "#E69F00"}

    def __str__(self):
        return f"{self._SYMBOL[self.status]} [{self.task}] {self.message}"

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        return (f'<p style="border-left:4px solid {self._COLOR[self.status]};padding-left:8px">'
                f"<b>{self._SYMBOL[self.status]} {html.escape(self.task)}</b> — "
                f"{html.escape(self.message)}</p>")

    def __bool__(self):
        return self.passed


def task(task_id, title):
    """Decorator: register ``grader`` under ``task_id``."""

    def register(grader):
        if task_id in TASKS:
            raise ValueError(f"task id {task_id!r} is registered twice")
        TASKS[task_id] = (title, grader)
        return grader

    return register


def evaluate(task_id, answer) -> Result:
    """Grade ``answer`` for ``task_id`` and return a :class:`Result`; never raises."""
    load_all()
    if task_id not in TASKS:
        known = ", ".join(sorted(TASKS))
        return Result(str(task_id), "error", f"unknown task id {task_id!r}; known tasks: {known}")
    title, grader = TASKS[task_id]
    if answer is ... or answer is None:
        return Result(task_id, "not attempted", f"{title}: not attempted yet — replace the `...` stub.")
    try:
        remark = grader(answer)
    except NotAttempted:
        return Result(task_id, "not attempted", f"{title}: not attempted yet — fill in the stub.")
    except Wrong as w:
        return Result(task_id, "wrong", f"{title}: not yet. Hint: {w}")
    except StudentError as e:
        return Result(task_id, "error", f"{title}: {e}")
    except Exception as e:  # a bug in a grader must not crash the student's notebook
        last = traceback.format_exception_only(type(e), e)[-1].strip()
        return Result(task_id, "error", f"{title}: the check itself failed ({last}). "
                      "Please report this to your instructor.")
    return Result(task_id, "correct", f"{title}: correct. {remark}".rstrip())


#: Set (to anything but "" or "0") by the autograder (:mod:`physml.grading`): a check that does
#: not pass then raises ``AssertionError``, so that nbgrader scores its cell zero.
AUTOGRADE_ENV = "PHYSML_AUTOGRADE"


def autograding() -> bool:
    """True when the notebook runs under the autograder (``$PHYSML_AUTOGRADE`` set)."""
    return os.environ.get(AUTOGRADE_ENV, "") not in ("", "0")


def check(task_id, answer) -> Result:
    """Grade ``answer`` for ``task_id`` and show the verdict (✓, a hint, or 'not attempted yet').

    Under the autograder (:func:`autograding`) a verdict other than ✓ raises
    ``AssertionError`` carrying the same message, which nbgrader records as zero points for the
    cell; for a student it never raises.
    """
    result = evaluate(task_id, answer)
    if autograding() and not result.passed:
        raise AssertionError(str(result))
    return result


def attempted(answer, *probe) -> bool:
    """Whether a student has started on ``answer``, for a notebook's cells that *use* it.

    A capstone's later cells (a figure, a long run) build on earlier answers; guarded by
    ``if attempted(answer, ...):`` they stay quiet, instead of failing, while the answer is a stub.
    False when ``answer`` is ``...`` or ``None``, a tuple holding ``...``, or a function that, called
    on the arguments ``probe``, raises ``NotImplementedError`` or returns ``...``. A function that
    raises anything else counts as attempted: it has a bug, and the cells that use it should show
    the error. Without ``probe`` a function is not called, and counts as attempted.
    """
    if answer is ... or answer is None:
        return False
    if isinstance(answer, tuple):
        return not any(a is ... for a in answer)
    if callable(answer) and probe:
        try:
            return answer(*probe) is not ...
        except NotImplementedError:
            return False
        except Exception:
            return True
    return True


# --------------------------------------------------------------------------- #
# Helpers for graders: turn a student's answer into a value or a friendly error.
# --------------------------------------------------------------------------- #
class StudentError(Exception):
    """The student's code raised or returned the wrong type (message is shown)."""


def as_number(answer, what="your answer"):
    """The answer as a float, or a friendly error for a wrong type."""
    if answer is ... or answer is None:
        raise NotAttempted
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, np.ndarray, np.generic)) \
            and type(answer).__module__.split(".")[0] not in ("jax", "jaxlib"):
        raise StudentError(f"{what} should be a number, but it is a {type(answer).__name__}.")
    arr = np.asarray(answer, dtype=float)
    if arr.size != 1:
        raise StudentError(f"{what} should be a single number, but it has shape {arr.shape}.")
    value = float(arr.reshape(()))
    if not np.isfinite(value):
        raise Wrong(f"{what} is {value}; a finite number is expected.")
    return value


def as_array(answer, shape=None, what="your function's result"):
    """The answer as a float array (optionally of ``shape``), or a friendly error."""
    if answer is ... or answer is None:
        raise NotAttempted
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise StudentError(f"{what} should be an array of numbers, but it is a "
                            f"{type(answer).__name__}.") from None
    if shape is not None and arr.shape != tuple(shape):
        raise Wrong(f"{what} has shape {arr.shape}, but shape {tuple(shape)} is expected.")
    return arr


def as_pair(answer, first, second, what="your answer"):
    """The two entries of a pair answer ``(first, second)``, or a friendly error for anything else."""
    if answer is ... or answer is None:
        raise NotAttempted
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        length = f" of length {len(answer)}" if isinstance(answer, (tuple, list)) else ""
        raise StudentError(f"{what} should be a pair ({first}, {second}), but it is a "
                            f"{type(answer).__name__}{length}.")
    return answer[0], answer[1]


def as_number_pair(answer, first, second, what="your answer", *, first_what=None, second_what=None):
    """The two entries of a pair answer ``(first, second)`` as floats (:func:`as_pair`, then :func:`as_number`).

    ``first`` and ``second`` name the entries in the message for an answer that is not a pair;
    ``first_what`` and ``second_what`` name them in the message for an entry that is not a number
    (by default ``"<first> (the first entry)"`` and ``"<second> (the second entry)"``).
    """
    first_value, second_value = as_pair(answer, first, second, what=what)
    first_what = f"{first} (the first entry)" if first_what is None else first_what
    second_what = f"{second} (the second entry)" if second_what is None else second_what
    return as_number(first_value, first_what), as_number(second_value, second_what)


def as_choice(answer, options, what="your answer"):
    """The answer to a multiple-choice question, as one of the keys of ``options``.

    ``options`` maps each key (e.g. ``"a"``) to its statement; the answer is matched without regard
    to case or surrounding spaces and brackets (``"B"``, ``" b "`` and ``"(b)"`` all give ``"b"``).
    Anything else is a friendly error that lists the keys, never which one is right.
    """
    if answer is ... or answer is None:
        raise NotAttempted
    keys = ", ".join(repr(k) for k in options)
    if not isinstance(answer, str):
        raise StudentError(f"{what} should be one of the letters {keys} (a string in quotes), but it is "
                           f"a {type(answer).__name__}.")
    key = answer.strip().strip("()[]").strip().lower()
    for k in options:
        if key == str(k).lower():
            return k
    raise StudentError(f"{what} is {answer!r}; it should be one of {keys}.")


def as_formula(answer, variables, what="your formula"):
    """A derived formula as a numpy function of ``variables`` (a tuple of names, in order).

    The answer may be a Python function of those variables (``lambda h, J: np.arcsin(h / (2 * J))``),
    a sympy expression, or a string in Python syntax (``"asin(h/(2*J))"``, read with sympy, which knows
    ``sqrt``, ``exp``, ``log``, ``sin``, ``asin``, ``pi``, ...; numpy's spellings such as
    ``"np.arcsin(h/(2*J))"`` and ``math.pi`` are accepted too). Graders then compare it with the reference
    at a few points. A string that does not parse, or that uses other names, is a friendly error.
    """
    if answer is ... or answer is None:
        raise NotAttempted
    if callable(answer) and not hasattr(answer, "free_symbols"):
        def formula(*values):
            return np.asarray(call(answer, *values, what=what), dtype=float)
        return formula
    import sympy

    symbols = sympy.symbols(variables)
    if isinstance(answer, str):
        # numpy's and math's spellings are accepted too: "np.sqrt(h)", "math.pi", "arcsin(x)"
        text = re.sub(r"\b(?:np|numpy|jnp|math|sympy|sp)\.", "", answer)
        names = {"arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan, "arcsinh": sympy.asinh,
                 "arccosh": sympy.acosh, "arctanh": sympy.atanh, "ln": sympy.log}
        try:
            expr = sympy.sympify(text, locals={**names, **{str(s): s for s in symbols}})
        except (sympy.SympifyError, SyntaxError, TypeError, ValueError, AttributeError):
            raise StudentError(f"{what}, {answer!r}, could not be read as a formula: write it in Python syntax "
                               f"with the names {', '.join(variables)} (e.g. sqrt(x), x**2, 2*x).") from None
    elif isinstance(answer, sympy.Basic):
        expr = answer
    else:
        raise StudentError(f"{what} should be a string such as \"2*x\", a sympy expression or a function of "
                           f"{', '.join(variables)}, but it is a {type(answer).__name__}.")
    unknown = sorted(str(s) for s in getattr(expr, "free_symbols", set()) if str(s) not in variables)
    if unknown:
        raise StudentError(f"{what} uses {', '.join(unknown)}, which is not among the variables "
                           f"{', '.join(variables)}.")
    numeric = sympy.lambdify([sympy.Symbol(v) for v in variables], expr, modules="numpy")

    def formula(*values):
        try:
            return np.asarray(numeric(*values), dtype=float)
        except Exception as e:  # e.g. a complex value or an undefined function
            raise StudentError(f"{what} could not be evaluated ({type(e).__name__}: {e}).") from None
    return formula


def formula_values(formula, points, message=None):
    """The values of ``formula`` (from :func:`as_formula`) at ``points``, a sequence of argument tuples.

    Each value must be a single number; the values come back as one float array. Floating-point
    warnings are silenced (a division by zero or the logarithm of a negative number gives inf or nan,
    which the grader turns into a hint). If a value is not a single number, ``message`` is the
    :class:`StudentError` shown; without a ``message`` the ``TypeError`` or ``ValueError`` propagates
    (for a grader that has already checked the formula at its main points).
    """
    try:
        with np.errstate(all="ignore"):
            return np.array([float(np.asarray(formula(*point), dtype=float).reshape(())) for point in points])
    except (TypeError, ValueError):
        if message is None:
            raise
        raise StudentError(message) from None


def call(func, *args, what=None):
    """Call a student's function; turn its exceptions into friendly messages."""
    name = what or f"{getattr(func, '__name__', 'your function')}"
    if func is ... or func is None:
        raise NotAttempted
    if not callable(func):
        raise StudentError(f"{name} should be a function, but it is a {type(func).__name__}.")
    try:
        out = func(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as e:
        raise StudentError(f"{name} raised {type(e).__name__}: {e}. "
                            "Run it on a small input in a cell of its own to debug it.") from None
    if out is ...:
        raise NotAttempted
    return out


# --------------------------------------------------------------------------- #
# Helpers for graders: the verdict for the usual shapes of a task.
# --------------------------------------------------------------------------- #
def grade_choice(answer, options, right, remark, hints, what="your answer"):
    """Grade a multiple-choice answer: ``remark`` for the ``right`` key of ``options``, else :class:`Wrong`.

    ``hints`` maps every other key of ``options`` to the hint for that choice, aimed at the reasoning
    that leads to it. The answer is read with :func:`as_choice` (``what`` names it in its messages).
    A ``right`` that is not an option, or hints that miss or add a key, are a grader's mistake and
    raise ``ValueError`` naming the argument.
    """
    if right not in options:
        raise ValueError(f"right must be one of the keys of options, {list(options)}, but it is {right!r}")
    wrong_keys = [key for key in options if key != right]
    if sorted(hints) != sorted(wrong_keys):
        raise ValueError(f"hints must give one hint for each wrong key, {wrong_keys}, but it has keys "
                         f"{list(hints)}")
    key = as_choice(answer, options, what)
    if key == right:
        return remark
    raise Wrong(hints[key])


def reject_typical_mistakes(got, mistakes, rtol=1e-05, atol=1e-08):
    """Raise :class:`Wrong` with the hint of the first typical mistake that ``got`` reproduces.

    ``mistakes`` is an iterable of ``(values, hint)``: the values a typical wrong derivation gives at the
    grader's test points, and the hint for it. It is read in order and lazily (a generator computes
    only the values it reaches); a match is ``np.allclose(got, values, rtol, atol)``. Returns ``None``
    when ``got`` matches none of them.
    """
    for values, hint in mistakes:
        if np.allclose(got, values, rtol=rtol, atol=atol):
            raise Wrong(hint)


def reject_near(value, typical):
    """Raise :class:`Wrong` with the hint of the first typical number within its tolerance of ``value``.

    ``typical`` is a sequence of ``(number, tolerance, hint)``: a typical wrong answer, how close
    counts as giving it (``abs(value - number) < tolerance``) and the hint for it. Returns ``None``
    when ``value`` is near none of them.
    """
    for number, tolerance, hint in typical:
        if not tolerance > 0:
            raise ValueError(f"typical: the tolerance for {number!r} must be positive, but it is {tolerance!r}")
        if abs(value - number) < tolerance:
            raise Wrong(hint)


def load_all():
    """Import every module of this package: each registers its chapters' tasks (no list to keep)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return TASKS
