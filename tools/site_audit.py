"""Open every page of the built site in headless Chromium, as a reader would, and record what breaks.

The site is served from a local directory (``http.server`` in a thread) and read *offline*: every
request to another host is aborted and recorded. Each page is opened at 1280 px and at 390 px (a
phone) in light mode; a few pages also in dark mode (``prefers-color-scheme: dark``, which the
theme follows in its default "auto" mode). Per page it records

- console errors (``console.error`` and uncaught exceptions; "Failed to load resource" messages of
  the aborted external requests are counted as external requests, not twice),
- requests to other hosts,
- maths left raw (elements of class ``math`` without MathJax output, text still containing
  ``\\(``, ``\\[`` or ``$$``) and MathJax's "Math input error" elements,
- control characters in the rendered text,
- at 390 px: the page's scroll width when it is wider than the screen, i.e. content that is
  wider outside any scrolling box, with the widest such elements,
- every plotly figure: its points outside the axes' ranges; for a figure with a slider, every
  step is applied (as the slider does) and the figure must change and keep its points inside the
  axes in every step; at 390 px, titles/legends/axis titles that stick out of the figure,
- an axe-core audit (axe-playwright-python, which ships axe-core; nothing is downloaded) at
  1280 px: serious and critical violations; the colour-contrast rule, a property of the theme and
  axe's costliest (up to two minutes on the API page of a busy 2-core machine), on the dark-mode
  pages only, in both schemes,
- images and plotly figures with neither alt text nor a caption (an ``alt`` that is only the
  image's file path counts as none).

Chromium is Debian's package (``/usr/bin/chromium``, or ``$CHROMIUM``); Playwright never
downloads a browser here.

Usage: python tools/site_audit.py SITE_DIR [--json OUT] [--pages GLOB ...] [--no-axe]
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import http.server
import json
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDE, NARROW = 1280, 390
# Dark mode on a few pages: the first page and two chapters with figures (axe's colour-contrast
# rule costs ~10-40 s on the long API page, so it is audited in light mode only).
DARK_PAGES = ("book/intro.html", "book/ch01_*.html", "book/ch07_*.html")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MATHJAX_TIMEOUT_MS = 20000

# --- JavaScript run inside the page -------------------------------------------------------------

WAIT_READY_JS = """async (timeout) => {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) {
    await Promise.race([mj.startup.promise, sleep(timeout)]);
    if (mj.typesetPromise) { await Promise.race([mj.typesetPromise(), sleep(timeout)]); }
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {mathjax: !!(mj && mj.version), theme: document.documentElement.dataset.theme || ''};
}"""

MATH_JS = r"""() => {
  const skip = 'script,style,code,pre,textarea,mjx-container,mjx-assistive-mml,.math';
  const rawMath = [...document.querySelectorAll('.math')].filter(
      e => !e.querySelector('mjx-container'));
  const rawText = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const p = n.parentElement;
    if (!p || p.closest(skip)) continue;
    if (/\\\(|\\\[|\$\$/.test(n.nodeValue)) rawText.push(n.nodeValue.trim().slice(0, 80));
  }
  const ctrl = (document.body.innerText.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g) || []).length;
  return {
    raw_math: rawMath.length + rawText.length,
    raw_examples: rawMath.slice(0, 3).map(e => e.textContent.trim().slice(0, 80)).concat(
        rawText.slice(0, 3)),
    math_errors: document.querySelectorAll('mjx-merror').length,
    control_chars: ctrl,
  };
}"""

WIDTH_JS = """() => {
  const vw = window.innerWidth;
  const doc = document.documentElement;
  const scrolls = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
    }
    return false;
  };
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    if (scrolls(e)) continue;
    // report the outermost offender only
    if (wide.some(w => w.el.contains(e))) continue;
    wide.push({el: e, right: Math.round(r.right)});
  }
  const desc = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.className && typeof e.className === 'string' ?
        '.' + e.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
  wide.sort((a, b) => b.right - a.right);
  return {scroll_width: Math.max(doc.scrollWidth, document.body.scrollWidth), viewport: vw,
          widest: wide.slice(0, 5).map(w => desc(w.el) + ' ' + w.right + 'px')};
}"""

FIGURES_JS = """() => {
  const out = {missing: []};
  const caption = e => {
    const f = e.closest('figure');
    return !!(f && f.querySelector('figcaption') && f.querySelector('figcaption').textContent.trim());
  };
  const pathLike = s => /(^|\\/)[^\\s]*\\.(png|jpe?g|svg|gif|webp)$/i.test(s.trim());
  const root = document.querySelector('main') || document.body;
  for (const img of root.querySelectorAll('img')) {
    const alt = (img.getAttribute('alt') || '').trim();
    if ((alt && !pathLike(alt)) || caption(img)) continue;
    out.missing.push('img ' + (img.getAttribute('src') || '').split('/').pop().slice(0, 40));
  }
  for (const gd of root.querySelectorAll('.js-plotly-plot')) {
    const label = gd.getAttribute('aria-label') || gd.getAttribute('title');
    if (label || caption(gd)) continue;
    out.missing.push('plotly #' + gd.id);
  }
  return out;
}"""

PLOTLY_JS = """async (moveSliders) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const axisRange = (fl, id, letter) => {
    const ax = fl[letter + 'axis' + (id && id.length > 1 ? id.slice(1) : '')];
    if (!ax || !ax.range || ax.type === 'date' || ax.type === 'category' ||
        ax.type === 'multicategory') return null;
    let [lo, hi] = ax.range.map(Number);
    if (lo > hi) [lo, hi] = [hi, lo];
    const tol = 1e-6 * (hi - lo);
    return {lo: lo - tol, hi: hi + tol, log: ax.type === 'log'};
  };
  const offAxis = gd => {
    let off = 0, total = 0;
    const perTrace = [];
    for (const t of gd._fullData) {
      if (t.visible !== true || !(t.type === 'scatter' || t.type === 'scattergl')) continue;
      if (!t.x || !t.y) continue;
      const xr = axisRange(gd._fullLayout, t.xaxis, 'x');
      const yr = axisRange(gd._fullLayout, t.yaxis, 'y');
      let o = 0, n = 0;
      for (let i = 0; i < Math.min(t.x.length, t.y.length); i++) {
        let x = Number(t.x[i]), y = Number(t.y[i]);
        if (t.x[i] === null || t.y[i] === null || !isFinite(x) || !isFinite(y)) continue;
        n++;
        if (xr && xr.log) x = x > 0 ? Math.log10(x) : -Infinity;
        if (yr && yr.log) y = y > 0 ? Math.log10(y) : -Infinity;
        if ((xr && (x < xr.lo || x > xr.hi)) || (yr && (y < yr.lo || y > yr.hi))) o++;
      }
      off += o; total += n;
      if (o) perTrace.push((t.name || ('trace ' + t.index)) + ': ' + o + '/' + n);
    }
    return {off, total, perTrace};
  };
  const state = gd => {
    const parts = gd._fullData.map(t => [t.visible, t.x ? Array.from(t.x).join(',') : '',
        t.y ? Array.from(t.y).join(',') : '', t.z ? JSON.stringify(t.z) : '', t.text || ''].join('|'));
    const ttl = gd._fullLayout.title && gd._fullLayout.title.text;
    const anns = (gd._fullLayout.annotations || []).map(a => a.text).join('|');
    let h = 0;
    const s = parts.join('#') + ttl + anns;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return h;
  };
  const figs = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    if (!gd._fullLayout) continue;
    const title = (gd._fullLayout.title && gd._fullLayout.title.text) || '';
    const first = offAxis(gd);
    const fig = {id: gd.id, title: title.slice(0, 80), sliders: 0, steps: 0, distinct_states: 1,
                 max_off: first.off, points: first.total, worst_step: first.off ? 'initial' : null,
                 worst_traces: first.perTrace.slice(0, 4)};
    const sliders = (gd.layout && gd.layout.sliders) || [];
    fig.sliders = sliders.length;
    if (moveSliders && sliders.length) {
      const seen = new Set([state(gd)]);
      for (let k = 0; k < sliders.length; k++) {
        const steps = sliders[k].steps || [];
        for (let j = 0; j < steps.length; j++) {
          const st = steps[j];
          if (!st.method || st.method === 'skip') continue;
          let args = (st.args || []).slice();
          if (st.method === 'animate') {
            args[1] = Object.assign({}, args[1] || {}, {mode: 'immediate',
                frame: {duration: 0, redraw: true}, transition: {duration: 0}});
          }
          try { await window.Plotly[st.method](gd, ...args); }
          catch (err) { fig.error = String(err); }
          await frame();
          fig.steps++;
          seen.add(state(gd));
          const o = offAxis(gd);
          if (o.off > fig.max_off) {
            fig.max_off = o.off; fig.points = o.total;
            fig.worst_step = (st.label !== undefined ? st.label : j);
            fig.worst_traces = o.perTrace.slice(0, 4);
          }
        }
      }
      fig.distinct_states = seen.size;
    }
    figs.push(fig);
  }
  return figs;
}"""

PLOTLY_TEXT_JS = """() => {
  const out = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const box = gd.getBoundingClientRect();
    const bar = gd.querySelector('.modebar');
    const barBox = bar ? bar.getBoundingClientRect() : null;
    const sel = '.gtitle, .g-xtitle, .g-ytitle, .g-x2title, .g-y2title, .legend, .annotation';
    for (const e of gd.querySelectorAll(sel)) {
      const r = e.getBoundingClientRect();
      if (r.width === 0) continue;
      const name = e.getAttribute('class').split(' ')[0];
      if (r.left < box.left - 2 || r.right > box.right + 2)
        out.push('#' + gd.id + ' ' + name + ' outside figure');
      else if (name === 'gtitle' && barBox && barBox.width && r.right > barBox.left &&
               r.top < barBox.bottom && r.bottom > barBox.top)
        out.push('#' + gd.id + ' title under toolbar');
    }
  }
  return out;
}"""


# --- serving and browsing --------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) in a daemon thread; return (server, base url)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def find_pages(site: Path, patterns=None) -> list[str]:
    pages = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel.split("/")[0] in {"_static", "_sources", "_images"}:
            continue
        if patterns and not any(fnmatch.fnmatch(rel, pat) for pat in patterns):
            continue
        if 'http-equiv="refresh"' in p.read_text(errors="replace")[:500].lower():
            continue  # a redirect (index.html -> the first page), audited at its target
        pages.append(rel)
    return pages


def browser_available() -> str | None:
    """None when the audit can run, else a sentence saying what is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    if not os.access(CHROMIUM, os.X_OK):
        return (f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium; "
                "or set $CHROMIUM)")
    return None


def _open(context, url, timeout_ms=60000):
    """Open ``url`` in a new page of ``context``; return (page, console errors)."""
    page = context.new_page()
    errors = []

    def on_console(msg):
        if msg.type != "error":
            return
        loc = (msg.location or {}).get("url", "")
        if msg.text.startswith("Failed to load resource") and loc and \
                urlparse(loc).hostname not in LOCAL_HOSTS:
            return  # an aborted external request: counted under external_requests
        errors.append(msg.text[:200] + (f" ({loc})" if msg.text.startswith("Failed to load") else ""))

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {str(exc)[:200]}"))
    page.goto(url, wait_until="load", timeout=timeout_ms)
    ready = page.evaluate(WAIT_READY_JS, MATHJAX_TIMEOUT_MS)
    return page, errors, ready


def audit(site: Path, patterns=None, axe: bool = True, dark_pages=DARK_PAGES, log=print) -> dict:
    """Audit every page of ``site``; return a JSON-able dict {pages: {rel: {...}}, summary: {...}}."""
    from playwright.sync_api import sync_playwright

    site = Path(site)
    pages = find_pages(site, patterns)
    if not pages:
        raise SystemExit(f"no HTML pages under {site}")
    server, base = serve(site)
    axe_runner = None
    if axe:
        from axe_playwright_python.sync_playwright import Axe
        axe_runner = Axe()
    results = {}
    t0 = time.time()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM,
                                        args=["--no-sandbox", "--disable-gpu"])
            external: dict[str, list[str]] = {}
            current = {"page": None}

            def route(r):
                url = r.request.url
                host = urlparse(url).hostname
                if host in LOCAL_HOSTS or url.startswith(("data:", "blob:", "about:")):
                    r.continue_()
                else:
                    external.setdefault(current["page"], []).append(url)
                    r.abort()

            def context(width, scheme):
                ctx = browser.new_context(viewport={"width": width, "height": 900},
                                          color_scheme=scheme, service_workers="block")
                ctx.route("**/*", route)
                return ctx

            runs = [(WIDE, "light"), (NARROW, "light"), (WIDE, "dark"), (NARROW, "dark")]
            for width, scheme in runs:
                ctx = context(width, scheme)
                for rel in pages:
                    if scheme == "dark" and not any(fnmatch.fnmatch(rel, d) for d in dark_pages):
                        continue
                    key = f"{width}-{scheme}"
                    current["page"] = rel
                    t = time.time()
                    rec = results.setdefault(rel, {})
                    page, errors, ready = _open(ctx, base + rel)
                    r = {"console_errors": errors, "mathjax_loaded": ready["mathjax"],
                         "data_theme": ready["theme"]}
                    r.update(page.evaluate(MATH_JS))
                    if width == NARROW:
                        r.update(page.evaluate(WIDTH_JS))
                        r["plotly_text_issues"] = page.evaluate(PLOTLY_TEXT_JS)
                    if width == WIDE and scheme == "light":
                        r["figures"] = page.evaluate(PLOTLY_JS, True)
                        r["no_alt_or_caption"] = page.evaluate(FIGURES_JS)["missing"]
                    # What the reader's browser logged, up to here.  axe-core then re-fetches the
                    # stylesheets itself and resolves theme.css's `@import "../basic.css"` against
                    # the page's root (a 404 for /basic.css that no reader's browser requests).
                    r["console_errors"] = list(errors)
                    if axe_runner is not None and width == WIDE:
                        # colour contrast (axe's costliest rule: it measures every text node against
                        # its computed background) is a property of the theme, shared by every page:
                        # it is audited on the dark-mode pages, in both schemes; every other rule on all
                        options = {"resultTypes": ["violations"]}
                        if not any(fnmatch.fnmatch(rel, d) for d in dark_pages):
                            options["rules"] = {"color-contrast": {"enabled": False}}
                        res = axe_runner.run(page, options=options).response
                        bad = [v for v in res.get("violations", [])
                               if v.get("impact") in ("serious", "critical")]
                        r["axe_serious_critical"] = {
                            v["id"]: {"impact": v["impact"], "nodes": len(v["nodes"]),
                                      "help": v["help"]} for v in bad}
                    page.close()
                    r["seconds"] = round(time.time() - t, 1)
                    rec[key] = r
                    log(f"  {key:11s} {rel} ({r['seconds']} s)")
                ctx.close()
                # external requests are per page (any viewport): keep the unique URLs
            for rel, urls in external.items():
                results.setdefault(rel, {})["external_requests"] = sorted(set(urls))
            browser.close()
    finally:
        server.shutdown()
    for rel in results:
        results[rel].setdefault("external_requests", [])
    return {"site": str(site), "seconds": round(time.time() - t0, 1), "pages": results,
            "summary": summarize(results)}


# --- summary ----------------------------------------------------------------------------------------

def page_numbers(rec: dict) -> dict:
    """The per-page counts the tests assert on (maximum over the viewports/schemes it was opened in)."""
    runs = {k: v for k, v in rec.items() if isinstance(v, dict) and "-" in k}
    wide = runs.get(f"{WIDE}-light", {})
    narrow = [v for k, v in runs.items() if k.startswith(f"{NARROW}-")]
    figs = wide.get("figures", [])
    return {
        "console_errors": max((len(v["console_errors"]) for v in runs.values()), default=0),
        "external_requests": len(rec.get("external_requests", [])),
        "raw_math": max((v.get("raw_math", 0) for v in runs.values()), default=0),
        "math_errors": max((v.get("math_errors", 0) for v in runs.values()), default=0),
        "control_chars": max((v.get("control_chars", 0) for v in runs.values()), default=0),
        "too_wide_390": max((max(v.get("scroll_width", 0) - NARROW, 0) for v in narrow),
                            default=0),
        "plotly_text_issues_390": max((len(v.get("plotly_text_issues", [])) for v in narrow),
                                      default=0),
        "points_off_axis": sum(f["max_off"] for f in figs),
        "sliders_not_changing": sum(1 for f in figs if f["sliders"] and f["distinct_states"] < 2),
        "axe_serious_critical": max((sum(x["nodes"] for x in v.get("axe_serious_critical", {}).values())
                                     for v in runs.values()), default=0),
        "no_alt_or_caption": len(wide.get("no_alt_or_caption", [])),
    }


CATEGORIES = ("console_errors", "external_requests", "raw_math", "math_errors", "control_chars",
              "too_wide_390", "plotly_text_issues_390", "points_off_axis", "sliders_not_changing",
              "axe_serious_critical", "no_alt_or_caption")


def summarize(results: dict) -> dict:
    per_page = {rel: page_numbers(rec) for rel, rec in results.items()}
    summary = {}
    for cat in CATEGORIES:
        bad = sorted(((n[cat], rel) for rel, n in per_page.items() if n[cat]), reverse=True)
        summary[cat] = {"total": sum(v for v, _ in bad), "pages": len(bad),
                        "worst": [f"{rel}: {v}" for v, rel in bad[:5]]}
    summary["pages_audited"] = len(results)
    return summary


def table(report: dict) -> str:
    per_page = {rel: page_numbers(rec) for rel, rec in report["pages"].items()}
    short = {"console_errors": "cons", "external_requests": "ext", "raw_math": "rawTeX",
             "math_errors": "mjxErr", "control_chars": "ctrl", "too_wide_390": "wide390",
             "plotly_text_issues_390": "pltTxt", "points_off_axis": "offAx",
             "sliders_not_changing": "deadSl", "axe_serious_critical": "axe",
             "no_alt_or_caption": "noAlt"}
    w = max(len(r) for r in per_page) + 1
    lines = ["page".ljust(w) + " ".join(f"{short[c]:>7s}" for c in CATEGORIES)]
    for rel, n in per_page.items():
        lines.append(rel.ljust(w) + " ".join(f"{n[c]:7d}" for c in CATEGORIES))
    s = report["summary"]
    lines.append("TOTAL".ljust(w) + " ".join(f"{s[c]['total']:7d}" for c in CATEGORIES))
    lines.append("pages".ljust(w) + " ".join(f"{s[c]['pages']:7d}" for c in CATEGORIES))
    lines.append(f"({s['pages_audited']} pages, {report['seconds']} s; wide390 = px beyond 390, "
                 "offAx = points outside the axes summed over figures, worst slider step each)")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site", type=Path, help="the built site (e.g. _build/html)")
    ap.add_argument("--json", type=Path, help="write the full report here")
    ap.add_argument("--pages", nargs="*", help="only pages matching these globs (e.g. 'book/ch0*')")
    ap.add_argument("--no-axe", action="store_true", help="skip the axe-core audit")
    args = ap.parse_args(argv)
    missing = browser_available()
    if missing:
        print(f"site_audit: cannot run: {missing}", file=sys.stderr)
        return 2
    report = audit(args.site, args.pages, axe=not args.no_axe,
                   log=lambda s: print(s, file=sys.stderr))
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
        print(f"report written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
