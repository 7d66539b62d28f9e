"""The shared shapes of the exercise graders (physml.checks): a multiple-choice question, a list of
typical mistakes with their hints, typical wrong numbers, a formula evaluated at test points, a pair of
numbers; and the cases of the graders built on them that tests/check_cases does not reach.

The helpers are tested against what they stand for (the values computed here directly, the hint of
the entry that was chosen); every multiple-choice task is found by asking it, not from a list.
"""
import re
import warnings

import numpy as np
import pytest

from physml.checks import (
    AUTOGRADE_ENV,
    TASKS,
    NotAttempted,
    StudentError,
    Wrong,
    as_formula,
    as_number_pair,
    check,
    evaluate,
    formula_values,
    grade_choice,
    load_all,
    reject_near,
    reject_typical_mistakes,
)

OPTIONS = {"a": "first statement", "b": "second statement", "c": "third statement"}
HINTS = {"a": "hint for a", "c": "hint for c"}


# ----------------------------------------------------------------- grade_choice
def test_grade_choice_gives_the_remark_for_the_right_key_and_each_wrong_key_its_hint():
    assert grade_choice(" (B) ", OPTIONS, "b", "the remark", HINTS) == "the remark"
    for key, hint in HINTS.items():
        with pytest.raises(Wrong) as raised:
            grade_choice(key.upper(), OPTIONS, "b", "the remark", HINTS)
        assert str(raised.value) == hint


def test_grade_choice_reads_the_answer_like_as_choice():
    with pytest.raises(NotAttempted):
        grade_choice(..., OPTIONS, "b", "the remark", HINTS)
    with pytest.raises(StudentError, match="^your prediction is 'z'; it should be one of 'a', 'b', 'c'"):
        grade_choice("z", OPTIONS, "b", "the remark", HINTS, what="your prediction")
    with pytest.raises(StudentError, match="a string in quotes"):
        grade_choice(2, OPTIONS, "b", "the remark", HINTS)


@pytest.mark.parametrize("right, hints, argument", [
    ("e", HINTS, "right"),
    ("b", {"a": "hint for a"}, "hints"),                                      # a wrong key without a hint
    ("b", {**HINTS, "b": "a hint for the right key"}, "hints"),
    ("b", {**HINTS, "d": "a hint for no option"}, "hints"),
])
def test_grade_choice_rejects_a_grader_that_does_not_fit_its_options(right, hints, argument):
    with pytest.raises(ValueError, match=f"^{argument} "):
        grade_choice("a", OPTIONS, right, "the remark", hints)


def _choice_keys(task):
    """The option keys of a multiple-choice task, read from its answer to an unknown letter (or None)."""
    message = evaluate(task, "zz").message
    found = re.search(r"is 'zz'; it should be one of (.*)\.$", message)
    return re.findall(r"'([^']*)'", found.group(1)) if found else None


def _choice_tasks():
    load_all()
    return [(task, keys) for task in sorted(TASKS) if (keys := _choice_keys(task))]


def test_the_multiple_choice_tasks_are_found():
    # every chapter of the practices asks at least one prediction or interpretation of this form
    tasks = [task for task, _ in _choice_tasks()]
    assert {task.split("-")[0] for task in tasks} >= {f"ch0{n}" for n in range(1, 9)}


@pytest.mark.parametrize("task, keys", _choice_tasks())
def test_every_multiple_choice_task_has_one_right_option_and_a_hint_of_its_own_for_every_other(task, keys):
    results = {key: evaluate(task, key) for key in keys}
    right = [key for key, result in results.items() if result.status == "correct"]
    assert len(right) == 1, {key: str(result) for key, result in results.items()}
    hints = [result.message for key, result in results.items() if key not in right]
    assert all(result.status == "wrong" for key, result in results.items() if key not in right)
    assert len(set(hints)) == len(hints) == len(keys) - 1


# ----------------------------------------------------------------- reject_typical_mistakes
def test_reject_typical_mistakes_gives_the_hint_of_the_first_match_only():
    got = np.array([1.0, 2.0, 3.0])
    mistakes = [(got + 1, "off by one"), (got * (1 + 1e-7), "first match"), (got, "also a match")]
    with pytest.raises(Wrong, match="^first match$"):
        reject_typical_mistakes(got, mistakes)
    assert reject_typical_mistakes(got, mistakes[:1]) is None


def test_reject_typical_mistakes_uses_the_tolerances_it_is_given():
    got = np.array([1.0, 2.0])
    near = [(got * (1 + 1e-7), "near")]
    with pytest.raises(Wrong):
        reject_typical_mistakes(got, near)                                   # np.allclose's defaults
    assert reject_typical_mistakes(got, near, rtol=1e-9, atol=0) is None


def test_reject_typical_mistakes_computes_only_the_values_it_reaches():
    reached = []

    def mistakes():
        for value, hint in ((0.0, "zero"), (1.0, "one"), (2.0, "two")):
            reached.append(hint)
            yield np.array([value]), hint

    with pytest.raises(Wrong, match="one"):
        reject_typical_mistakes(np.array([1.0]), mistakes())
    assert reached == ["zero", "one"]


# ----------------------------------------------------------------- reject_near
def test_reject_near_gives_the_hint_of_the_first_number_within_its_tolerance():
    typical = [(2, 0.02, "twice"), (8, 0.1, "eight times"), (2.05, 0.1, "also near 2")]
    with pytest.raises(Wrong, match="^twice$"):
        reject_near(2.01, typical)
    with pytest.raises(Wrong, match="^also near 2$"):
        reject_near(2.1, typical)
    with pytest.raises(Wrong, match="^eight times$"):
        reject_near(7.95, typical)
    assert reject_near(5.0, typical) is None
    assert reject_near(2.5, [(2, 0.5, "the tolerance is strict")]) is None


@pytest.mark.parametrize("tolerance", [0, -0.1, float("nan")])
def test_reject_near_rejects_a_tolerance_that_is_not_positive(tolerance):
    with pytest.raises(ValueError, match="^typical: the tolerance for 2 must be positive"):
        reject_near(2.0, [(2, tolerance, "hint")])


# ----------------------------------------------------------------- formula_values
def test_formula_values_are_the_formula_at_each_point():
    formula = as_formula("exp(-gamma*dt/2) + omega", ("gamma", "omega", "dt"))
    points = [(0.1, 1.0, 0.2), (0.3, 1.5, 0.1), (0.05, 0.8, 0.35)]
    expected = [np.exp(-g * dt / 2) + w for g, w, dt in points]
    np.testing.assert_allclose(formula_values(formula, points, "one number"), expected, rtol=1e-15)


def test_formula_values_keep_inf_and_nan_for_the_grader_without_a_warning():
    formula = as_formula("log(h - 0.005)", ("h",))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = formula_values(formula, [(0.004,), (0.005,), (0.01,)], "one number")
    assert np.isnan(values[0]) and values[1] == -np.inf and values[2] == pytest.approx(np.log(0.005))


def test_formula_values_that_are_not_single_numbers_are_the_message_or_the_error():
    def formula(x):
        return np.array([x, 2 * x])

    with pytest.raises(StudentError, match="^give one number for each x$"):
        formula_values(formula, [(1.0,)], "give one number for each x")
    with pytest.raises(ValueError):
        formula_values(formula, [(1.0,)])


# ----------------------------------------------------------------- as_number_pair
def test_as_number_pair_reads_two_numbers_and_names_a_bad_entry():
    assert as_number_pair((1, np.float32(2.5)), "h", "energy") == (1.0, 2.5)
    with pytest.raises(StudentError, match=r"^energy \(the second entry\) should be a number, but it is a str"):
        as_number_pair((1, "x"), "h", "energy")
    with pytest.raises(StudentError, match="^the index should be a number"):
        as_number_pair(("x", 1), "index", "zeros", first_what="the index")
    with pytest.raises(Wrong, match=r"^zeros \(the second entry\) is inf"):
        as_number_pair((1, float("inf")), "index", "zeros")
    with pytest.raises(StudentError, match=r"^your prediction should be a pair \(index, zeros\), but it is a list "
                                           "of length 3"):
        as_number_pair([1, 2, 3], "index", "zeros", what="your prediction")
    with pytest.raises(NotAttempted):
        as_number_pair(..., "index", "zeros")


# ----------------------------------------------------------------- graders built on the helpers
def _identity_step(H, y, dt):
    return y


# task -> [(answer, status, a phrase its message must contain)]: branches tests/check_cases does not reach
GRADER_CASES = {
    "ch07-leapfrog": [(_identity_step, "wrong", "which entries of y are the coordinates")],
    "ch07-euler-crossover": [("log(h - 0.005)", "wrong", "not finite at small h")],
    "ch06-noise-floor": [("log(k - 1)", "wrong", "not finite at some positive sigma, k and m")],
    "ch03-two-spin-energy": [("log(h - 1)", "wrong", "not a finite number for some h, J > 0")],
    "ch02-dead-index": [((3, "x"), "error", "your predicted number of zero eigenvalues should be a number"),
                        (("x", 3), "error", "your predicted index should be a number"),
                        ((3, 3, 3), "error", "your prediction should be a pair (index, zero eigenvalues")],
    "ch03-reparametrise": [((100, "x"), "error", "the factor for SR (the second entry) should be a number"),
                           (("x", 1), "error", "the factor for gradient descent (the first entry) should be")],
    "ch03-vmc": [((1.0, "x"), "error", "energy (the second entry) should be a number"),
                 ((float("nan"), -12.0), "wrong", "h (the first entry) is nan")],
}


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning", "ignore:invalid value:RuntimeWarning")
@pytest.mark.parametrize("task, answer, status, phrase",
                         [(t, a, s, p) for t, cases in GRADER_CASES.items() for a, s, p in cases])
def test_graders_built_on_the_helpers_answer_every_branch(task, answer, status, phrase):
    result = evaluate(task, answer)
    assert result.status == status, str(result)
    assert phrase in result.message


# ----------------------------------------------------------------- the autograding switch
@pytest.mark.parametrize("value, raises", [("1", True), ("yes", True), ("0", False), ("", False)])
def test_check_raises_the_verdict_only_under_the_autograder(monkeypatch, value, raises):
    monkeypatch.setenv(AUTOGRADE_ENV, value)
    right, wrong = check("ch06-work-factor", 4), evaluate("ch06-work-factor", 2)
    assert right.passed
    if raises:
        with pytest.raises(AssertionError) as raised:
            check("ch06-work-factor", 2)
        assert str(raised.value) == str(wrong)
    else:
        assert check("ch06-work-factor", 2) == wrong
