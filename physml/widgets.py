"""The interactive pattern of the book.

One *compute* function — pure, jit-compiled, of the slider values — drives two
views:

* :class:`LiveFigure` (JupyterLab): ipywidgets controls; on every change the
  compute function runs and a matplotlib figure is updated in place and sent to
  an ``ipywidgets.Image`` as PNG.  Artists are created once and only their data
  change, so a redraw costs one compute call and one rasterisation
  (``last_redraw_seconds`` records it; ``tools/benchmark.py`` reports it).
* :func:`plotly_slider` (the website, where no kernel runs): the same compute
  function evaluated on a grid of slider values ahead of time, shown as a
  plotly figure with a slider over the precomputed frames.

Plus :func:`answer_box`, a number box with a *Check* button for exercises.
"""
from __future__ import annotations

import contextlib
import io
import time

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["LiveFigure", "plotly_slider", "PlotlyFigure", "answer_box", "round_sig"]


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
    """

    def __init__(self, controls, compute, setup, figsize=(8.0, 3.4), dpi=80):
        if not controls:
            raise ValueError("controls must name at least one control, got an empty dict")
        if not callable(compute) or not callable(setup):
            raise TypeError("compute and setup must be callable")
        self.controls = dict(controls)
        self.compute = compute
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        self._update = setup(self.figure)
        self.figure.canvas.draw()  # the static part, once (animated artists are skipped)
        self._background = self.figure.canvas.copy_from_bbox(self.figure.bbox)
        self._animated = [a for a in self.figure.findobj() if a.get_animated()]
        self.image = W.Image(format="png")
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
        """The current figure as PNG bytes (fast compression: speed over size)."""
        from PIL import Image

        w, h = self.figure.canvas.get_width_height(physical=True)
        buf = io.BytesIO()
        Image.frombuffer("RGBA", (w, h), self.figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1) \
            .save(buf, format="png", compress_level=1)
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
        bundle["text/plain"] = f"LiveFigure({values})"
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
                                config={"displaylogo": False, "responsive": True})
        return {
            "application/vnd.plotly.v1+json": self.fig.to_plotly_json(),
            "text/html": html,
            "text/plain": f"<interactive figure {self.div_id}>",
        }


def plotly_slider(compute, name, values, traces, *, background=(), fixed=None, layout=None,
                  label=None, div_id="figure", active=0):
    """Precompute ``compute`` over a grid of one control and show it with a plotly slider.

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
    """
    import plotly.graph_objects as go

    if len(values) == 0:
        raise ValueError("values must hold at least one slider position")
    fixed = dict(fixed or {})
    frames, titles = [], []
    for val in values:
        data, title = traces(compute(**{**fixed, name: val}), val)
        dynamic = list(range(len(background), len(background) + len(data)))
        frames.append(go.Frame(data=data, name=f"{val:.6g}", traces=dynamic,
                               layout=dict(title=dict(text=title))))
        titles.append(title)
    steps = [dict(method="animate", label=f"{val:.3g}",
                  args=[[f"{val:.6g}"], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                             transition=dict(duration=0))])
             for val in values]
    fig = go.Figure(data=list(background) + list(frames[active].data), frames=frames)
    fig.update_layout(**(layout or {}))
    fig.update_layout(
        title=dict(text=titles[active]),
        sliders=[dict(active=active, steps=steps, currentvalue=dict(prefix=f"{label or name} = "),
                      pad=dict(t=45))],
    )
    return PlotlyFigure(fig, div_id)


def answer_box(task_id, description="answer", value=0.0):
    """A number box and a *Check* button that grade the entry with :func:`physml.checks.check`."""
    from .checks import TASKS, _load_all, evaluate

    _load_all()
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
