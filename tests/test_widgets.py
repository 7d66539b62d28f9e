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


