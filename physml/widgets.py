"""The interactive pattern of the book: an explorer is described once and shown twice.

An :class:`Explorer` is a description — a ``compute`` function of the control
values (the science; it lives in the chapter's topic module), a ``draw``
function that turns its result into the data of named :class:`Series`, the
:class:`Panel` axes (labels, ranges, scales), the :class:`Control` ranges and a
status line.  From it:

* :meth:`Explorer.live` builds a :class:`LiveFigure` for JupyterLab: ipywidgets
  controls; on every change ``compute`` runs and a matplotlib figure is
  updated in place and sent to an ``ipywidgets.Image`` as PNG, rendered at twice
  its displayed size so that it is crisp, not stretched.  Artists are
  created once and only their data change, so a redraw costs one compute call
  and one rasterisation (``last_redraw_seconds`` records it;
  ``tools/benchmark.py`` reports it).
* :meth:`Explorer.static` builds the website's version (no kernel runs there):
  ``compute`` evaluated ahead of time over the site values of one control,
  shown as a plotly figure with a slider over the precomputed frames
  (:func:`plotly_slider`), with the same panels, ranges, labels and colours.

Explorers are registered with :func:`explorer` in the figure module of their
chapter (``physml/interactives/<topic>.py``); :func:`registered` finds them
all, so the benchmark and the tests need no list.

Plus :func:`answer_box`, a number box with a *Check* button for exercises.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import pkgutil
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["Explorer", "Control", "Panel", "Series", "Layer", "explorer", "registered",
           "LiveFigure", "plotly_slider", "PlotlyFigure", "answer_box", "round_sig", "sci", "pow10"]

_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


def sci(x, digits=2):
    """``x`` as a power of ten for a reader: ``sci(1.2e-6)`` is ``"1.2×10⁻⁶"``, ``sci(1e-6)`` is
    ``"10⁻⁶"``, ``sci(2.5)`` is ``"2.5"`` (plain from 0.01 to 1000; ``digits`` significant figures;
    ``"0"``, ``"inf"``, ``"nan"`` as such).  Unicode
    superscripts read the same in a plotly title, an HTML status line and a matplotlib label."""
    x = float(x)
    if x == 0 or not np.isfinite(x):
        return "0" if x == 0 else str(x)
    if 1e-2 <= abs(x) < 1e3:                              # no power of ten needed: 0.05, 2.5, 150
        return f"{float(round_sig(x, digits)):g}".replace("-", "−")
    mantissa, exponent = f"{x:.{max(digits - 1, 0)}e}".split("e")
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    if mantissa in ("1", "-1"):
        return power if mantissa == "1" else "−" + power
    return f"{mantissa.replace('-', '−')}×{power}"


def pow10(exponent):
    """``10`` to a (possibly fractional) ``exponent`` as HTML: ``pow10(-6)`` is ``"10⁻⁶"``,
    ``pow10(-0.5)`` is ``"10<sup>−0.5</sup> ≈ 0.32"`` (status lines and plotly titles are HTML)."""
    exponent = float(exponent)
    if exponent == int(exponent):
        return "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    value = 10.0 ** exponent
    approx = f"{value:.2g}" if 1e-3 <= value < 1e4 else sci(value)
    return f"10<sup>{exponent:g}</sup> ≈ {approx}".replace("-", "−")


def _mpl_text(text):
    """A label written for plotly (HTML ``<sub>``, ``<sup>``, ``<br>``) as matplotlib mathtext."""
    import re

    if text is None:
        return None
    def math(mark):
        def sub(m):
            inner = m.group(1) if len(m.group(1)) == 1 else rf"\mathrm{{{m.group(1)}}}"
            return f"${mark}{{{inner}}}$"
        return sub

    text = re.sub(r"<sub>(.*?)</sub>", math("_"), text)
    text = re.sub(r"<sup>(.*?)</sup>", math("^"), text)
    return text.replace("<br>", "\n")


def _wrap(title, width=44):
    """Break each line of an HTML title (lines split at ``<br>``) at spaces into lines of at most
    ``width`` characters (tags not counted), so that it fits a 390 px phone screen."""
    import re
    import textwrap

    out = []
    for line in title.split("<br>"):
        plain = re.sub(r"<[^>]+>", "", line)
        if len(plain) <= width:
            out.append(line)
            continue
        # wrap on the plain text's word boundaries, then map each piece back to its tagged words
        words, pieces, n = line.split(" "), [], 0
        for piece in textwrap.wrap(plain, width, break_long_words=False, break_on_hyphens=False):
            k = len(piece.split(" "))
            pieces.append(" ".join(words[n:n + k]))
            n += k
        if n < len(words):
            pieces[-1] += " " + " ".join(words[n:])
        out.extend(pieces)
    return "<br>".join(out)


class LiveFigure:
    """Controls + a matplotlib figure redrawn from ``compute`` on every change.

    Parameters
    ----------
    controls : dict[str, ipywidgets.ValueWidget]
        Keyword name of ``compute`` -> control.
    compute : callable
        ``compute(**values) -> result``; should be jit-compiled (it runs on
        every slider move).
    setup : callable
        ``setup(fig) -> update``; creates the axes and artists once, and
        returns ``update(result) -> str`` that sets the artists' data and
        returns a status line (shown under the figure, e.g. "diverged after
        12 steps").  Artists that change must be created with
        ``animated=True``: the rest (axes, contours) is rasterised once and
        reused, which keeps a redraw well under 100 ms.
    figsize : tuple
        Size in inches.
    dpi : float
        Displayed (CSS) pixels per inch: the figure is shown ``figsize * dpi`` CSS pixels wide,
        never stretched (narrower only when the cell is: ``max-width: 100%``).
    pixel_ratio : float
        Rendered pixels per displayed pixel. 2 matches a high-density screen (and is downsampled
        sharply on an ordinary one): the text and lines are crisp where a 1:1 PNG stretched to the
        cell width was blurred. Rendering 4x the pixels costs ~20-30 ms per redraw (measured for
        every practice widget in the issue-16 closing note), within the 100 ms budget.
    """

    def __init__(self, controls, compute, setup, figsize=(8.0, 3.4), dpi=80, pixel_ratio=2):
        if not controls:
            raise ValueError("controls must name at least one control, got an empty dict")
        if not callable(compute) or not callable(setup):
            raise TypeError("compute and setup must be callable")
        if not (isinstance(dpi, (int, float)) and dpi > 0):
            raise ValueError(f"dpi must be a positive number of CSS pixels per inch, got {dpi!r}")
        if not (isinstance(pixel_ratio, (int, float)) and 1 <= pixel_ratio <= 4):
            raise ValueError(f"pixel_ratio must be between 1 and 4 rendered pixels per CSS pixel, got {pixel_ratio!r}")
        self.controls = dict(controls)
        self.compute = compute
        self.figure = Figure(figsize=figsize, dpi=dpi * pixel_ratio, layout="constrained")
        FigureCanvasAgg(self.figure)
        self._update = setup(self.figure)
        self.figure.canvas.draw()  # the static part, once (animated artists are skipped)
        self._background = self.figure.canvas.copy_from_bbox(self.figure.bbox)
        self._animated = [a for a in self.figure.findobj() if a.get_animated()]
        # shown at its logical size, not stretched to the cell: the browser maps pixel_ratio
        # rendered pixels onto each CSS pixel
        self.css_size = (round(figsize[0] * dpi), round(figsize[1] * dpi))
        self.image = W.Image(format="png", layout=W.Layout(width=f"{self.css_size[0]}px", max_width="100%",
                                                           height="auto"))
        self.status = W.HTML()
        self.last_redraw_seconds = float("nan")
        for c in self.controls.values():
            c.observe(self._on_change, names="value")
        self.widget = W.VBox([W.HBox(list(self.controls.values())), self.image, self.status])
        self.redraw()

    def values(self):
        return {k: c.value for k, c in self.controls.items()}

    def _on_change(self, _change):
        self.redraw()

    def redraw(self):
        """Compute, update the artists, rasterise; returns the status line."""
        t0 = time.perf_counter()
        status = self._update(self.compute(**self.values()))
        canvas = self.figure.canvas
        canvas.restore_region(self._background)
        for artist in self._animated:
            self.figure.draw_artist(artist)
        self.image.value = self.png()
        self.status.value = f"<b>{status}</b>" if status else ""
        self.last_redraw_seconds = time.perf_counter() - t0
        return status

    def png(self):
        """The current figure as PNG bytes (RGBA: the background is transparent, for Lab's dark
        theme). Fast compression, speed over size: zlib level 1 with run-length matching, which on a
        plot (long runs of one colour) is ~20% quicker and smaller than the default strategy."""
        from PIL import Image

        w, h = self.figure.canvas.get_width_height(physical=True)
        buf = io.BytesIO()
        Image.frombuffer("RGBA", (w, h), self.figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1) \
            .save(buf, format="png", compress_level=1, compress_type=zlib.Z_RLE)
        return buf.getvalue()

    def set(self, **values):
        """Move controls programmatically (as a reader would); returns the status line."""
        for k in values:
            if k not in self.controls:
                raise ValueError(f"unknown control {k!r}; controls are {sorted(self.controls)}")
        with self._hold():
            for k, val in values.items():
                self.controls[k].value = val
        return self.redraw()

    @contextlib.contextmanager
    def _hold(self):
        """Move several controls without a redraw for each."""
        for c in self.controls.values():
            c.unobserve(self._on_change, names="value")
        try:
            yield
        finally:
            for c in self.controls.values():
                c.observe(self._on_change, names="value")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        values = ", ".join(f"{k}={v!r}" for k, v in self.values().items())
        # what a reader sees where the widget is not live (a notebook opened without running it)
        bundle["text/plain"] = f"LiveFigure({values}): a live figure, drawn when this cell runs"
        return bundle


def round_sig(x, digits=4):
    """Round to ``digits`` significant figures (keeps stored figures small and reproducible)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where((x == 0) | ~np.isfinite(x), 0, np.floor(np.log10(np.abs(x))))
    scale = 10.0 ** (digits - 1 - mag)
    return np.where(np.isfinite(x), np.round(x * scale) / scale, x)


class PlotlyFigure:
    """A plotly figure that renders on the static website and in JupyterLab.

    Displays as ``text/html`` (a div and a call to ``Plotly.newPlot``; the site
    ships ``plotly.min.js`` itself, so nothing is fetched) and as the plotly
    JSON mimetype that JupyterLab renders natively.  The ``div_id`` is fixed,
    so stored outputs are reproducible and nbval can compare them.
    """

    def __init__(self, fig, div_id):
        self.fig = fig
        self.div_id = div_id

    def _repr_mimebundle_(self, include=None, exclude=None):
        html = self.fig.to_html(include_plotlyjs=False, full_html=False, div_id=self.div_id, auto_play=False,
                                config={"displaylogo": False, "responsive": True}, post_script=_THEME_INK)
        return {
            "application/vnd.plotly.v1+json": self.fig.to_plotly_json(),
            "text/html": html,
            "text/plain": f"<interactive figure {self.div_id}>",
        }


def _values_all(v):
    """A trace coordinate (list, array or plotly's base64 typed array) as floats (``None``: NaN)."""
    if v is None:
        return np.zeros(0)
    if isinstance(v, dict) and "bdata" in v:
        import base64

        v = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
    return np.array([np.nan if t is None else t for t in np.ravel(np.asarray(v, dtype=object))], dtype=float)


def _values(v):
    """The finite values of a trace coordinate."""
    a = _values_all(v)
    return a[np.isfinite(a)]


def _axis_key(ref, letter):
    """``"x2"`` -> ``"xaxis2"``, ``"x"`` -> ``"xaxis"``."""
    return f"{letter}axis{ref[1:]}"


def _frame_name(value):
    """A plotly frame's name for a slider position: a number to six significant digits, any other
    value (a string option such as a gauge group) as its text."""
    return f"{value:.6g}" if isinstance(value, (int, float, np.integer, np.floating)) else str(value)


def _step_label(value):
    """A slider position to three figures: ``2``, ``0.05``, ``3000`` (not 3e+03), ``10⁻⁶``; a string
    option as it is."""
    if isinstance(value, str):
        return value
    v = float(value)
    if v == int(v) and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.3g}" if 1e-3 <= abs(v) < 1e3 else sci(v, 3)


def _frame_ranges(layout, data, pad=0.05):
    """The axis ranges of one frame: for each axis of ``layout`` with a ``range``, that range
    widened (by ``pad`` of the data's span, in the axis' own coordinates: log₁₀ on a log axis)
    to hold every point of ``data`` (plotly traces or their dicts) drawn on it.  A frame's data
    is then never off the plot, and a frame whose data fit keeps the panel's range."""
    extent = {}
    for trace in data:
        t = trace if isinstance(trace, dict) else trace.to_plotly_json()
        if t.get("type", "scatter") not in ("scatter", "bar"):
            continue
        for letter in "xy":
            key = _axis_key(t.get(f"{letter}axis") or letter, letter)
            axis = layout.get(key) or {}
            if "range" not in axis:
                continue
            v = _values(t.get(letter))
            if t.get("type") == "bar" and letter == "y":
                v = np.append(v, 0.0)
            if axis.get("type") == "log":
                v = np.log10(v[v > 0])
            if v.size:
                lo, hi = extent.get(key, (np.inf, -np.inf))
                extent[key] = (min(lo, v.min()), max(hi, v.max()))
    ranges = {}
    for key, axis in layout.items():
        if not (key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict) and "range" in axis):
            continue
        lo, hi = (float(r) for r in axis["range"])
        dlo, dhi = extent.get(key, (lo, hi))
        span = max(dhi, hi) - min(dlo, lo)
        unit = 10.0 ** (np.floor(np.log10(span)) - 2) if span > 0 else 1.0
        if dlo < lo:                       # widened: rounded outwards (a short, reproducible number)
            lo = float(round_sig(np.floor((dlo - pad * span) / unit) * unit, 6))
        if dhi > hi:
            hi = float(round_sig(np.ceil((dhi + pad * span) / unit) * unit, 6))
        ranges[key] = dict(range=[lo, hi])
    return ranges


# Let the page's theme colour the figure's text (a fixed grey has too little contrast on one of the
# light and dark backgrounds): the plot takes the colour of the text around it, and again whenever
# the theme switches.  Only on the website's HTML; JupyterLab's plotly renderer has its own theming.
_THEME_INK = """(function(){var gd=document.getElementById('{plot_id}');if(!gd||!window.Plotly)return;
function ink(){var c=window.getComputedStyle(gd.parentNode||gd).color;
if(c){Plotly.relayout(gd,{'font.color':c,'title.font.color':c,'legend.font.color':c});}}
ink();new MutationObserver(ink).observe(document.documentElement,
{attributes:true,attributeFilter:['data-theme','data-mode']});})();"""


def plotly_slider(compute, name, values, traces, *, background=(), fixed=None, layout=None,
                  label=None, div_id="figure", active=0, defaults=None, step_label=None):
    """Precompute ``compute`` over a grid of one control and show it with a plotly slider.

    Every frame carries its own axis ranges (``_frame_ranges``): the layout's ranges, widened
    where that frame's data reach beyond them, so no frame draws points off the plot (a frame
    without ranges would keep the previous frame's axes).

    Parameters
    ----------
    compute : callable
        The same ``compute(**values)`` as the live figure.
    name : str
        The control swept by the slider.
    values : sequence
        Slider positions.
    traces : callable
        ``traces(result, value) -> (list_of_plotly_traces, title)``.  Every
        frame must return the same number of traces in the same order.
    background : sequence of plotly traces
        Drawn once under the frames (a landscape's contours): frames carry only
        the traces that change, which keeps the stored page small.
    fixed : dict
        The other controls' values.
    layout : dict
        Extra plotly layout (axes, subplots via ``xaxis2`` ...).
    label : str
        Slider caption (default: ``name``).
    defaults : dict
        Every control's default value (``fixed`` overrides them; the slid control is dropped).
    step_label : callable
        ``step_label(value) -> str``, the slider's label at each position (default ``f"{value:.3g}"``).
    """
    import plotly.graph_objects as go

    if len(values) == 0:
        raise ValueError("values must hold at least one slider position")
    fixed = {**(defaults or {}), **(fixed or {})}
    fixed.pop(name, None)
    layout = dict(layout or {})
    background = list(background)
    frames, titles, ranges = [], [], []
    for val in values:
        data, title = traces(compute(**{**fixed, name: val}), val)
        title = _wrap(title)
        dynamic = list(range(len(background), len(background) + len(data)))
        axes = _frame_ranges(layout, background + list(data))
        frames.append(go.Frame(data=data, name=_frame_name(val), traces=dynamic,
                               layout=dict(title=dict(text=title), **axes)))
        titles.append(title)
        ranges.append(axes)
    steps = [dict(method="animate", label=(step_label or _step_label)(val),
                  args=[[_frame_name(val)], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                             transition=dict(duration=0))])
             for val in values]
    fig = go.Figure(data=background + list(frames[active].data), frames=frames)
    fig.update_layout(**layout)
    fig.update_layout(**ranges[active])
    fig.update_layout(
        title=dict(text=titles[active]),
        sliders=[dict(active=active, steps=steps, currentvalue=dict(prefix=f"{label or name} = "),
                      pad=dict(t=60))],
    )
    return PlotlyFigure(fig, div_id)


def answer_box(task_id, description="answer", value=0.0):
    """A number box and a *Check* button that grade the entry with :func:`physml.checks.check`."""
    from .checks import TASKS, evaluate, load_all

    load_all()
    if task_id not in TASKS:
        raise ValueError(f"task_id must name a registered task, got {task_id!r}; "
                         f"known tasks: {', '.join(sorted(TASKS))}")
    box = W.FloatText(value=value, description=description, style={"description_width": "initial"})
    button = W.Button(description="Check", button_style="info", icon="check")
    out = W.HTML()

    def on_click(_):
        out.value = evaluate(task_id, box.value)._repr_html_()

    button.on_click(on_click)
    ui = W.VBox([W.HBox([box, button]), out])
    ui.check = on_click  # lets tests press the button
    ui.box, ui.result = box, out
    return ui


# --------------------------------------------------------------------------- #
# An explorer, described once
# --------------------------------------------------------------------------- #
_KINDS = ("float", "log", "int", "options", "toggle", "check")


@dataclass(frozen=True)
class Control:
    """One control of an :class:`Explorer`.

    ``kind`` is ``"float"`` (a slider from ``lo`` to ``hi`` in steps of ``step``), ``"log"``
    (a log slider: ``lo`` and ``hi`` are powers of ten), ``"int"``, ``"options"`` (a
    slider over ``options``), ``"toggle"`` (buttons over ``options``) or ``"check"`` (a
    checkbox).  ``site`` lists the positions of the website's slider (default: ``options``);
    ``site_label(value)`` its label at each (default: the value, to three figures).
    """

    name: str
    label: str
    default: Any
    kind: str = "float"
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    options: tuple = ()
    site: tuple = ()
    fmt: str = ".2f"
    site_label: Callable | None = None

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}, got {self.kind!r}")
        if self.kind in ("float", "log", "int") and None in (self.lo, self.hi, self.step):
            raise ValueError(f"control {self.name!r} of kind {self.kind!r} needs lo, hi and step")
        if self.kind in ("options", "toggle") and not self.options:
            raise ValueError(f"control {self.name!r} of kind {self.kind!r} needs options")

    def widget(self, value=None):
        """The ipywidgets control, set to ``value`` (default: ``default``)."""
        value = self.default if value is None else value
        common = dict(description=self.label, style={"description_width": "initial"})
        if self.kind == "float":
            return W.FloatSlider(value=value, min=self.lo, max=self.hi, step=self.step,
                                 readout_format=self.fmt, continuous_update=True, **common)
        if self.kind == "log":
            return W.FloatLogSlider(value=value, base=10, min=self.lo, max=self.hi, step=self.step,
                                    readout_format=self.fmt, **common)
        if self.kind == "int":
            return W.IntSlider(value=value, min=self.lo, max=self.hi, step=self.step, **common)
        if self.kind == "options":
            return W.SelectionSlider(options=list(self.options), value=value, **common)
        if self.kind == "toggle":
            return W.ToggleButtons(options=list(self.options), value=value, **common)
        return W.Checkbox(value=bool(value), **common)

    def positions(self):
        """The website slider's positions."""
        if self.site:
            return list(self.site)
        if self.options:
            return list(self.options)
        if self.kind == "check":
            return [False, True]
        raise ValueError(f"control {self.name!r} has no site positions: give site=(...)")


@dataclass(frozen=True)
class Panel:
    """One set of axes: labels, ranges (``None``: automatic), scales (``"linear"`` or ``"log"``).

    ``width`` is relative to the other panels; ``legend`` a matplotlib location (``None``: no
    legend); ``xticks`` names categorical ticks at 0, 1, ...; ``equal`` fixes the aspect ratio.
    """

    xlabel: str
    ylabel: str
    xlim: tuple | None = None
    ylim: tuple | None = None
    xscale: str = "linear"
    yscale: str = "linear"
    equal: bool = False
    width: float = 1.0
    legend: str | None = None
    xticks: tuple = ()


_STYLES = ("line", "markers", "lines+markers", "hline", "vline", "bars", "image")
_MODES = {"line": "lines", "markers": "markers", "lines+markers": "lines+markers"}
_SYMBOLS = {"o": "circle", "s": "square", "x": "x", "_": "line-ew", "+": "cross"}


@dataclass(frozen=True)
class Series:
    """A drawn quantity that changes with the controls.

    ``draw(result)[name]`` gives its data: ``(x, y)`` for lines and markers, a number for
    ``"hline"``/``"vline"`` (``None`` hides it), an array of heights for ``"bars"`` (at
    ``0, 1, ...`` plus ``offset``), a 2-d array ``z[row, column]`` for ``"image"`` (a grid of
    cells filling the panel's ``xlim`` × ``ylim``, row 0 at the bottom; values from ``zlim[0]``
    drawn in ``low_color`` to ``zlim[1]`` in ``color``: a spin configuration).
    Values below ``floor`` are drawn at ``floor`` (log axes).
    The website keeps every ``site_every``-th point, or ``site_log_points`` log-spaced ones,
    rounded to ``digits`` significant figures (a small page, the same picture).
    """

    name: str
    panel: int = 0
    color: str = "blue"
    style: str = "line"
    label: str | None = None
    marker: str = "o"
    dash: bool = False
    size: float = 3.0
    offset: float = 0.0
    width: float = 0.4
    floor: float | None = None
    site_every: int = 1
    site_log_points: int = 0
    digits: int = 3
    zlim: tuple = (-1.0, 1.0)
    low_color: str = "yellow"

    def __post_init__(self):
        if self.style not in _STYLES:
            raise ValueError(f"style must be one of {_STYLES}, got {self.style!r}")


@dataclass(frozen=True)
class Layer:
    """A part of a panel that does not change: ``"contour"`` (of ``z`` over ``x``, ``y``),
    ``"line"``, ``"markers"``, ``"hline"`` (at ``y``) or ``"hspan"`` (between ``y[0]`` and ``y[1]``)."""

    kind: str
    panel: int = 0
    x: Any = None
    y: Any = None
    z: Any = None
    color: str = "grey"
    label: str | None = None
    levels: int = 14
    dash: bool = False
    width: float = 1.0
    alpha: float = 1.0
    marker: str = "o"
    size: float = 6.0


def _nothing():
    return ()


@dataclass(frozen=True)
class Explorer:
    """An interactive figure, described once; :meth:`live` and :meth:`static` render it.

    ``compute(**values)`` is the science (a public function of the chapter's topic module, or a
    thin wrapper); ``draw(result)`` maps series names to data; ``status(result)`` is a line of
    words under the figure (``site_status`` for the website's title; default: the status with
    a line break at each ``"; "``).  ``background()`` returns the :class:`Layer` s drawn once.
    ``site`` names the control the website's slider moves (default: the first). ``pixel_ratio``
    is the live figure's rendered pixels per displayed pixel (:class:`LiveFigure`): lower it for an
    explorer whose redraw would otherwise exceed the 100 ms budget.
    """

    name: str
    compute: Callable
    draw: Callable
    status: Callable
    controls: tuple
    panels: tuple
    series: tuple
    background: Callable = _nothing
    site: str | None = None
    site_status: Callable | None = None
    figsize: tuple = (8.0, 3.4)
    height: int = 450
    pixel_ratio: float = 2

    def __post_init__(self):
        names = [c.name for c in self.controls]
        if not names:
            raise ValueError(f"explorer {self.name!r} needs at least one control")
        if self.site is not None and self.site not in names:
            raise ValueError(f"site must name a control of {self.name!r} ({names}), got {self.site!r}")
        for s in self.series:
            if not 0 <= s.panel < len(self.panels):
                raise ValueError(f"series {s.name!r} is on panel {s.panel}, but there are {len(self.panels)}")
            p = self.panels[s.panel]
            if s.style == "image" and (p.xlim is None or p.ylim is None):
                raise ValueError(f"image series {s.name!r} fills its panel's xlim × ylim: panel {s.panel} "
                                 f"needs both, got xlim={p.xlim!r}, ylim={p.ylim!r}")

    def control(self, name):
        for c in self.controls:
            if c.name == name:
                return c
        raise ValueError(f"unknown control {name!r}; controls are {[c.name for c in self.controls]}")

    def run(self, **values):
        """``compute`` at the given control values (the others at their defaults)."""
        for k in values:
            self.control(k)
        return self.compute(**{**{c.name: c.default for c in self.controls}, **values})

    # ------------------------------------------------------------ JupyterLab
    def live(self, **values):
        """The live figure (ipywidgets + matplotlib), its controls set to ``values``."""
        for k in values:
            self.control(k)
        controls = {c.name: c.widget(values.get(c.name)) for c in self.controls}
        return LiveFigure(controls, self.compute, self._setup, figsize=self.figsize, pixel_ratio=self.pixel_ratio)

    def _setup(self, fig):
        from .style import COLORS

        axes = fig.subplots(1, len(self.panels), squeeze=False,
                            gridspec_kw=dict(width_ratios=[p.width for p in self.panels]))[0]
        for ax, p in zip(axes, self.panels):
            ax.set_xscale(p.xscale)
            ax.set_yscale(p.yscale)
            ax.set(xlabel=_mpl_text(p.xlabel), ylabel=_mpl_text(p.ylabel))
            if p.xticks:
                ax.set_xticks(range(len(p.xticks)), list(p.xticks))
        for layer in self.background():
            _mpl_layer(axes[layer.panel], layer, COLORS)
        artists = {}
        for s in self.series:
            ax, color = axes[s.panel], COLORS[s.color]
            ls = "--" if s.dash else "-"
            label = _mpl_text(s.label)
            if s.style == "line":
                (artists[s.name],) = ax.plot([], [], ls, color=color, label=label, animated=True)
            elif s.style == "markers":
                (artists[s.name],) = ax.plot([], [], s.marker, ls="none", ms=s.size, color=color, label=label,
                                             animated=True)
            elif s.style == "lines+markers":
                (artists[s.name],) = ax.plot([], [], ls, marker=s.marker, ms=s.size, color=color, label=label,
                                             animated=True)
            elif s.style == "hline":
                artists[s.name] = ax.axhline(1.0, ls=ls, lw=1.2, color=color, label=label, animated=True)
            elif s.style == "vline":
                artists[s.name] = ax.axvline(1.0, ls=ls, lw=1.0, color=color, label=label, animated=True)
            elif s.style == "image":
                from matplotlib.colors import LinearSegmentedColormap

                p = self.panels[s.panel]
                cmap = LinearSegmentedColormap.from_list(s.name, [COLORS[s.low_color], color])
                artists[s.name] = ax.imshow(np.zeros((2, 2)), extent=(*p.xlim, *p.ylim), origin="lower",
                                            cmap=cmap, vmin=s.zlim[0], vmax=s.zlim[1], interpolation="nearest",
                                            aspect="equal" if p.equal else "auto", animated=True)
            else:
                n = len(self.panels[s.panel].xticks)
                artists[s.name] = ax.bar(np.arange(n) + s.offset, np.zeros(n), s.width, color=color,
                                         label=label, animated=True)
        for ax, p in zip(axes, self.panels):
            if p.xlim is not None:
                ax.set_xlim(*p.xlim)
            if p.ylim is not None:
                ax.set_ylim(*p.ylim)
            if p.equal:
                ax.set_aspect("equal")
            if p.legend:
                ax.legend(loc=p.legend, fontsize=8)

        def update(result):
            data = self.draw(result)
            for s in self.series:
                art, d = artists[s.name], data[s.name]
                if s.style in ("hline", "vline"):
                    art.set_visible(d is not None)
                    if d is not None:
                        (art.set_ydata if s.style == "hline" else art.set_xdata)([float(d)] * 2)
                elif s.style == "bars":
                    for bar, h in zip(art, np.asarray(d, dtype=float)):
                        bar.set_height(h)
                elif s.style == "image":
                    art.set_data(np.asarray(d, dtype=float))
                else:
                    x, y = d
                    art.set_data(np.asarray(x), _floored(y, s.floor))
            return self.status(result)

        return update

    # --------------------------------------------------------------- website
    def static(self, control=None, values=None, **fixed):
        """The website's figure: a plotly slider over ``control`` (default: ``site``) at ``values``
        (default: the control's site positions); the other controls at ``fixed`` or their defaults."""
        import plotly.graph_objects as go

        from .style import COLORS

        name = control or self.site or self.controls[0].name
        ctrl = self.control(name)
        for k in fixed:
            self.control(k)
        values = list(ctrl.positions() if values is None else values)
        if not values:
            raise ValueError("values must hold at least one slider position")
        try:
            active = values.index(ctrl.default)
        except ValueError:
            active = len(values) // 2
        n = len(self.panels)
        gap = 0.1 if n > 1 else 0.0
        total = sum(p.width for p in self.panels)
        layout, start = {}, 0.0
        axis_ref = []
        for i, p in enumerate(self.panels):
            sfx = "" if i == 0 else str(i + 1)
            end = start + (1 - gap * (n - 1)) * p.width / total
            # few, upright ticks: a narrow panel on a phone would otherwise tilt them into the axis label
            xaxis = dict(domain=[round(start, 4), round(end, 4)], title=p.xlabel, anchor=f"y{sfx}", automargin=True,
                         nticks=6, tickangle=0)
            yaxis = dict(title=p.ylabel, anchor=f"x{sfx}", automargin=True)
            if n > 1 and i == n - 1:
                # the last panel's y axis on its right: its label and ticks never overlap the panel
                # before it, however narrow the screen (the gap between panels is a fixed fraction)
                yaxis["side"] = "right"
            for axis, scale, lim in ((xaxis, p.xscale, p.xlim), (yaxis, p.yscale, p.ylim)):
                if scale == "log":
                    axis.update(type="log", exponentformat="power")
                if lim is not None:
                    axis["range"] = [float(np.log10(v)) if scale == "log" else float(v) for v in lim]
            if p.xticks:
                xaxis.update(tickvals=list(range(len(p.xticks))), ticktext=list(p.xticks))
            if p.equal:
                yaxis.update(scaleanchor=f"x{sfx}")
            layout[f"xaxis{sfx}"], layout[f"yaxis{sfx}"] = xaxis, yaxis
            axis_ref.append(dict(xaxis=f"x{sfx}", yaxis=f"y{sfx}"))
            start = end + gap
        # a responsive figure: the width follows the page, the title (wrapped to phone width by
        # plotly_slider) and the legend push the top margin instead of running over the plot, and
        # the toolbar stands vertically at the right edge, clear of the title
        # the legend stands between the title and the plot: the title is lifted by as many legend rows as a
        # 390 px screen needs (about 330 px of entries per row, 7 px per character and 40 px per symbol)
        labels = [s.label for s in self.series if s.label] + [la.label for la in self.background() if la.label]
        rows = int(np.ceil(sum(7 * len(t) + 40 for t in labels) / 330)) if labels else 0
        layout.update(height=self.height + 20 * rows, autosize=True, margin=dict(t=40, l=10, r=10),
                      legend=dict(orientation="h", y=1.02, x=0, xanchor="left", yanchor="bottom"),
                      title=dict(font=dict(size=12), x=0.0, xanchor="left", xref="paper",
                                 y=1.0, yref="paper", yanchor="bottom", pad=dict(b=12 + 21 * rows), automargin=True),
                      modebar=dict(orientation="v"))
        background = [_plotly_layer(go, layer, self.panels[layer.panel], axis_ref[layer.panel], COLORS)
                      for layer in self.background()]
        title = self.site_status or (lambda r: self.status(r).replace("; ", "<br>"))

        def traces(result, _value):
            data = self.draw(result)
            out = [_plotly_series(go, s, data[s.name], self.panels[s.panel], axis_ref[s.panel], COLORS)
                   for s in self.series]
            return out, title(result)

        # the site control's figure carries the explorer's name as its id, another control's name-control
        # (so a page can show one figure per control; a test rejects two figures with one id on a page)
        div_id = self.name if name == (self.site or self.controls[0].name) else f"{self.name}-{name}"
        return plotly_slider(self.compute, name, values, traces, background=background, fixed=fixed,
                             layout=layout, label=ctrl.label, div_id=div_id, active=active, step_label=ctrl.site_label,
                             defaults={c.name: c.default for c in self.controls})


def _floored(y, floor):
    y = np.asarray(y, dtype=float)
    return y if floor is None else np.maximum(y, floor)


def _mpl_layer(ax, layer, colors):
    color = colors.get(layer.color, layer.color)
    ls = "--" if layer.dash else "-"
    if layer.kind == "contour":
        ax.contour(layer.x, layer.y, layer.z, levels=layer.levels, linewidths=0.8)
    elif layer.kind == "line":
        ax.plot(layer.x, layer.y, ls, color=color, lw=layer.width, alpha=layer.alpha, label=_mpl_text(layer.label))
    elif layer.kind == "markers":
        ax.plot(layer.x, layer.y, layer.marker, ls="none", ms=layer.size, mew=2, color=color, alpha=layer.alpha,
                label=_mpl_text(layer.label))
    elif layer.kind == "hline":
        ax.axhline(layer.y, ls=ls if layer.dash else ":", color=color, lw=layer.width)
    elif layer.kind == "hspan":
        ax.axhspan(*layer.y, color=color, alpha=0.2, lw=0)
    else:
        raise ValueError(f"unknown layer kind {layer.kind!r}")


def _plotly_layer(go, layer, panel, axes, colors):
    color = colors.get(layer.color, layer.color)
    common = dict(hoverinfo="skip", showlegend=layer.label is not None, name=layer.label or "", **axes)
    if layer.kind == "contour":
        return go.Contour(x=round_sig(layer.x), y=round_sig(layer.y), z=round_sig(layer.z),
                          contours_coloring="lines", colorscale="Cividis", showscale=False,
                          ncontours=layer.levels, **{k: v for k, v in common.items() if k != "showlegend"})
    if layer.kind in ("line", "markers"):
        mode = "lines" if layer.kind == "line" else "markers"
        return go.Scatter(x=round_sig(layer.x), y=round_sig(layer.y), mode=mode, opacity=layer.alpha,
                          line=dict(color=color, width=2 * layer.width, dash="dash" if layer.dash else None),
                          marker=dict(color=color, size=layer.size, symbol=_SYMBOLS.get(layer.marker, "circle")),
                          **common)
    if layer.kind == "hline":
        return go.Scatter(x=list(panel.xlim), y=[layer.y] * 2, mode="lines",
                          line=dict(color=color, width=1, dash="dash" if layer.dash else "dot"), **common)
    if layer.kind == "hspan":
        x0, x1 = panel.xlim
        y0, y1 = layer.y
        return go.Scatter(x=[x0, x1, x1, x0, x0], y=[y0, y0, y1, y1, y0], mode="lines", fill="toself",
                          line=dict(width=0), fillcolor="rgba(140,140,140,0.2)", **common)
    raise ValueError(f"unknown layer kind {layer.kind!r}")


def _thin(x, y, s):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if s.site_log_points and len(x) > s.site_log_points:
        keep = np.unique(np.geomspace(1, len(x) - 1, s.site_log_points).astype(int))
        return x[keep], y[keep]
    return x[::s.site_every], y[::s.site_every]


def _plotly_series(go, s, d, panel, axes, colors):
    color = colors[s.color]
    name = s.label or s.name.replace("_", " ")              # also the hover label: no raw underscores
    common = dict(name=name, showlegend=s.label is not None, legendgroup=name, **axes)
    line = dict(color=color, dash="dash" if s.dash else None)
    if s.style == "hline":
        y = [None, None] if d is None else [float(d)] * 2
        return go.Scatter(x=list(panel.xlim), y=y, mode="lines", line=line, **common)
    if s.style == "vline":
        x = [None, None] if d is None else [float(d)] * 2
        return go.Scatter(x=x, y=list(panel.ylim), mode="lines", line=dict(color=color, width=1), **common)
    if s.style == "bars":
        h = round_sig(np.asarray(d, dtype=float), s.digits)
        return go.Bar(x=np.arange(len(h)) + s.offset, y=h, width=s.width, marker_color=color, **common)
    if s.style == "image":
        z = round_sig(np.asarray(d, dtype=float), s.digits)
        if np.all(np.isfinite(z)) and np.all(z == np.round(z)) and np.all(np.abs(z) <= 127):
            z = z.astype(np.int8)                 # spins: one byte per cell in the stored page, not eight
        (x0, x1), (y0, y1) = panel.xlim, panel.ylim
        dx, dy = (x1 - x0) / z.shape[1], (y1 - y0) / z.shape[0]
        return go.Heatmap(z=z, x0=x0 + dx / 2, dx=dx, y0=y0 + dy / 2, dy=dy, zmin=s.zlim[0], zmax=s.zlim[1],
                          colorscale=[[0.0, colors[s.low_color]], [1.0, color]], showscale=False,
                          hoverinfo="skip", **common)
    x, y = _thin(*d, s)
    return go.Scatter(x=round_sig(x, s.digits), y=round_sig(_floored(y, s.floor), s.digits), mode=_MODES[s.style],
                      line=line, marker=dict(color=color, size=s.size + 1, symbol=_SYMBOLS.get(s.marker, "circle")),
                      **common)


# --------------------------------------------------------------------------- #
# The registry: figure modules register their explorers, tools find them
# --------------------------------------------------------------------------- #
#: "<topic>.<factory>" -> (factory, example keyword arguments)
_REGISTRY: dict = {}


def explorer(example=None):
    """Decorator for a factory returning an :class:`Explorer`: registers it under
    ``"<topic>.<name>"``.  ``example`` gives keyword arguments for a factory that needs data
    (the benchmark and the tests build every explorer with them)."""

    def register(factory):
        key = f"{factory.__module__.rsplit('.', 1)[-1]}.{factory.__name__}"
        _REGISTRY[key] = (factory, dict(example or {}))
        return factory

    return register


def registered():
    """Every registered explorer factory: imports each module of :mod:`physml.interactives`."""
    from . import interactives

    for info in pkgutil.iter_modules(interactives.__path__):
        importlib.import_module(f"{interactives.__name__}.{info.name}")
    return dict(sorted(_REGISTRY.items()))
