"""Work a practice in a real JupyterLab, in headless Chromium, as a student would; record what breaks.

``jupyter lab`` is started on a free port with a random token in a directory of *copies* (the
repository's notebooks are never opened by the server), with its configuration, settings,
workspaces and runtime files in temporary directories, so that nothing of the user's ~/.jupyter
applies; the installed lab extensions (widgets, plotly, MyST) are the ones a student has. The
browser is offline: a request to another host is aborted and recorded. In the Lab the audit

1. opens the practice, runs all cells from the *Run* menu and waits until the kernel has started
   the run, is idle and has no cell queued; it records error outputs (and stderr), the page's console errors,
   the sliders and figure images the widgets rendered, and markdown still showing MyST roles
   (``{ref}`...```, ``{func}`` ...) as raw text or references jupyterlab-myst could not resolve;
2. moves the explorer's slider with the keyboard (focus on its handle, right arrow) and measures
   for each notch the time until the figure shows different content (the image's bytes, not
   only its blob URL);
3. answers one task in its cell's editor, first wrongly and then rightly, runs the cell with
   Ctrl+Enter and reads the verdict printed by ``check``;
4. opens untouched notebooks (not run), saves each with Ctrl+S and compares the saved bytes with
   the original.

Chromium is Debian's package (``/usr/bin/chromium``, or ``$CHROMIUM``, see
``tools/site_audit.py``); Playwright never downloads a browser here.

The open-and-save step runs first, each notebook in a fresh browser context, so the practice's
run cannot influence it. ``tests/test_lab.py`` runs the audit once and asserts on its record.

Usage: python tools/lab_audit.py [--practice NB] [--task ID] [--wrong SOURCE] [--save NB ...]
                                 [--json OUT] [--screenshots DIR] [--workdir DIR]
(with no options: practice 7, its task 7.2 answered as in solutions/, and open-and-save of
chapter 7 and practice 7 as stored).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_audit import CHROMIUM, LOCAL_HOSTS, browser_available  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SERVER_START_TIMEOUT_S = 90
KERNEL_TIMEOUT_MS = 180_000       # run-all of a practice (jax compiles on first use)
REDRAW_TIMEOUT_MS = 15_000        # one slider notch -> a new figure
NOTCHES = 3

# Console messages JupyterLab 4.4 and its extensions log in a healthy session, offline and with no
# user settings. Each is matched as a regular expression on the message text; the reason says why
# it is harmless. Everything else counts as a console error.
IGNORED_CONSOLE = (
    (r"Failed to load resource: the server responded with a status of 404 .*"
     r"(/api/workspaces|/lab/api/workspaces|/api/translations|/lsp/status)",
     "Lab probes optional endpoints (a workspace that does not exist yet, translations, the "
     "language server) and falls back to defaults"),
    (r"Failed to load resource: net::ERR_FAILED",
     "a request to another host aborted by the audit (recorded under external_requests)"),
)

#: How jupyterlab-myst reports a {ref} whose target is not in the notebook (one per line).
CROSS_REFERENCE = "Cross reference target was not found"

# --- JavaScript run inside the Lab (window.jupyterapp, exposed by --LabApp.expose_app_in_browser)

NOTEBOOK_STATE_JS = """() => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext) return null;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = [];
  const model = w.content.model;
  for (let i = 0; i < model.cells.length; i++) {
    const c = model.cells.get(i);
    const rec = {type: c.type, source: c.sharedModel.getSource().slice(0, 200)};
    if (c.type === 'code') {
      rec.execution_count = c.executionCount;
      rec.outputs = [];
      for (let k = 0; k < c.outputs.length; k++) {
        const o = c.outputs.get(k).toJSON();
        const text = o.text !== undefined ? [].concat(o.text).join('') :
            (o.data && o.data['text/plain'] !== undefined ? [].concat(o.data['text/plain']).join('') : '');
        rec.outputs.push({type: o.output_type, name: o.name || null, ename: o.ename || null,
                          evalue: o.evalue || null, text: text.slice(0, 400)});
      }
    }
    cells.push(rec);
  }
  return {kernel: kernel ? kernel.status : 'none', cells};
}"""

WIDGETS_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const root = w.content.node;
  return {
    sliders: root.querySelectorAll('.widget-slider, .jupyter-widget-slider').length,
    images: [...root.querySelectorAll('.jp-OutputArea .widget-image, .jp-OutputArea img')]
        .filter(i => i.getBoundingClientRect().width > 0).length,
    widget_errors: [...root.querySelectorAll('.jp-OutputArea-output')]
        .filter(o => /Error displaying widget|model not found/i.test(o.textContent)).length,
  };
}"""

# A slider and a figure (a loaded image, or an SVG that is not part of a slider) are on the page.
WIDGETS_SHOWN_JS = """() => {
  const sliders = document.querySelectorAll('.jp-OutputArea .widget-slider, .jp-OutputArea .jupyter-widget-slider');
  const images = [...document.querySelectorAll('.jp-OutputArea img')].filter(i => i.complete && i.naturalWidth > 0);
  const svgs = [...document.querySelectorAll('.jp-OutputArea .jupyter-widgets svg')]
      .filter(s => !s.closest('.widget-slider, .jupyter-widget-slider'));
  return sliders.length > 0 && (images.length > 0 || svgs.length > 0);
}"""

# Markdown cell `index` still showing a MyST role or directive as typed ("{ref}`...`",
# "{func}`...`", "```{note}"), and jupyterlab-myst's marks of references it could not resolve.
RAW_MYST_JS = r"""(index) => {
  const w = window.jupyterapp.shell.currentWidget;
  const r = w.content.widgets[index].node.querySelector('.myst, .jp-RenderedMarkdown');
  if (!r) return null;
  return {raw: [...r.innerText.matchAll(/\{[a-z:-]+\}`[^`]*`|```\{[a-z-]+\}/g)].map(m => m[0].slice(0, 80)),
          unresolved_refs: [...r.querySelectorAll('[title="Cross Reference Not Found"]')]
              .map(e => e.innerText.trim())};
}"""

SCROLL_TO_CELL_JS = """async (index) => {
  const w = window.jupyterapp.shell.currentWidget;
  await w.content.scrollToItem(index, 'center');
  return w.content.widgets[index].node.isConnected;
}"""

# A markdown cell's rendered view: jupyterlab-myst's, or Lab's own renderer.
MARKDOWN_RENDERED = ".jp-MarkdownCell .myst, .jp-MarkdownCell .jp-RenderedMarkdown"

# A fingerprint of what a cell's output shows as a figure: the bytes of each image (not its blob
# URL, which is new on every update even for the same picture), and the markup of any SVG.
FIGURE_JS = """async (index) => {
  const w = window.jupyterapp.shell.currentWidget;
  const cell = w.content.widgets[index].node;
  const hash = s => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return h;
  };
  const parts = [];
  const sizes = [];
  for (const img of cell.querySelectorAll('.jp-OutputArea img')) {
    if (!img.src) continue;
    const buf = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let h = 0;
    for (let i = 0; i < buf.length; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
    parts.push('img:' + buf.length + ':' + h);
    const r = img.getBoundingClientRect();
    sizes.push({natural: [img.naturalWidth, img.naturalHeight], shown: [Math.round(r.width), Math.round(r.height)]});
  }
  for (const svg of cell.querySelectorAll('.jp-OutputArea svg')) {
    if (svg.closest('.widget-slider, .jupyter-widget-slider')) continue;
    parts.push('svg:' + hash(svg.outerHTML));
  }
  return {fingerprint: parts.join('|'), sizes};
}"""

# Resolves when the figure of cell `index` shows new content after the next keydown in the page:
# the time from the keydown to the first animation frame with a new, loaded image (or SVG).
WAIT_REDRAW_JS = """async ([index, before, timeout]) => {
  const figure = FIGURE;
  const w = window.jupyterapp.shell.currentWidget;
  const cell = w.content.widgets[index].node;
  const t0 = window.__labAuditKeydown;
  const frame = () => new Promise(r => requestAnimationFrame(r));
  let lastSrc = null;
  while (performance.now() - t0 < timeout) {
    await frame();
    const imgs = [...cell.querySelectorAll('.jp-OutputArea img')];
    const src = imgs.map(i => i.src).join('|') + cell.querySelectorAll('.jp-OutputArea svg').length;
    if (src === lastSrc && imgs.length) continue;      // nothing new since the last frame
    if (imgs.some(i => !i.complete)) continue;         // a new image still decoding
    const now = performance.now();
    const f = await figure(index);
    lastSrc = src;
    if (f.fingerprint !== before) return {ms: now - t0, fingerprint: f.fingerprint};
  }
  return {ms: null, fingerprint: before};
}""".replace("FIGURE", FIGURE_JS)

# Counts the cells the kernel starts executing from now on (its execute_input messages): a wait
# for "idle, nothing queued" then cannot pass before the run has even begun.
ARM_EXECUTION_JS = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__labAuditExecuted = 0;
  kernel.iopubMessage.connect((_, msg) => {
    if (msg.header.msg_type === 'execute_input') window.__labAuditExecuted++;
  });
}"""

ARM_KEYDOWN_JS = """() => { window.__labAuditKeydown = null;
  document.addEventListener('keydown', () => { window.__labAuditKeydown = performance.now(); },
                            {capture: true, once: true}); }"""


def lab_available() -> str | None:
    """None when the audit can run, else a sentence saying what is missing."""
    import importlib.util

    if importlib.util.find_spec("jupyterlab") is None:
        return "JupyterLab is not installed (pip install -r requirements.txt)"
    return browser_available()


# --- the server -------------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the server is told not to retry others)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings_dir: Path):
    """Lab settings of a fresh user, minus the two things that would reach the internet."""
    path = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


@contextlib.contextmanager
def lab_server(root: Path, log_path: Path | None = None):
    """Run ``jupyter lab`` on ``root`` (a directory of copies); yield ``(base_url, token)``.

    The server runs in its own process group, with temporary config/settings/workspace/runtime
    directories; on leaving the context (normally or by an exception) the group is sent SIGTERM
    (which also shuts the kernels down) and, if still alive after 20 s, SIGKILL. (No preexec_fn
    to tie it to this process's death: forking a process that runs JAX's threads risks a deadlock.)
    """
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"root must be an existing directory, got {str(root)!r}")
    port, token = free_port(), secrets.token_hex(16)
    state = Path(tempfile.mkdtemp(prefix="lab_audit_state_"))
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl")):
        (state / sub).mkdir()
        env[var] = str(state / sub)
    env.pop("PHYSML_AUTOGRADE", None)          # a student's session: checks never raise
    _write_settings(state / "settings")
    log_path = Path(log_path) if log_path else state / "server.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.allow_root=True", "--LabApp.expose_app_in_browser=True",
           "--LabApp.news_url=", "--ServerApp.open_browser=False"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with code {proc.returncode} before it "
                                   f"served; its log:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not answer within {SERVER_START_TIMEOUT_S} s; "
                                   f"its log:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.25)
        yield base, token
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(state, ignore_errors=True)


# --- the browser ------------------------------------------------------------------------------------

def _ignored(text: str):
    """The reason a console message is harmless, or None."""
    for pattern, reason in IGNORED_CONSOLE:
        if re.search(pattern, text):
            return reason
    return None


class LabPage:
    """One JupyterLab tab: console errors and external requests are recorded from the start."""

    def __init__(self, context, base, token):
        self.base, self.token = base, token
        self.page = context.new_page()
        self.console_errors, self.ignored_console, self.external_requests = [], [], []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_pageerror)

    def _on_pageerror(self, exc):
        frames = re.findall(r"https?://[^\s)]+", exc.stack or "")
        where = f" (at {frames[0][:160]})" if frames else ""
        self.console_errors.append(f"uncaught: {str(exc)[:300]}{where}")

    def _on_console(self, msg):
        if msg.type != "error":
            return
        if msg.text.startswith(CROSS_REFERENCE):
            # jupyterlab-myst logs its list of unresolved references again with each new one
            self.console_errors += [x for x in msg.text.split("\n") if x not in self.console_errors]
            return
        text = msg.text[:300]
        loc = (msg.location or {}).get("url", "")
        if loc and urlparse(loc).hostname not in LOCAL_HOSTS:
            text += f" (at {loc[:120]})"
        if _ignored(text):
            self.ignored_console.append(text)
        else:
            self.console_errors.append(text)

    def open_notebook(self, name: str, timeout_ms=120_000):
        """Open ``name`` (relative to the server's root) and wait for its kernel to be idle."""
        self.page.goto(f"{self.base}/lab/tree/{quote(name)}?token={self.token}&reset",
                       wait_until="domcontentloaded", timeout=timeout_ms)
        self.page.wait_for_function(
            """(name) => { const a = window.jupyterapp; const w = a && a.shell.currentWidget;
                 return !!(w && w.context && w.context.path.endsWith(name) && w.context.isReady &&
                           w.content && w.content.widgets.length &&
                           w.sessionContext.session && w.sessionContext.session.kernel &&
                           w.sessionContext.session.kernel.status === 'idle'); }""",
            arg=name, timeout=timeout_ms, polling=200)
        # a notebook's markdown renders lazily (windowing): the first frame is enough for the top
        self.page.wait_for_selector(MARKDOWN_RENDERED, timeout=timeout_ms)

    def state(self):
        return self.page.evaluate(NOTEBOOK_STATE_JS)

    def wait_idle(self, timeout_ms=KERNEL_TIMEOUT_MS):
        """After :data:`ARM_EXECUTION_JS` and a run: wait until the kernel has started at least one
        cell, is idle, and no cell is queued. A cell's model is ``running`` from the moment its request
        is sent until its reply; the ``[*]`` prompts cannot tell, since JupyterLab's default windowing
        attaches only the cells in view to the page (a run once passed while the last cell waited)."""
        self.page.wait_for_function(
            """() => {
                 const w = window.jupyterapp.shell.currentWidget;
                 const k = w.sessionContext.session && w.sessionContext.session.kernel;
                 if (!window.__labAuditExecuted || !k || k.status !== 'idle') return false;
                 const cells = w.content.model.cells;
                 for (let i = 0; i < cells.length; i++) {
                   const c = cells.get(i);
                   if (c.type === 'code' && c.executionState === 'running') return false;
                 }
                 return true; }""",
            timeout=timeout_ms, polling=250)

    def menu(self, *labels):
        """Click through the menu bar: ``menu("Run", "Run All Cells")``."""
        top, *items = labels
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{re.escape(top)}$")).click()
        for label in items:
            self.page.locator(".lm-Menu-item:visible",
                              has=self.page.locator(".lm-Menu-itemLabel",
                                                    has_text=re.compile(f"^{re.escape(label)}$"))).click()

    def cell(self, index):
        """Cell ``index`` scrolled into view (the notebook attaches only the cells near the view)."""
        self.page.evaluate(SCROLL_TO_CELL_JS, index)
        loc = self.page.locator(f'.jp-Notebook .jp-Cell[data-windowed-list-index="{index}"]')
        loc.wait_for(state="attached", timeout=30_000)
        loc.scroll_into_view_if_needed()
        return loc

    def myst(self, state):
        """Raw MyST text and unresolved references in the rendered markdown cells (each is
        scrolled to, so that it renders)."""
        raw, unresolved, rendered = [], [], 0
        for i, c in enumerate(state["cells"]):
            if c["type"] != "markdown":
                continue
            self.cell(i)
            self.page.wait_for_function(
                "(i) => !!window.jupyterapp.shell.currentWidget.content.widgets[i].node"
                ".querySelector('.myst, .jp-RenderedMarkdown')", arg=i, timeout=30_000)
            got = self.page.evaluate(RAW_MYST_JS, i)
            rendered += 1
            raw += [f"cell {i}: {t}" for t in got["raw"]]
            unresolved += [f"cell {i}: {t}" for t in got["unresolved_refs"]]
        return {"raw": raw, "unresolved_refs": unresolved, "rendered_cells": rendered}


def _dedupe(messages):
    """Each distinct message once, with "(×n)" when it was logged n > 1 times."""
    counts = {}
    for m in messages:
        counts[m] = counts.get(m, 0) + 1
    return [m if n == 1 else f"{m} (×{n})" for m, n in counts.items()]


def _code_cells(state):
    return [i for i, c in enumerate(state["cells"]) if c["type"] == "code"]


def _problems(state):
    """Error outputs and stderr of the notebook's cells: [(cell index, text)]."""
    bad = []
    for i, c in enumerate(state["cells"]):
        for o in c.get("outputs", []):
            if o["type"] == "error":
                bad.append((i, f"{o['ename']}: {o['evalue']}"[:300]))
            elif o["type"] == "stream" and o["name"] == "stderr":
                bad.append((i, "stderr: " + o["text"][:300]))
    return bad


def _cell_with(state, text):
    hits = [i for i, c in enumerate(state["cells"]) if text in c["source"]]
    if not hits:
        raise LookupError(f"no cell of the notebook contains {text!r}")
    return hits[0]


def _output_text(lab, index):
    """What the reader sees in the output area of cell ``index``."""
    outputs = lab.cell(index).locator(".jp-OutputArea-output")
    return "\n".join(outputs.nth(k).inner_text() for k in range(outputs.count()))


def work_practice(lab: LabPage, name: str, answers=(), live_marker=".live(", screenshot=None):
    """Steps 1-3 on the practice ``name``; ``answers`` is a sequence of ``(task_id, source)``:
    each source replaces the cell that checks ``task_id`` in turn. Returns a JSON-able dict."""
    t = time.time()
    lab.open_notebook(name)
    rec = {"open_seconds": round(time.time() - t, 1)}
    t = time.time()
    lab.page.evaluate(ARM_EXECUTION_JS)
    lab.menu("Run", "Run All Cells")
    lab.wait_idle()
    state = lab.state()
    rec["run_all_seconds"] = round(time.time() - t, 1)
    rec["code_cells"] = len(_code_cells(state))
    rec["cells_not_run"] = [i for i in _code_cells(state) if state["cells"][i]["execution_count"] is None]
    rec["error_outputs"] = [f"cell {i}: {text}" for i, text in _problems(state)]
    rec["checks"] = [o["text"][:160] for c in state["cells"] for o in c.get("outputs", [])
                     if o["text"].startswith(("✓", "✗", "…", "!"))]
    # widgets: the explorer's cell is brought into view first (only cells near the view are on the
    # page), then the widget manager has a moment to render its views
    live = _cell_with(state, live_marker)
    lab.cell(live)
    lab.page.wait_for_function(WIDGETS_SHOWN_JS, timeout=30_000, polling=200)
    rec["widgets"] = lab.page.evaluate(WIDGETS_JS)
    if screenshot:
        lab.page.screenshot(path=str(screenshot))
        rec["screenshot"] = str(screenshot)
    rec["myst"] = lab.myst(state)
    rec["slider"] = move_slider(lab, live)
    rec["answers"] = [answer(lab, task_id, source) for task_id, source in answers]
    return rec


def move_slider(lab: LabPage, index, notches=NOTCHES):
    """Press the right arrow on the first slider handle of cell ``index``, ``notches`` times; for
    each, the milliseconds until the figure shows new content (None: it did not change)."""
    cell = lab.cell(index)
    handle = cell.locator(".noUi-handle, .ui-slider-handle, input[type=range]").first
    readout = cell.locator(".widget-readout").first
    first = lab.page.evaluate(f"({FIGURE_JS})({index})")
    rec = {"readouts": [readout.inner_text() if readout.count() else None], "latencies_ms": [],
           "figure_sizes": first["sizes"]}
    before = first["fingerprint"]
    handle.focus()
    for _ in range(notches):
        lab.page.evaluate(ARM_KEYDOWN_JS)
        lab.page.keyboard.press("ArrowRight")
        got = lab.page.evaluate(WAIT_REDRAW_JS, [index, before, REDRAW_TIMEOUT_MS])
        rec["latencies_ms"].append(None if got["ms"] is None else round(got["ms"], 1))
        rec["readouts"].append(readout.inner_text() if readout.count() else None)
        before = got["fingerprint"]
    return rec


def _run_selected_and_wait(lab: LabPage, index, key, timeout_ms):
    """Press ``key`` (Ctrl+Enter or Shift+Enter) on the selected cell ``index``; wait until it ran."""
    before = lab.state()["cells"][index]["execution_count"]
    lab.page.evaluate(ARM_EXECUTION_JS)
    lab.page.keyboard.press(key)
    lab.page.wait_for_function(
        """([i, before]) => { const w = window.jupyterapp.shell.currentWidget;
             const c = w.content.model.cells.get(i);
             return c.executionCount !== null && c.executionCount !== before; }""",
        arg=[index, before], timeout=timeout_ms, polling=100)
    lab.wait_idle()


def answer(lab: LabPage, task_id, source, timeout_ms=60_000):
    """Type ``source`` into the cell where ``task_id`` is answered (select all, type), run it, then
    run the check and return the verdict text shown under the check.

    In exercises/ (nbgrader's release) the answer has a cell of its own and the read-only check
    cell follows it: the answer cell is run with Shift+Enter, which selects the check cell, and
    that one with Ctrl+Enter.  Where the answer and its check share a cell, that cell is edited."""
    check_index = _cell_with(lab.state(), f'check("{task_id}"')
    check_source = lab.state()["cells"][check_index]["source"]
    separate = check_source.strip().startswith(f'check("{task_id}"') and check_index > 0
    index = check_index - 1 if separate else check_index
    cell = lab.cell(index)
    cell.locator(".cm-content").click()
    lab.page.keyboard.press("ControlOrMeta+a")
    lab.page.keyboard.insert_text(source)       # as typed, without editor auto-closing brackets
    if separate:
        _run_selected_and_wait(lab, index, "Shift+Enter", timeout_ms)   # runs it, selects the check
    _run_selected_and_wait(lab, check_index, "ControlOrMeta+Enter", timeout_ms)
    state = lab.state()
    return {"task": task_id, "cell": index, "source_in_cell": state["cells"][index]["source"],
            "verdict": _output_text(lab, check_index).strip()[:400],
            "errors": [t for i, t in _problems(state) if i in (index, check_index)]}


def open_and_save(lab: LabPage, name: str, root: Path):
    """Open ``name`` untouched (not run), save it with Ctrl+S; compare the bytes with before."""
    path = Path(root) / name
    original = path.read_bytes()
    lab.page.bring_to_front()
    lab.open_notebook(name)
    # focus the notebook (command mode, no edit), as a click on its margin does
    lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.click(position={"x": 5, "y": 5})
    lab.page.keyboard.press("Escape")
    # (wait in Playwright calls, not time.sleep: the sync API serves the request router only then)
    with lab.page.expect_response(lambda r: r.request.method == "PUT" and "/api/contents/" in r.url,
                                  timeout=60_000) as put:
        lab.page.keyboard.press("ControlOrMeta+s")
    if not put.value.ok:
        raise RuntimeError(f"saving {name} failed: HTTP {put.value.status}")
    lab.page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty",
                               timeout=30_000)
    saved = path.read_bytes()
    return byte_report(original, saved)


def byte_report(original: bytes, saved: bytes) -> dict:
    """How ``saved`` differs from ``original``: changed bytes (by a line diff) and examples."""
    import difflib
    a, b = original.decode("utf-8", "replace").splitlines(True), saved.decode("utf-8", "replace").splitlines(True)
    changed, examples = 0, []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        changed += max(len(old.encode()), len(new.encode()))
        if len(examples) < 5:
            examples.append(f"-{old.strip()[:100]!r} +{new.strip()[:100]!r}")
    return {"identical": original == saved, "bytes_before": len(original), "bytes_after": len(saved),
            "changed_lines": sum(1 for x in difflib.ndiff(a, b) if x[:1] in "+-") if original != saved else 0,
            "changed_bytes": changed, "examples": examples}


def audit(root: Path, practice: str, answers=(), save=(), screenshot=None, log=print) -> dict:
    """Run the whole audit in the directory of copies ``root``; ``practice`` and the ``save``
    notebooks are names relative to it. Returns a JSON-able dict (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    root = Path(root)
    for name in (practice, *save):
        if not (root / name).is_file():
            raise ValueError(f"{name!r} is not a notebook under root {str(root)!r}")
    t0 = time.time()
    report = {"practice": practice}
    with lab_server(root, root / "jupyter-lab.log") as (base, token), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
            external = []

            def route(r):
                url = r.request.url
                if urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:", "about:")):
                    r.continue_()
                else:
                    external.append(url)
                    r.abort()

            context.route("**/*", route)
            report["console_errors"], report["ignored_console"] = [], []
            # open-and-save first, each in a fresh browser context: untouched by the practice's run
            report["saves"] = {}
            for name in save:
                log(f"lab_audit: open-and-save {name}")
                save_context = browser.new_context(viewport={"width": 1280, "height": 900},
                                                   service_workers="block")
                save_context.route("**/*", route)
                save_page = LabPage(save_context, base, token)
                report["saves"][name] = open_and_save(save_page, name, root)
                report["console_errors"] += [f"[{name}] {m}" for m in save_page.console_errors]
                report["ignored_console"] = sorted(set(report["ignored_console"]) | set(save_page.ignored_console))
                save_context.close()
            lab = LabPage(context, base, token)
            log(f"lab_audit: {time.time() - t0:.1f} s; working {practice}")
            report["work"] = work_practice(lab, practice, answers, screenshot=screenshot)
            report["console_errors"] += [f"[{practice}] {m}" for m in lab.console_errors]
            report["ignored_console"] = sorted(set(report["ignored_console"]) | set(lab.ignored_console))
            report["external_requests"] = sorted(set(external))
            report["console_errors"] = _dedupe(report["console_errors"])
        finally:
            browser.close()
    report["seconds"] = round(time.time() - t0, 1)
    return report


# --- what a practice's solution says ---------------------------------------------------------------

SOLUTION_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION[ \t]*\n?", re.M | re.S)


def solved_source(solution_nb: Path, task_id: str) -> str:
    """The source a student who solved ``task_id`` has in its cell: the solutions notebook's cell
    with its ``### BEGIN/END SOLUTION`` markers removed (their content kept)."""
    nb = json.loads(Path(solution_nb).read_text())
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and f'check("{task_id}"' in src:
            if not SOLUTION_BLOCK.search(src):
                raise LookupError(f"the cell of {task_id!r} in {solution_nb} has no solution block")
            return SOLUTION_BLOCK.sub(lambda m: m.group(1), src)
    raise LookupError(f"no cell of {solution_nb} checks {task_id!r}")


def copy_for_lab(files, root: Path) -> Path:
    """Copy repository files (paths relative to the repository) flat into ``root``."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy2(ROOT / f, root / Path(f).name)
    return root


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--practice", default="exercises/ch07_practice.ipynb")
    ap.add_argument("--task", default="ch07-predict-halving",
                    help="task answered (after --wrong, if given) as in solutions/")
    ap.add_argument("--wrong", default=None, help="a wrong source for the task's cell, typed first")
    ap.add_argument("--save", nargs="*", default=["book/ch07_symplectic.ipynb", "exercises/ch07_practice.ipynb"],
                    help="notebooks (repository paths) to open and save untouched")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--screenshots", type=Path, help="directory for a screenshot after run-all")
    ap.add_argument("--workdir", type=Path, help="keep the copies and the server's log here "
                    "(default: a temporary directory, removed)")
    args = ap.parse_args(argv)
    missing = lab_available()
    if missing:
        print(f"lab_audit: cannot run: {missing}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lab_audit_") as tmp:
        work = copy_for_lab([args.practice], args.workdir or Path(tmp))
        copy_for_lab(args.save, work / "untouched")
        right = solved_source(ROOT / "solutions" / Path(args.practice).name, args.task)
        answers = [(args.task, args.wrong)] if args.wrong else []
        answers.append((args.task, right))
        shot = None
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
            shot = args.screenshots / (Path(args.practice).stem + "_after_run_all.png")
        report = audit(work, Path(args.practice).name, answers,
                       ["untouched/" + Path(f).name for f in args.save], screenshot=shot,
                       log=lambda s: print(s, file=sys.stderr))
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
