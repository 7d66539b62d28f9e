"""The exercise checks: every registered task accepts its reference answer, gives each typical
wrong answer its hint, survives stubs, errors and wrong types, and never reveals the answer.

The cases live beside the checks they test, one module per topic in ``tests/check_cases``
(``REFERENCE``, ``WRONG``, optionally ``TYPE_PHRASE``, ``SECRETS``), found by import: a new
chapter adds its own file and touches nothing here.
"""
import importlib
import pkgutil

import check_cases
import numpy as np
import pytest

from physml import widgets
from physml.checks import TASKS, check, evaluate, load_all

REFERENCE, WRONG, TYPE_PHRASE, SECRETS = {}, {}, {}, []
CASE_MODULES = [info.name for info in pkgutil.iter_modules(check_cases.__path__)]
for _name in CASE_MODULES:
    _cases = importlib.import_module(f"check_cases.{_name}")
    REFERENCE.update(_cases.REFERENCE)
    WRONG.update(_cases.WRONG)
    TYPE_PHRASE.update(getattr(_cases, "TYPE_PHRASE", {}))
    SECRETS += getattr(_cases, "SECRETS", [])


def test_every_checks_module_has_its_cases():
    import physml.checks

    topics = [info.name for info in pkgutil.iter_modules(physml.checks.__path__)]
    assert sorted(topics) == sorted(CASE_MODULES)


# what a wrong answer looks like for the wrong *type*
WRONG_TYPE = {True: "a function", False: "a number"}


def test_every_task_is_covered_here():
    load_all()
    assert set(TASKS) == set(REFERENCE) == set(WRONG)


@pytest.mark.parametrize("task", sorted(REFERENCE))
def test_reference_solution_passes(task):
    result = check(task, REFERENCE[task])
    assert result.passed, str(result)
    assert str(result).startswith("✓")


@pytest.mark.parametrize("task, answer, phrase",
                         [(t, a, p) for t, cases in WRONG.items() for a, p in cases])
def test_typical_wrong_answer_gets_its_hint(task, answer, phrase):
    result = evaluate(task, answer)
    assert result.status == "wrong", str(result)
    assert phrase in result.message
    assert str(result).startswith("✗")


@pytest.mark.parametrize("task", sorted(REFERENCE))
def test_stub_is_not_attempted(task):
    for stub in (..., None):
        assert evaluate(task, stub).status == "not attempted"
    if callable(REFERENCE[task]):
        def unfinished(*args):
            raise NotImplementedError
        assert evaluate(task, unfinished).status == "not attempted"
        assert evaluate(task, lambda *a: ...).status == "not attempted"


@pytest.mark.parametrize("task", sorted(REFERENCE))
def test_student_errors_and_wrong_types_never_crash(task):
    def broken(*args):
        return 1 / 0

    for answer in (broken, "0.5", [1, 2, 3], {"a": 1}, object(), lambda *a: "text"):
        result = evaluate(task, answer)
        assert result.status in ("error", "wrong"), (answer, str(result))
        assert "Traceback" not in result.message
    is_function = callable(REFERENCE[task])
    phrase = TYPE_PHRASE.get(task, f"should be {WRONG_TYPE[is_function]}")
    assert phrase in evaluate(task, "0.5").message
    if is_function:
        assert "ZeroDivisionError" in evaluate(task, broken).message


@pytest.mark.parametrize("task, secret", SECRETS)
def test_messages_never_reveal_the_answer(task, secret):
    for answer in (0.1, 0.3, 2.0, 10.0, 11.5, -0.5, -12.0, -12.9, "x", ...):
        assert secret not in evaluate(task, answer).message


def test_unknown_task_is_a_message_not_an_exception():
    result = evaluate("no-such-task", 1.0)
    assert result.status == "error" and "unknown task" in result.message


def test_answer_box_button_grades_the_entry():
    box = widgets.answer_box("ch01-critical-step")
    box.box.value = REFERENCE["ch01-critical-step"]
    box.check(None)
    assert "✓" in box.result.value
    wrong, phrase = WRONG["ch01-critical-step"][0]
    box.box.value = wrong
    box.check(None)
    assert phrase in box.result.value


def test_answer_box_rejects_an_unknown_task():
    with pytest.raises(ValueError, match="^task_id "):
        widgets.answer_box("ch99-nothing")


def test_as_choice_reads_letters_and_never_names_the_right_one():
    from physml.checks import NotAttempted, StudentError, as_choice

    options = {"a": "first", "b": "second"}
    assert as_choice(" (B) ", options) == "b" and as_choice("a", options) == "a"
    for bad in ("c", 2, ["a"]):
        with pytest.raises(StudentError, match="'a', 'b'"):
            as_choice(bad, options)
    with pytest.raises(NotAttempted):
        as_choice(..., options)


def test_as_formula_agrees_with_the_closed_form_in_every_form_it_accepts():
    import sympy

    from physml.checks import StudentError, as_formula

    h, J = sympy.symbols("h J")
    exact = np.arcsin(0.3 / 2.0)
    for answer in ("asin(h/(2*J))", "np.arcsin(h / (2 * J))", "math.asin(h/2/J)", sympy.asin(h / (2 * J)),
                   lambda h, J: np.arcsin(h / (2 * J))):
        assert as_formula(answer, ("h", "J"))(0.3, 1.0) == pytest.approx(exact, rel=1e-14)
    for bad, phrase in (("h+", "could not be read"), ("x*h", "uses x"), (3, "int"), ("sqrt(h", "could not be read")):
        with pytest.raises(StudentError, match=phrase):
            as_formula(bad, ("h", "J"))(1.0, 1.0)
    with pytest.raises(StudentError, match="raised ZeroDivisionError"):
        as_formula(lambda h, J: h / 0, ("h", "J"))(1.0, 1.0)


def test_attempted_tells_a_stub_from_a_start():
    """physml.checks.attempted: the guard of the capstones' cells that build on earlier answers."""
    from physml.checks import attempted

    def stub(x):
        ...

    def not_written(x):
        raise NotImplementedError

    def returns_ellipsis(x):
        return ...

    def buggy(x):
        return 1 / 0

    def square(x):
        return x * x

    assert not attempted(...) and not attempted(None) and not attempted((1.0, ...))
    assert attempted(0.0) and attempted((1.0, 2.0)) and attempted("b")
    assert not attempted(not_written, 2.0) and not attempted(returns_ellipsis, 2.0)
    # a stub whose body is `...` returns None: it is called, returns something other than ...,
    # and counts as started; its own cells then show what it returned
    assert attempted(stub, 2.0)
    assert attempted(buggy, 2.0), "a function with a bug is attempted: its cells show the error"
    assert attempted(square, 2.0) and attempted(not_written), "without a probe a function is not called"
