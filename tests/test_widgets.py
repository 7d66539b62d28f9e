"""Shared pieces of the interactive pattern: rounding for the stored pages, the house style.
(The explorer pattern is tested in test_explorer.py; each chapter's explorers in its test_<topic>.py.)"""

import matplotlib as mpl
import numpy as np

from physml import style, widgets


def test_round_sig():
    np.testing.assert_array_equal(widgets.round_sig([123456.0, 0.00123456, 0.0, np.inf], 3),
                                  [123000.0, 0.00123, 0.0, np.inf])


def test_house_style_is_applied_on_import():
    assert mpl.rcParams["image.cmap"] == style.SEQUENTIAL
    colors = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    assert colors[0].lower() == style.COLORS["blue"].lower()
    import plotly.io as pio
    assert "physml" in pio.templates.default




def test_plotly_slider_over_string_options():
    """A slider over a control whose options are strings (chapter 9's gauge group): one frame per
    option, named and labelled by the option itself; numbers keep six significant digits."""
    import plotly.graph_objects as go

    from physml.widgets import plotly_slider

    def compute(group, beta):
        return {"u1": 1.0, "su2": 2.0}[group] * beta

    def traces(value, option):
        return [go.Scatter(x=[0, 1], y=[0, value])], f"group {option}"

    fig = plotly_slider(compute, "group", ["u1", "su2"], traces, fixed={"beta": 0.5}).fig
    assert [f.name for f in fig.frames] == ["u1", "su2"]
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["u1", "su2"] and [s.args[0][0] for s in steps] == ["u1", "su2"]
    assert list(fig.frames[1].data[0].y) == [0, 1.0]
    fig = plotly_slider(lambda beta: beta, "beta", [0.1234567891, 2.0], traces).fig
    assert [f.name for f in fig.frames] == ["0.123457", "2"]


def test_image_series_draws_a_grid_of_cells_live_and_on_the_website():
    """The "image" style (chapter 11's spin configuration): the live figure shows the array itself over
    the panel's ranges, the website a heatmap whose cells tile the same ranges with the same two colours."""
    import pytest

    from physml.widgets import Control, Explorer, Panel, Series

    def compute(sign):
        z = np.ones((4, 6))
        z[1, 2] = -1.0
        return sign * z

    spec = dict(name="spins", compute=compute, draw=lambda z: {"spins": z}, status=lambda z: f"sum {z.sum():g}",
                controls=(Control("sign", "sign", 1.0, kind="options", options=(1.0, -1.0)),),
                panels=(Panel("x", "y", (0.0, 6.0), (0.0, 4.0), equal=True),),
                series=(Series("spins", style="image", color="blue", low_color="yellow"),))
    fig = Explorer(**spec).live(sign=-1.0)
    image = fig.figure.axes[0].images[0]
    np.testing.assert_array_equal(image.get_array(), -compute(1.0))
    assert image.get_extent() == [0.0, 6.0, 0.0, 4.0] and image.get_animated()
    cmap = image.get_cmap()
    assert mpl.colors.to_hex(cmap(1.0)) == style.COLORS["blue"].lower()
    assert mpl.colors.to_hex(cmap(0.0)) == style.COLORS["yellow"].lower()
    fig.set(sign=1.0)
    np.testing.assert_array_equal(image.get_array(), compute(1.0))
    assert fig.status.value == "<b>sum 22</b>"

    static = Explorer(**spec).static().fig
    heat = static.frames[1].data[0]                                      # sign = -1
    assert heat.type == "heatmap" and (heat.zmin, heat.zmax) == (-1.0, 1.0)
    np.testing.assert_array_equal(np.asarray(heat.z), -compute(1.0))
    z = static.to_plotly_json()["frames"][1]["data"][0]["z"]          # integer cells stored as int8, 1 byte each
    assert isinstance(z, dict) and z["dtype"] == "i1"
    # six columns of width 1 centred at 0.5 ... 5.5, four rows of height 1
    assert (heat.x0, heat.dx, heat.y0, heat.dy) == (0.5, 1.0, 0.5, 1.0)
    assert [c[1].lower() for c in heat.colorscale] == [style.COLORS["yellow"].lower(), style.COLORS["blue"].lower()]
    with pytest.raises(ValueError, match="xlim"):
        Explorer(**{**spec, "panels": (Panel("x", "y"),)})
