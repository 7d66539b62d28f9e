"""The book's notebooks as regression tests: what is compared, what is never stored, and the
perturbed numerical environment that exposes fragile outputs.

A stored notebook output is a test of the *physics*, so the comparison must not depend on a
CPU's last bits or on which optional serialiser happens to be installed:

* printed text (``stream`` stdout) and ``text/plain`` results: exactly. Authors print headline
  figures rounded to what is physically meaningful, away from rounding edges, or as bounds
  (``< 1e-12``);
* ``text/html`` of an exercise check: exactly (the feedback message a student sees);
* ``image/png`` (matplotlib): produced and well-formed, a valid non-empty PNG; the pixels are not
  compared;
* a plotly figure (``application/vnd.plotly.v1+json`` and its ``text/html``): produced and
  well-formed, valid figure JSON with the same number of traces, frames and slider steps; the
  data arrays and their serialisation (``orjson`` installed or not) are not compared;
* a widget view: not compared (model ids are random);
* ``stream`` stderr and ``error`` outputs: never stored (:func:`stored_problems` fails the test).

:func:`comparable` maps an output to what is compared; the repository's ``conftest.py`` applies it
to nbval's comparison, and ``tools/execute.py`` uses it to compare a run in the default
environment with one in :func:`perturbed_environment` before it stores anything.
"""
from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import math
import os
import platform
import re
import struct
from pathlib import Path

import nbformat

__all__ = ["comparable", "stored_problems", "perturbed_environment", "default_environment", "PERTURBED_DESCRIPTION",
           "execute", "differences", "physml_seen_by_kernel", "run_and_verify",
           "PAIRED", "text_pair", "paired_text", "read_authored", "write_text_pair", "unpaired",
           "LAB_KERNEL_DISPLAY_NAME", "lab_normal_form", "write_notebook", "not_lab_normal",
           "fold_hidden_inputs"]

PLOTLY_JSON = "application/vnd.plotly.v1+json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# A stored output must not name a file on the machine that produced it.
_ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/])(?:/(?:root|home|Users|tmp|usr|opt|var|private|mnt|srv|work)/[^\s\"'<>]*"
    r"|[A-Za-z]:\\[^\s\"'<>]*)|site-packages|dist-packages")
_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*File \"[^\"]+\", line \d+", re.M)


def _text(value):
    return "".join(value) if isinstance(value, list) else str(value)


def _png_summary(value):
    try:
        raw = base64.b64decode(_text(value), validate=False)
    except (binascii.Error, ValueError):
        return "<malformed PNG: not base64>"
    if not raw.startswith(PNG_SIGNATURE) or raw[12:16] != b"IHDR" or len(raw) < 33:
        return "<malformed PNG: bad header>"
    width, height = struct.unpack(">II", raw[16:24])
    # The size is not compared: with a tight bounding box it follows the width of tick labels.
    return "<PNG image>" if width > 0 and height > 0 else "<malformed PNG: empty>"


def _plotly_summary(value):
    fig = value
    if isinstance(value, (str, list)):
        try:
            fig = json.loads(_text(value))
        except ValueError:
            return "<malformed plotly figure: not JSON>"
    if not isinstance(fig, dict) or not isinstance(fig.get("data"), list):
        return "<malformed plotly figure: no data list>"
    frames = fig.get("frames") or []
    sliders = (fig.get("layout") or {}).get("sliders") or []
    steps = [len(s.get("steps") or []) for s in sliders]
    return (f"<plotly figure: {len(fig['data'])} traces, {len(frames)} frames, "
            f"slider steps {steps}>")


def _html_summary(value, has_plotly_json):
    html = _text(value)
    if "plotly-graph-div" not in html and not has_plotly_json:
        return value                       # ordinary HTML (an exercise check): compared exactly
    ok = "Plotly.newPlot" in html and "plotly-graph-div" in html
    div = re.search(r'<div id="([^"]+)" class="plotly-graph-div"', html)
    name = div.group(1) if div else "?"
    # Plotly makes up a random id unless the figure names its div: keep only a chosen name.
    name = name if not re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", name) else "<uuid>"
    return f"<plotly html {name}>" if ok else "<malformed plotly html>"


def comparable(output):
    """The part of one notebook output that the tests compare (see the module's table).

    Returns a new output dict; ``output`` itself is not modified.
    """
    out = copy.deepcopy(dict(output))
    data = out.get("data")
    if isinstance(data, dict):
        data = dict(data)
        has_plotly = PLOTLY_JSON in data
        for key, value in data.items():
            if key == "image/png":
                data[key] = _png_summary(value)
            elif key == PLOTLY_JSON:
                data[key] = _plotly_summary(value)
            elif key == "text/html":
                data[key] = _html_summary(value, has_plotly)
        out["data"] = data
    return nbformat.from_dict(out)        # nbval reads outputs as NotebookNodes (attribute access)


def stored_problems(nb):
    """What must never be stored in a notebook ``nb`` (an nbformat notebook or its dict).

    Returns a list of ``(cell index, reason)``: error outputs, anything on stderr (library
    warnings included: fix the cause), a traceback, an absolute path of the machine that
    produced the outputs, or a second interactive figure with the div id of an earlier one (on
    the website it would draw into the first).
    """
    problems = []
    div_ids = set()
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                problems.append((i, f"an error output ({output.get('ename')})"))
                continue
            if kind == "stream" and output.get("name") == "stderr":
                problems.append((i, f"stderr: {_text(output.get('text'))[:120]!r}"))
            texts = [_text(output.get("text", ""))]
            for div_id in re.findall(r'<div id="([^"]+)" class="plotly-graph-div',
                                     _text((output.get("data") or {}).get("text/html", ""))):
                if div_id in div_ids:
                    problems.append((i, f"a second figure with div id {div_id!r}"))
                div_ids.add(div_id)
            for key, value in (output.get("data") or {}).items():
                if (key.startswith("text/") and key != "text/html"
                        or key == "text/html" and "plotly-graph-div" not in _text(value)):
                    texts.append(_text(value))
            for text in texts:
                if _TRACEBACK.search(text):
                    problems.append((i, "a traceback"))
                match = _ABSOLUTE_PATH.search(text)
                if match:
                    problems.append((i, f"a machine path: {match.group(0)[:80]!r}"))
    return problems


PERTURBED_DESCRIPTION = ("XLA compiled for SSE4.2 only (XLA_FLAGS=--xla_cpu_max_isa=SSE4_2): "
                         "other vector widths, other reduction orders, other last bits")


#: NumPy's AVX-512 code paths, switched off in every run that stores or tests a notebook (x86-64):
#: NumPy's float64 ``exp``/``log``/``cos`` have AVX-512 kernels whose last bits differ from the
#: AVX2 and scalar ones, and a Monte Carlo chain that draws with NumPy (chapter 9's heat bath on
#: the page) follows its accept/reject decisions into a different chain. Without AVX-512 every
#: x86-64 machine runs the same NumPy code (measured: chapter 9's stored outputs from an AVX-512
#: machine differed in 8 cells on an AVX2 one).
NUMPY_CPU_FEATURES_OFF = "X86_V4 AVX512_ICL AVX512_SPR"


#: The OpenBLAS kernels every run that stores or tests a notebook uses on an x86-64 CPU with AVX2 and
#: FMA (NumPy's and SciPy's OpenBLAS choose their kernels at run time by processor: SkylakeX
#: kernels with AVX-512 on recent Intel CPUs, Haswell kernels on AMD Zen and older Intel CPUs, with
#: other last bits). Measured: chapter 9's SU(2) heat bath, whose 2 x 2 complex products go through
#: OpenBLAS, drew another chain on an AVX-512 Intel Xeon than on an AMD EPYC (plaquette 0.430 against
#: the stored 0.433) until both used the Haswell kernels. A value the user has set is kept.
OPENBLAS_KERNELS = "Haswell"


def _has_avx2_fma():
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # pragma: no cover  (NumPy < 2)
        from numpy.core._multiarray_umath import __cpu_features__ as features
    return bool(features.get("AVX2") and features.get("FMA3"))


def _pin_numpy(env):
    if platform.machine().lower() in ("x86_64", "amd64"):
        env["NPY_DISABLE_CPU_FEATURES"] = NUMPY_CPU_FEATURES_OFF
        if "OPENBLAS_CORETYPE" not in env and _has_avx2_fma():
            env["OPENBLAS_CORETYPE"] = OPENBLAS_KERNELS
    return env


def default_environment(environ=None):
    """This process's environment without the perturbation (no ``--xla_cpu_max_isa`` cap), so
    the storing run uses the CPU's own code even when called from the perturbed test command;
    NumPy without its AVX-512 kernels (``NUMPY_CPU_FEATURES_OFF``) and OpenBLAS with its Haswell
    kernels (``OPENBLAS_KERNELS``, where the CPU has AVX2 and FMA) in both."""
    env = dict(os.environ if environ is None else environ)
    flags = [f for f in env.get("XLA_FLAGS", "").split() if not f.startswith("--xla_cpu_max_isa")]
    if flags:
        env["XLA_FLAGS"] = " ".join(flags)
    else:
        env.pop("XLA_FLAGS", None)
    return _pin_numpy(env)


def perturbed_environment(environ=None):
    """Environment variables for a numerically different run of the notebooks.

    On x86-64, JAX's compiler is limited to SSE4.2, so jitted reductions and transcendental
    functions change their last bits relative to the AVX2/AVX-512 code a laptop or server uses
    by default. On other architectures there is no such switch and the environment is
    returned unchanged. Existing ``XLA_FLAGS`` are kept and the ISA cap is appended.
    """
    env = default_environment(environ)
    if platform.machine().lower() in ("x86_64", "amd64"):
        env["XLA_FLAGS"] = " ".join(env.get("XLA_FLAGS", "").split() + ["--xla_cpu_max_isa=SSE4_2"])
    return env


def execute(nb, workdir, env=None, timeout=600):
    """Run notebook ``nb`` (modified in place) in a fresh kernel started in ``workdir`` with
    environment ``env`` (default: this process's); return the wall time in seconds."""
    import time

    from nbclient import NotebookClient
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    t0 = time.perf_counter()
    client.execute(env=dict(os.environ if env is None else env))
    return time.perf_counter() - t0


def differences(nb_a, nb_b):
    """Cells whose compared outputs (:func:`comparable`, as nbval sees them) differ between two
    runs of the same notebook: a list of ``(cell index, first run's text, second run's text)``."""
    def seen(cell):
        outs = []
        for o in map(comparable, cell.get("outputs", [])):
            # a kernel may split one cell's printing into several stream messages: join them
            if outs and o.get("output_type") == "stream" and outs[-1].get("output_type") == "stream" \
                    and outs[-1].get("name") == o.get("name"):
                outs[-1]["text"] = _text(outs[-1]["text"]) + _text(o["text"])
            else:
                outs.append(o)
        for o in outs:
            o.pop("execution_count", None)
            o.pop("metadata", None)
            if "data" in o:
                o["data"].pop("application/vnd.jupyter.widget-view+json", None)
        return json.dumps(outs, sort_keys=True, ensure_ascii=False)

    found = []
    for i, (a, b) in enumerate(zip(nb_a["cells"], nb_b["cells"])):
        if a.get("cell_type") == "code" and seen(a) != seen(b):
            found.append((i, _printed(a), _printed(b)))
    return found


def _printed(cell):
    parts = []
    for o in cell.get("outputs", []):
        o = comparable(o)
        parts.append(_text(o.get("text", "")) if "text" in o else
                     "\n".join(f"[{k}] {_text(v)[:300]}" for k, v in (o.get("data") or {}).items()))
    return "".join(parts)


def physml_seen_by_kernel(workdir):
    """The ``physml`` package directory a notebook kernel started in ``workdir`` imports."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, physml; print(os.path.dirname(os.path.realpath(physml.__file__)))")])
    execute(nb, workdir, timeout=120)
    return _text(nb.cells[0].outputs[0]["text"]).strip()


def run_and_verify(nb, workdir, repo_root, verify=True, timeout=600, log=print):
    """Execute ``nb`` for storing: check the kernel imports this checkout's ``physml``, run it,
    and (``verify``) run a copy in :func:`perturbed_environment` and compare what the tests
    compare. Returns ``(seconds, problems)``; the notebook should be stored only if ``problems``
    is empty. ``nb`` holds the default run's outputs afterwards.
    """
    from pathlib import Path
    problems = []
    expected = (Path(repo_root).resolve() / "physml").as_posix()
    seen = physml_seen_by_kernel(workdir)
    if Path(seen).resolve().as_posix() != expected:
        return 0.0, [f"the notebook kernel imports physml from {seen}, not from this checkout "
                     f"({expected}): run `pip install -e .` here (or use this checkout's environment)"]
    twin = copy.deepcopy(nb) if verify else None
    seconds = execute(nb, workdir, env=default_environment(), timeout=timeout)
    problems += [f"cell {i}: {reason}" for i, reason in stored_problems(nb)]
    if verify:
        log(f"         verifying under perturbed numerics ({PERTURBED_DESCRIPTION})")
        execute(twin, workdir, env=perturbed_environment(), timeout=timeout)
        for i, a, b in differences(nb, twin):
            problems.append(f"cell {i} prints something else under perturbed numerics:\n"
                            f"  default:   {a.strip()[:400]!r}\n  perturbed: {b.strip()[:400]!r}\n"
                            "  print it rounded to what is physically meaningful, away from rounding "
                            "edges, or as a bound")
    return seconds, problems


# --------------------------------------------------------------------------- #
# The bytes JupyterLab writes: a notebook opened and saved unchanged stays unchanged
# --------------------------------------------------------------------------- #
#: The kernel's display name that JupyterLab stores when it saves, the name ipykernel registers
#: its kernel under (``ipykernel.kernelspec``, "Python 3 (ipykernel)"), not nbformat's "Python 3".
LAB_KERNEL_DISPLAY_NAME = "Python 3 (ipykernel)"
_JS_SAFE_INTEGER = 2 ** 53
_JS_EXPONENT_FROM = 1e21       # Number.prototype.toString switches to "1e+21" here


def _as_javascript_number(value):
    """``value`` after a trip through the browser: ``JSON.parse`` makes every number a double,
    ``JSON.stringify`` writes an integral double without ``.0`` (``4.0`` -> ``4``, ``-0.0`` ->
    ``0``) and Python's ``json`` on the server reads that back as an ``int``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) < _JS_SAFE_INTEGER:
            return value
        value = float(value)                          # beyond 2**53 a double rounds it
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < _JS_EXPONENT_FROM:
            return int(value)
        return value if math.isfinite(value) else None   # JSON.stringify(NaN) is "null"
    return value


def _through_the_browser(node):
    if isinstance(node, dict):
        return {key: _through_the_browser(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_through_the_browser(value) for value in node]
    return _as_javascript_number(node)


def _cell_id(index, cell):
    digest = hashlib.sha1(f"{index}:{cell.get('cell_type')}:{_text(cell.get('source', ''))}".encode())
    return digest.hexdigest()[:8]


def lab_normal_form(nb):
    """The text JupyterLab 4.4 (with jupyter_server 2) writes when notebook ``nb`` is opened and
    saved with no edit, so that storing this text makes open-and-save a no-op (no diff in review,
    no "file changed" for a student who only read it).

    Found by experiment (tools/normalise_notebooks.py's docstring has the measurement): the
    browser round-trips the whole notebook through JavaScript numbers, so every integral float in
    outputs, widget state and metadata loses its ``.0`` (``"size": 6.0`` in a plotly figure
    becomes ``6``); the running kernel writes its kernelspec, whose display name is
    :data:`LAB_KERNEL_DISPLAY_NAME`; the server writes with nbformat's JSON layout (keys sorted,
    indent 1, multi-line strings split into lines, non-ASCII kept) and a final newline.

    ``language_info`` is kept as stored: Lab replaces it with the running kernel's, so a reader on
    another Python version (``version``) sees that one line change; it records the Python that
    produced the stored outputs, which is worth keeping. A notebook older than nbformat 4.5 gets
    cell ids (Lab would make up random ones on every open; these follow from position and source).

    ``nb`` is an nbformat notebook (or its dict) and is not modified. Returns the text.
    """
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"nb must be a notebook (a dict with a list of cells), not {type(nb).__name__}")
    if nb.get("nbformat") != 4:
        raise ValueError(f"nb must be an nbformat 4 notebook, not nbformat={nb.get('nbformat')!r}")
    data = _through_the_browser(json.loads(json.dumps(nb)))
    if data.get("nbformat_minor", 0) < 5:
        data["nbformat_minor"] = 5
        for i, cell in enumerate(data["cells"]):
            cell.setdefault("id", _cell_id(i, cell))
    kernelspec = data.setdefault("metadata", {}).get("kernelspec")
    if isinstance(kernelspec, dict) and kernelspec.get("name") == "python3":
        kernelspec["display_name"] = LAB_KERNEL_DISPLAY_NAME
    text = nbformat.writes(nbformat.from_dict(data), version=nbformat.NO_CONVERT)
    return text if text.endswith("\n") else text + "\n"


def write_notebook(nb, path):
    """Write notebook ``nb`` to ``path`` in :func:`lab_normal_form`, the bytes JupyterLab would
    write for it, so that opening and saving it in Lab changes nothing. Returns the path."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path, not {type(path).__name__}")
    path = Path(path)
    if path.suffix != ".ipynb":
        raise ValueError(f"path must name an .ipynb file, not {str(path)!r}")
    text = lab_normal_form(nb)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path


def fold_hidden_inputs(nb):
    """Mark each code cell tagged ``hide-input`` (on the website only its output shows) with
    ``metadata.jupyter.source_hidden``, JupyterLab's own flag, so that Lab also opens the chapter
    with that plotting code collapsed (a click on the cell's bar shows it).  Lab keeps the flag
    when it saves.  Returns ``nb``, changed in place."""
    if not hasattr(nb, "get") or "cells" not in nb:
        raise TypeError(f"nb must be a notebook (a dict with cells), not {type(nb).__name__}")
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code" and "hide-input" in cell.get("metadata", {}).get("tags", []):
            cell["metadata"].setdefault("jupyter", {})["source_hidden"] = True
    return nb


def not_lab_normal(paths):
    """The notebooks among ``paths`` whose bytes are not their :func:`lab_normal_form`."""
    bad = []
    for path in map(Path, paths):
        stored = path.read_bytes().decode("utf-8")
        if lab_normal_form(json.loads(stored)) != stored:
            bad.append(str(path))
    return bad


# --------------------------------------------------------------------------- #
# Chapters paired with plain text (jupytext), so that a change reads as a diff
# --------------------------------------------------------------------------- #
#: Folders whose notebooks are authored (and so paired); exercises/ is generated.
PAIRED = ("book", "solutions")
_FORMAT = "py:percent"


def text_pair(path):
    """The plain-text twin of an authored notebook: ``book/ch01_x.ipynb`` -> ``book/ch01_x.py``."""
    return Path(path).with_suffix(".py")


def read_authored(path):
    """The notebook to execute: the ``.ipynb``, or its text pair's cells when the ``.py`` was edited
    more recently (the ``.ipynb``'s metadata kept; outputs are recomputed anyway)."""
    import jupytext

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    pair = text_pair(path)
    if pair.exists() and pair.stat().st_mtime > path.stat().st_mtime \
            and jupytext.writes(nb, fmt=_FORMAT) != pair.read_text():
        text = jupytext.read(pair, fmt=_FORMAT)
        nb.cells = text.cells
    return nb


def paired_text(nb):
    """The text of the ``py:percent`` twin of notebook ``nb`` (what :func:`write_text_pair` writes)."""
    import jupytext

    return jupytext.writes(nb, fmt=_FORMAT)


def write_text_pair(nb, path):
    """Write the ``py:percent`` twin of ``nb`` (stored at ``path``) beside it."""
    text_pair(path).write_text(paired_text(nb))


def unpaired(root="."):
    """Authored notebooks whose text pair is missing or differs from them."""
    import jupytext

    root = Path(root)
    bad = []
    for folder in PAIRED:
        for path in sorted((root / folder).glob("*.ipynb")):
            pair = text_pair(path)
            want = jupytext.writes(nbformat.read(path, as_version=4), fmt=_FORMAT)
            if not pair.exists() or pair.read_text() != want:
                bad.append(str(path.relative_to(root)))
    return bad


def _main(argv=None):
    """``python -m physml.notebooks --perturbed-env`` prints shell exports (for tools/test.sh)."""
    import argparse
    import shlex
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--perturbed-env", action="store_true",
                        help="print `export` lines for the perturbed numerical environment")
    args = parser.parse_args(argv)
    if args.perturbed_env:
        base = dict(os.environ)
        for key, value in perturbed_environment(base).items():
            if base.get(key) != value:
                print(f"export {key}={shlex.quote(value)}")


if __name__ == "__main__":
    _main()
