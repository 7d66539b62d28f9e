"""The stored notebook outputs: nothing machine-specific is stored, and the comparison that nbval
applies (physml.notebooks.comparable) ignores what differs between machines but still fails on a
missing or broken figure."""
import base64
import json
import struct
import zlib
from pathlib import Path

import nbformat
import pytest

from physml.notebooks import NUMPY_CPU_FEATURES_OFF, comparable, perturbed_environment, stored_problems

ROOT = Path(__file__).resolve().parents[1]


def _x86_with_avx():
    """True where the perturbation changes JAX's last bits: x86-64 with AVX (default code is AVX)."""
    import platform
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        return "avx" in Path("/proc/cpuinfo").read_text().lower()
    except OSError:        # not Linux: assume a modern x86-64 CPU
        return True
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix()
                   for d in ("book", "exercises", "solutions") for p in (ROOT / d).glob("*.ipynb"))


def test_every_notebook_is_listed():
    assert len(NOTEBOOKS) >= 24 and any(p.startswith("book/") for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_stored_outputs_hold_no_error_warning_traceback_or_machine_path(path):
    nb = nbformat.read(ROOT / path, as_version=4)
    assert stored_problems(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_stored_notebooks_stay_small(path):
    """A reader downloads every page: interactive figures store thinned, rounded data (Series
    ``site_every``/``site_log_points``, ``digits``), never an inline plotly.js bundle."""
    size = (ROOT / path).stat().st_size
    assert size < 900_000, f"{path} is {size / 1e6:.2f} MB: thin the website figures' data"
    assert "plotly.js v" not in (ROOT / path).read_text()[:2_000_000], f"{path} embeds plotly.js"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_every_directive_box_is_closed_on_a_line_of_its_own(path):
    """A derivation, checkpoint or answer box (``:::{admonition}``, ````` ```{dropdown} `````) that is not
    closed swallows the rest of the page on the website: the next heading becomes part of the box
    and drops out of the table of contents. A closing fence with text after it (``::: The next``)
    does not close; every fence opened in a markdown cell is closed in it."""
    import re

    nb = nbformat.read(ROOT / path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        src = cell.source
        assert not re.search(r"^:::+ *[^\s{:]", src, re.M), \
            f"{path}, cell {i}: a closing ::: with text after it (put the text on the next line)"
        for fence in (":", "`"):
            depth = 0
            for line in src.splitlines():
                m = re.match(rf"^{re.escape(fence)}{{3,}}(.*)$", line)
                if m:  # an opening fence names a directive (or a code block's language); a closing one is bare
                    depth += 1 if m.group(1).strip() else -1
                    assert depth >= 0, f"{path}, cell {i}: a {fence * 3} fence closes nothing"
            assert depth == 0, f"{path}, cell {i}: a {fence * 3} box is not closed in its cell"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.startswith("book/")])
def test_every_figure_of_a_chapter_is_captioned_and_its_code_hidden(path):
    """On the website a figure is numbered and captioned (``mystnb.figure``: a caption and a name
    for ``{numref}``) and its plotting code folded away (tag ``hide-input``), as dmol.pub does;
    the live widgets (``remove-output``) store no figure."""
    nb = nbformat.read(ROOT / path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        data = [o.get("data", {}) for o in cell.get("outputs", [])]
        if not any("image/png" in d or "plotly" in str(d.get("text/html", "")) or
                   any("plotly" in k for k in d) for d in data):
            continue
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        assert figure.get("caption") and figure.get("name"), f"{path}, cell {i}: a figure without caption or name"
        assert "hide-input" in cell.metadata.get("tags", []), f"{path}, cell {i}: a figure whose code is shown"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_every_code_cell_is_stored_executed(path):
    nb = nbformat.read(ROOT / path, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert None not in counts, "run: python tools/execute.py " + path


def _cell(*outputs):
    return {"cells": [{"cell_type": "code", "source": "", "outputs": list(outputs)}]}


def _stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


@pytest.mark.parametrize("output, reason", [
    ({"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []}, "error"),
    (_stream("/usr/lib/python3/site-packages/a.py:3: RuntimeWarning: overflow\n", "stderr"), "stderr"),
    (_stream("loaded /home/alice/course/data.csv\n"), "machine path"),
    (_stream("C:\\Users\\bob\\physml\\data.csv\n"), "machine path"),
    (_stream('Traceback (most recent call last):\n  File "x.py", line 1\n'), "traceback"),
    ({"output_type": "execute_result", "execution_count": 1, "metadata": {},
      "data": {"text/plain": "PosixPath('/root/main/book')"}}, "machine path"),
])
def test_stored_problems_finds_each_kind(output, reason):
    problems = stored_problems(_cell(output))
    assert problems and any(reason in r for _, r in problems), problems


def test_stored_problems_finds_two_figures_with_one_div_id():
    def figure(div_id):
        html = f'<div id="{div_id}" class="plotly-graph-div" style="height:100%"></div>'
        return {"output_type": "display_data", "data": {"text/html": html}, "metadata": {}}

    nb = {"cells": [{"cell_type": "code", "source": "", "outputs": [figure("a"), figure("b")]},
                    {"cell_type": "code", "source": "", "outputs": [figure("a")]}]}
    assert stored_problems(nb) == [(1, "a second figure with div id 'a'")]


def test_stored_problems_accepts_ordinary_outputs():
    ok = _cell(_stream("ratio 0.75 ± 0.01; the period is 1/2 of T; see https://doi.org/10.1/x\n"),
               {"output_type": "display_data", "metadata": {},
                "data": {"text/html": "<p>✓ correct: 3/4 of the runs</p>", "text/plain": "<HTML>"}})
    assert stored_problems(ok) == []


def _png(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    raw += chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1) * height)) + chunk(b"IEND", b"")
    return base64.b64encode(raw).decode()


def _display(data):
    return {"output_type": "display_data", "metadata": {}, "data": data}


def test_images_compare_equal_when_pixels_differ_but_not_when_broken_or_missing():
    a, b = comparable(_display({"image/png": _png(4, 3)})), comparable(_display({"image/png": _png(5, 3)}))
    assert a == b
    broken = comparable(_display({"image/png": base64.b64encode(b"not a png").decode()}))
    assert broken != a and "malformed" in broken["data"]["image/png"]
    assert comparable(_display({"text/plain": "<Figure>"})) != a


def _plotly(fig, ensure_ascii):
    text = json.dumps(fig, ensure_ascii=ensure_ascii)
    html = ('<div id="ch01-demo" class="plotly-graph-div"></div><script>Plotly.newPlot("ch01-demo", '
            + text + ")</script>")
    return _display({"application/vnd.plotly.v1+json": fig, "text/html": html,
                     "text/plain": "<interactive figure ch01-demo>"})


FIG = {"data": [{"x": [0.1, 0.2], "y": [1.0, 2.0], "name": "θ_k"}],
       "frames": [{"name": "0", "data": []}, {"name": "1", "data": []}],
       "layout": {"sliders": [{"steps": [{}, {}]}]}}


def test_plotly_figures_compare_by_structure_not_by_bytes():
    other_bits = json.loads(json.dumps(FIG))
    other_bits["data"][0]["y"] = [1.0000000000000002, 2.0]
    # orjson writes "θ_k", the standard library "\u03b8_k": the same figure either way
    assert comparable(_plotly(FIG, False)) == comparable(_plotly(other_bits, True))
    fewer_frames = dict(FIG, frames=FIG["frames"][:1])
    assert comparable(_plotly(FIG, False)) != comparable(_plotly(fewer_frames, False))
    no_data = comparable(_plotly({"layout": {}}, False))
    assert "malformed" in no_data["data"]["application/vnd.plotly.v1+json"]


def test_exercise_feedback_html_is_compared_exactly():
    right = comparable(_display({"text/html": "<p>✓ correct</p>"}))
    wrong = comparable(_display({"text/html": "<p>✗ not yet</p>"}))
    assert right != wrong and right["data"]["text/html"] == "<p>✓ correct</p>"


def test_comparable_does_not_modify_its_argument():
    out = _plotly(FIG, False)
    before = json.dumps(out, sort_keys=True)
    comparable(out)
    assert json.dumps(out, sort_keys=True) == before


def test_perturbed_environment_caps_the_isa_on_x86_and_keeps_other_flags(monkeypatch):
    import platform
    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    env = perturbed_environment({"XLA_FLAGS": "--xla_force_host_platform_device_count=2",
                                 "OPENBLAS_CORETYPE": "Haswell"})
    assert env["XLA_FLAGS"].split() == ["--xla_force_host_platform_device_count=2",
                                        "--xla_cpu_max_isa=SSE4_2"]
    assert env["OPENBLAS_CORETYPE"] == "Haswell"
    assert env["NPY_DISABLE_CPU_FEATURES"] == NUMPY_CPU_FEATURES_OFF
    monkeypatch.setattr(platform, "machine", lambda: "aarch64")
    assert perturbed_environment({"PATH": "/bin"}) == {"PATH": "/bin"}


def test_default_environment_removes_only_the_isa_cap_and_pins_numpy(monkeypatch):
    import platform

    from physml import notebooks
    from physml.notebooks import OPENBLAS_KERNELS, default_environment
    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(notebooks, "_has_avx2_fma", lambda: True)
    pinned = {"NPY_DISABLE_CPU_FEATURES": NUMPY_CPU_FEATURES_OFF, "OPENBLAS_CORETYPE": OPENBLAS_KERNELS}
    env = default_environment({"XLA_FLAGS": "--xla_cpu_max_isa=SSE4_2 --xla_dump_to=x", "HOME": "/h"})
    assert env == {"XLA_FLAGS": "--xla_dump_to=x", "HOME": "/h", **pinned}
    assert default_environment({"XLA_FLAGS": "--xla_cpu_max_isa=SSE4_2"}) == pinned
    # a processor without AVX2 or FMA cannot run the Haswell kernels: OpenBLAS then chooses its own
    monkeypatch.setattr(notebooks, "_has_avx2_fma", lambda: False)
    assert default_environment({}) == {"NPY_DISABLE_CPU_FEATURES": NUMPY_CPU_FEATURES_OFF}


def test_numpy_blas_products_are_those_of_the_haswell_kernels():
    """OpenBLAS picks kernels by processor (SkylakeX with AVX-512, Haswell on AMD Zen): in the pinned
    environment NumPy's complex 2 x 2 products, the heat bath's, run the Haswell kernels on every
    x86-64 machine with AVX2, so they are bit for bit those of a process told so explicitly."""
    import platform
    import subprocess
    import sys

    from physml.notebooks import default_environment
    if platform.machine().lower() not in ("x86_64", "amd64"):
        pytest.skip("the pin is for x86-64")
    env = default_environment()
    if "OPENBLAS_CORETYPE" not in env:
        pytest.skip("this processor has no AVX2/FMA: OpenBLAS chooses its own kernels")
    code = ("import hashlib, numpy as np; r = np.random.default_rng(0); "
            "a = r.normal(size=(64, 2, 2)) + 1j * r.normal(size=(64, 2, 2)); "
            "b = r.normal(size=(200, 200)); "
            "print(hashlib.md5((a @ a @ a).tobytes() + (b @ b).tobytes()).hexdigest())")
    runs = [subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True, check=True)
            for e in (env, {**env, "OPENBLAS_CORETYPE": "Haswell"})]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.strip()


def test_numpy_runs_without_its_avx512_kernels_in_the_pinned_environment():
    """NumPy accepts the switch on every x86-64 machine (with or without AVX-512) and reports the
    features off; the stored outputs of NumPy Monte Carlo (chapter 9) depend on it."""
    import platform
    import subprocess
    import sys

    from physml.notebooks import default_environment
    if platform.machine().lower() not in ("x86_64", "amd64"):
        pytest.skip("the switch is for x86-64")
    code = "import numpy._core._multiarray_umath as m; print(sorted(m.__cpu_features__.items()))"
    out = subprocess.run([sys.executable, "-c", code], env=default_environment(), capture_output=True,
                         text=True, check=True)
    for feature in NUMPY_CPU_FEATURES_OFF.split():         # NumPy 2.4 dispatches on these groups
        assert f"('{feature}', True)" not in out.stdout, out.stdout
    assert not out.stderr.strip(), out.stderr


def test_the_perturbation_changes_last_bits_of_jitted_code():
    """The point of the perturbed run: on x86-64 it must actually change JAX's last bits."""
    import subprocess
    import sys
    if not _x86_with_avx():
        pytest.skip("the ISA cap changes the code only on x86-64 with AVX")
    code = ("import jax, jax.numpy as jnp; jax.config.update('jax_enable_x64', True);"
            "x = jnp.linspace(0.1, 10.0, 100001);"
            "w = jax.random.normal(jax.random.key(0), (64, 64));"
            "f = jax.jit(lambda w: jnp.sum(jnp.tanh(jnp.tanh(x[:4096].reshape(64, 64) @ w) @ w) ** 2));"
            "print(jnp.sum(jnp.sin(x)).item().hex(), jax.grad(f)(w).sum().item().hex())")
    from physml.notebooks import default_environment
    default = subprocess.run([sys.executable, "-c", code], env=default_environment(), capture_output=True,
                             text=True)
    perturbed = subprocess.run([sys.executable, "-c", code], env=perturbed_environment(),
                               capture_output=True, text=True)
    assert default.returncode == 0 and perturbed.returncode == 0, default.stderr + perturbed.stderr
    assert default.stdout != perturbed.stdout


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_storing_refuses_a_physml_from_another_checkout(tmp_path):
    from physml.notebooks import run_and_verify
    nb = _notebook("print('hello')")
    _, problems = run_and_verify(nb, tmp_path, tmp_path, verify=False)   # tmp_path is not this checkout
    assert len(problems) == 1 and "not from this checkout" in problems[0]
    assert nb.cells[0].outputs == []                                      # nothing was run


FRAGILE = ("import jax, jax.numpy as jnp; jax.config.update('jax_enable_x64', True)\n"
           "w = jax.random.normal(jax.random.key(0), (64, 64))\n"
           "f = jax.jit(lambda w: jnp.sum(jnp.tanh(jnp.tanh(w @ w) @ w) ** 2))\n")


def test_storing_catches_a_digit_that_depends_on_the_last_bits():
    from physml.notebooks import run_and_verify
    if not _x86_with_avx():
        pytest.skip("needs x86-64 with AVX, where the perturbation changes the last bits")
    robust = _notebook(FRAGILE, "print(f'{float(jax.grad(f)(w).sum()):.3g}')")
    _, problems = run_and_verify(robust, ROOT / "book", ROOT)
    assert problems == []
    fragile = _notebook(FRAGILE, "print(float(jax.grad(f)(w).sum()).hex())")
    _, problems = run_and_verify(fragile, ROOT / "book", ROOT)
    assert len(problems) == 1 and "cell 1 prints something else under perturbed numerics" in problems[0]


def test_comparable_outputs_keep_attribute_access_for_nbval():
    out = comparable(_stream("x = 1\n"))
    assert out.output_type == "stream" and out.text == "x = 1\n"


def test_nbval_with_the_conftest_ignores_pixels_but_not_numbers_or_missing_figures(tmp_path):
    """End to end: nbval, patched by the repository's conftest.py, on notebooks whose stored
    outputs were edited: other PNG bytes pass; another printed digit or a missing figure fails."""
    import shutil
    import subprocess
    import sys

    from physml.notebooks import execute
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    nb = _notebook("import matplotlib\nmatplotlib.use('module://matplotlib_inline.backend_inline')\n"
                   "import matplotlib.pyplot as plt\nplt.plot([0, 1], [0, 1]); plt.show()",
                   "print(f'{3 / 4:.2f}')")
    execute(nb, tmp_path)
    assert any("image/png" in o.get("data", {}) for o in nb.cells[0].outputs)
    other_pixels, other_digit, no_figure = (copy_nb(nb) for _ in range(3))
    for o in other_pixels.cells[0].outputs:
        if "image/png" in o.get("data", {}):
            o["data"]["image/png"] = _png(7, 5)
    other_digit.cells[1].outputs[0]["text"] = "0.76\n"
    for o in no_figure.cells[0].outputs:          # keep its text/plain "<Figure ...>", drop the image
        o.get("data", {}).pop("image/png", None)
    for name, book in (("pixels", other_pixels), ("digit", other_digit), ("nofig", no_figure)):
        nbformat.write(book, tmp_path / f"{name}.ipynb")
    run = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
                          "-p", "no:xdist", "-rA", "--rootdir", str(tmp_path), str(tmp_path)],
                         cwd=tmp_path, capture_output=True, text=True)
    out = run.stdout
    assert "PASSED pixels.ipynb::Cell 0" in out and "PASSED pixels.ipynb::Cell 1" in out, out[-3000:]
    assert "FAILED digit.ipynb::Cell 1" in out and "PASSED digit.ipynb::Cell 0" in out, out[-3000:]
    assert "FAILED nofig.ipynb::Cell 0" in out, out[-3000:]


def copy_nb(nb):
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def test_differences_ignore_how_the_kernel_split_a_cells_printing():
    from physml.notebooks import differences
    one = {"cells": [{"cell_type": "code", "outputs": [_stream("a\nb\n")]}]}
    two = {"cells": [{"cell_type": "code", "outputs": [_stream("a\n"), _stream("b\n")]}]}
    other = {"cells": [{"cell_type": "code", "outputs": [_stream("a\n"), _stream("c\n")]}]}
    assert differences(one, two) == []
    assert [i for i, *_ in differences(one, other)] == [0]
