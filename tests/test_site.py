"""The built site in a real browser (issue 15, point 5): every page in headless Chromium, offline.

The site is built once per session into a temporary directory (or taken from $PHYSML_SITE, an
already built ``_build/html``, for quick reruns) and audited once by ``tools/site_audit.py``; each
test below asserts one property of that audit, so a failure names what is wrong and where.

Chromium is Debian's package (/usr/bin/chromium, or $CHROMIUM); Playwright never downloads a
browser. Without Chromium or Playwright these tests are skipped with a warning saying so, except
when $CI is set (``.ci/run`` sets it): there they fail.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from browser_skip import cannot_run

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("site_audit", ROOT / "tools" / "site_audit.py")
site_audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(site_audit)


def _cannot_run(reason):
    cannot_run("browser tests of the site (tests/test_site.py)", reason)


@pytest.fixture(scope="session")
def report(tmp_path_factory):
    missing = site_audit.browser_available()
    if missing:
        _cannot_run(missing)
    site = os.environ.get("PHYSML_SITE")
    if site:
        site = Path(site)
    else:
        out = tmp_path_factory.mktemp("site")
        build = subprocess.run(
            [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build",
             "-W", "-n", "--keep-going", str(ROOT), "--path-output", str(out)],
            cwd=ROOT, capture_output=True, text=True)
        if build.returncode:
            lines = (build.stdout + build.stderr).splitlines()
            problems = [x for x in lines if "WARNING" in x or "ERROR" in x] or lines[-30:]
            pytest.fail("the site does not build with -W -n:\n" + "\n".join(problems[:30]))
        site = out / "_build" / "html"
    return site_audit.audit(site, log=lambda s: None)


def _numbers(report):
    return {rel: site_audit.page_numbers(rec) for rel, rec in report["pages"].items()}


def _runs(report):
    """(page, "1280-light"-like key, record) for every page opening."""
    for rel, rec in report["pages"].items():
        for key, r in rec.items():
            if isinstance(r, dict) and "-" in key:
                yield rel, key, r


def _figures(report):
    for rel, rec in report["pages"].items():
        for f in rec.get(f"{site_audit.WIDE}-light", {}).get("figures", []):
            yield rel, f


def test_audit_saw_the_site(report):
    """Not vacuous: the chapters, the practices and the API page were opened, with their figures."""
    pages = report["pages"]
    assert len(pages) >= 20, sorted(pages)
    assert any(p.startswith("book/ch07") for p in pages) and "book/api.html" in pages
    figs = list(_figures(report))
    assert len(figs) >= 8, figs
    assert sum(f["sliders"] > 0 for _, f in figs) >= 5, "plotly sliders not found"
    assert sum(f["steps"] for _, f in figs) >= 20, "slider steps were not applied"


def test_dark_mode_is_applied(report):
    dark = [(rel, r["data_theme"]) for rel, key, r in _runs(report) if key.endswith("-dark")]
    assert dark, "no page was opened in dark mode"
    assert all(theme == "dark" for _, theme in dark), dark


def test_no_console_errors(report):
    bad = {f"{rel} @ {key}": r["console_errors"][:3] for rel, key, r in _runs(report)
           if r["console_errors"]}
    assert not bad, f"console errors on {len(bad)} page openings: {bad}"


def test_no_requests_to_other_hosts(report):
    bad = {rel: rec["external_requests"] for rel, rec in report["pages"].items()
           if rec["external_requests"]}
    hosts = sorted({u.split("/")[2] for urls in bad.values() for u in urls})
    assert not bad, f"{len(bad)} pages request other hosts {hosts}; e.g. {next(iter(bad.items()))}"


def test_maths_typeset_offline(report):
    bad = {f"{rel} @ {key}": (r["raw_math"], r["raw_examples"][:2]) for rel, key, r in _runs(report)
           if r["raw_math"]}
    total = sum(n for n, _ in bad.values())
    assert not bad, f"{total} maths elements left raw on {len(bad)} page openings: {bad}"


def test_no_math_input_errors(report):
    bad = {rel: n["math_errors"] for rel, n in _numbers(report).items() if n["math_errors"]}
    assert not bad, f"MathJax 'Math input error' on {bad}"


def test_no_control_characters_in_pages(report):
    bad = {rel: n["control_chars"] for rel, n in _numbers(report).items() if n["control_chars"]}
    assert not bad, f"control characters in the rendered text of {bad}"


def test_pages_fit_a_390px_screen(report):
    bad = {f"{rel} @ {key}": (r["scroll_width"], r["widest"][:3]) for rel, key, r in _runs(report)
           if key.startswith(f"{site_audit.NARROW}-") and r["scroll_width"] > site_audit.NARROW}
    assert not bad, f"pages wider than {site_audit.NARROW} px outside a scrolling box: {bad}"


def test_plotly_text_inside_figures_at_390px(report):
    bad = {f"{rel} @ {key}": r["plotly_text_issues"][:4] for rel, key, r in _runs(report)
           if r.get("plotly_text_issues")}
    assert not bad, f"plotly titles/legends/axis titles outside their figure at 390 px: {bad}"


def test_every_slider_changes_its_figure(report):
    bad = [f"{rel} #{f['id']} ({f['steps']} steps, {f['distinct_states']} states)"
           for rel, f in _figures(report) if f["sliders"] and f["distinct_states"] < 2]
    errors = [f"{rel} #{f['id']}: {f['error']}" for rel, f in _figures(report) if f.get("error")]
    assert not bad and not errors, f"sliders that do not change their figure: {bad}; {errors}"


def test_every_point_inside_the_axes_in_every_frame(report):
    bad = [f"{rel} #{f['id']} step {f['worst_step']}: {f['max_off']} of {f['points']} points "
           f"off the axes ({'; '.join(f['worst_traces'])})"
           for rel, f in _figures(report) if f["max_off"]]
    assert not bad, "data outside the axes:\n" + "\n".join(bad)


def test_no_serious_or_critical_accessibility_violations(report):
    bad = {f"{rel} @ {key}": {k: v["nodes"] for k, v in r["axe_serious_critical"].items()}
           for rel, key, r in _runs(report) if r.get("axe_serious_critical")}
    assert not bad, f"axe-core serious/critical violations (rule: elements): {bad}"


def test_every_figure_has_alt_text_or_a_caption(report):
    bad = {rel: rec[f"{site_audit.WIDE}-light"]["no_alt_or_caption"][:5]
           for rel, rec in report["pages"].items()
           if rec.get(f"{site_audit.WIDE}-light", {}).get("no_alt_or_caption")}
    assert not bad, f"figures with neither alt text nor a caption: {bad}"
