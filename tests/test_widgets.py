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
