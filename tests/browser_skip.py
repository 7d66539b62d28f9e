"""What the browser tests (tests/test_site.py, tests/test_lab.py) do when they cannot run: fail in CI,
and elsewhere skip with a warning that pytest's summary shows, so a reader sees what was not tested."""
import os
import warnings

import pytest


class BrowserTestsSkipped(UserWarning):
    """Shown in pytest's warnings summary, so a reader sees what was not tested."""


def cannot_run(what, reason):
    """Fail (under ``CI``) or skip with a visible warning: ``what`` names the tests, e.g.
    "browser tests of the site (tests/test_site.py)"."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} cannot run in CI: {reason}")
    message = f"{what} SKIPPED: {reason}"
    warnings.warn(message, BrowserTestsSkipped, stacklevel=3)
    pytest.skip(message)
