"""Live figures are crisp: the PNG has pixel_ratio rendered pixels per displayed CSS pixel and is
shown at its logical size, not stretched to the cell (issue 16: 600x288 PNGs were shown at 964x463)."""
import io
import struct

import ipywidgets as W
import numpy as np
import pytest
from PIL import Image

from physml.widgets import LiveFigure, registered


def _png_size(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _line_figure(**kw):
    def setup(fig):
        ax = fig.subplots()
        ax.set(xlim=(0, 1), ylim=(-1, 1), xlabel="x", ylabel="sin")
        (line,) = ax.plot([], [], animated=True)

        def update(k):
            x = np.linspace(0, 1, 200)
            line.set_data(x, np.sin(2 * np.pi * k * x))
            return f"k = {k}"
        return update
    return LiveFigure({"k": W.IntSlider(value=1, min=1, max=5)}, lambda k: k, setup, figsize=(6.0, 3.0), **kw)


def test_the_png_has_twice_the_pixels_of_its_displayed_size():
    fig = _line_figure()
    assert fig.css_size == (480, 240)                                  # 6 x 3 inches at 80 CSS px/inch
    assert _png_size(fig.image.value) == (960, 480)
    assert fig.image.layout.width == "480px" and fig.image.layout.max_width == "100%"
    assert fig.image.layout.height == "auto"                           # the aspect ratio is kept
    fig.set(k=3)
    assert _png_size(fig.image.value) == (960, 480)


def test_pixel_ratio_one_is_the_old_rendering_and_has_fewer_distinct_edges():
    """A 2x PNG downsampled to the displayed size equals a 1x one in coverage, but carries detail:
    more pixels are partly covered (antialiased edges at the finer scale)."""
    sharp, plain = _line_figure(pixel_ratio=2), _line_figure(pixel_ratio=1)
    assert _png_size(plain.image.value) == (480, 240)
    a = np.asarray(Image.open(io.BytesIO(sharp.image.value)))[..., 3]
    b = np.asarray(Image.open(io.BytesIO(plain.image.value)))[..., 3]
    assert (a > 0).sum() > 2 * (b > 0).sum()                           # ink drawn at 4x the pixels


def test_the_png_keeps_a_transparent_background():
    png = Image.open(io.BytesIO(_line_figure().image.value))
    assert png.mode == "RGBA" and np.asarray(png)[0, 0, 3] == 0        # dark theme: no white box


@pytest.mark.parametrize("key", sorted(registered()))
def test_every_explorer_is_shown_at_its_logical_size(key):
    factory, example = registered()[key]
    fig = factory(**example).live()
    w, h = _png_size(fig.image.value)
    assert (w, h) == (2 * fig.css_size[0], 2 * fig.css_size[1])
    assert fig.image.layout.width == f"{fig.css_size[0]}px"


@pytest.mark.parametrize("kwargs, match", [({"dpi": 0}, "dpi must be"), ({"pixel_ratio": 8}, "pixel_ratio must be"),
                                           ({"pixel_ratio": "2"}, "pixel_ratio must be")])
def test_bad_resolution_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _line_figure(**kwargs)
