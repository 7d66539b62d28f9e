"""The house plot look, for matplotlib and plotly (applied on ``import physml``).

* Colours: the Okabe–Ito palette (Okabe & Ito 2008), distinguishable under the
  common colour-vision deficiencies, mid-luminance so that lines read on both a
  white page and the dark theme of the website.
* Figures carry a transparent background and mid-grey axes and text, so one
  PNG works in the light and the dark theme.
* Sequential maps: ``cividis`` (designed for colour-blind readers).

Use ``COLORS`` by name (``COLORS["blue"]``) and :func:`plotly_layout` for
plotly figures.
"""
from __future__ import annotations

import matplotlib as mpl

__all__ = ["COLORS", "CYCLE", "SEQUENTIAL", "RC", "apply", "plotly_layout"]

#: Okabe–Ito colours (colour-blind safe), by name.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#8C8C8C",
}
#: Order in which lines are coloured.
CYCLE = ["blue", "orange", "green", "vermillion", "sky", "purple", "grey"]
#: Sequential colour map for landscapes and images.
SEQUENTIAL = "cividis"
_INK = "#7F7F7F"  # mid-grey: readable on white and on the dark theme

RC = {
    "axes.prop_cycle": mpl.cycler(color=[COLORS[c] for c in CYCLE]),
    "image.cmap": SEQUENTIAL,
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "axes.facecolor": "none",
    "axes.edgecolor": _INK,
    "axes.labelcolor": _INK,
    "axes.titlecolor": _INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": _INK,
    "grid.alpha": 0.25,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "text.color": _INK,
    "legend.frameon": False,
    "legend.labelcolor": _INK,
    "lines.linewidth": 2.0,
    "font.size": 11,
    "figure.constrained_layout.use": True,
}


def apply():
    """Apply the house style to matplotlib and register the plotly template ``"physml"``."""
    mpl.rcParams.update(RC)
    try:
        import plotly.graph_objects as go
        import plotly.io as pio
    except ImportError:  # pragma: no cover - plotly is a dependency
        return
    pio.templates["physml"] = go.layout.Template(layout=plotly_layout())
    pio.templates.default = "plotly_white+physml"


def plotly_layout(**overrides):
    """The plotly layout of the house style (transparent, mid-grey ink, Okabe–Ito colours)."""
    layout = dict(
        colorway=[COLORS[c] for c in CYCLE],
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font=dict(color=_INK, size=13),
        xaxis=dict(gridcolor="rgba(127,127,127,0.25)", zerolinecolor="rgba(127,127,127,0.4)"),
        yaxis=dict(gridcolor="rgba(127,127,127,0.25)", zerolinecolor="rgba(127,127,127,0.4)"),
        margin=dict(l=50, r=20, t=50, b=40),
    )
    layout.update(overrides)
    return layout


apply()
