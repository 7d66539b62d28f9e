"""The explorer pattern: one description, two renderings that agree with each other and with
``compute``; clear errors for a malformed description."""
import numpy as np
import pytest

from physml import widgets
from physml.widgets import Control, Explorer, Layer, Panel, Series


def toy(**overrides):
    """A line y = a x on a log-y panel, an hline at a, a vline at 2a, bars a·(1, 2, 3)."""
    x = np.linspace(0.0, 1.0, 11)

    def compute(a, shift):
        return dict(a=a, y=a * x + shift)

    spec = dict(
        name="toy",
        compute=compute,
        draw=lambda r: {"line": (x, r["y"]), "level": r["a"], "mark": 2 * r["a"],
                        "bars": r["a"] * np.arange(1.0, 4.0)},
        status=lambda r: f"a = {r['a']:g}; twice {2 * r['a']:g}",
        controls=(Control("a", "slope a", 1.0, lo=0.5, hi=4.0, step=0.5, site=(0.5, 1.0, 2.0)),
                  Control("shift", "shift", 0.0, kind="options", options=(0.0, 1.0))),
        panels=(Panel("x", "y", (0.0, 1.0), (1e-3, 10.0), yscale="log", legend="upper left"),
                Panel("k", "h", (-0.5, 2.5), (0.0, 15.0), xticks=("p", "q", "r"))),
        series=(Series("line", label="a x", floor=1e-3), Series("level", style="hline", color="grey"),
                Series("mark", panel=1, style="vline", color="green"),
                Series("bars", panel=1, style="bars", color="orange")),
        background=lambda: (Layer("line", x=[0, 1], y=[1, 1], label="one"),),
    )
    spec.update(overrides)
    return Explorer(**spec)


def test_live_figure_draws_what_compute_returns():
    fig = toy().live(a=2.0)
    ax = fig.figure.axes[0]
    line = [ln for ln in ax.lines if ln.get_animated() and ln.get_label() == "a x"][0]
    np.testing.assert_allclose(line.get_ydata(), np.maximum(2.0 * np.linspace(0, 1, 11), 1e-3))
    assert fig.status.value == "<b>a = 2; twice 4</b>"
    fig.set(a=3.0, shift=1.0)
    np.testing.assert_allclose(line.get_ydata(), 3.0 * np.linspace(0, 1, 11) + 1.0)
    bars = [p.get_height() for p in fig.figure.axes[1].patches]
    np.testing.assert_allclose(bars, [3.0, 6.0, 9.0])
    assert ax.get_yscale() == "log" and ax.get_ylim() == pytest.approx((1e-3, 10.0))


def test_static_figure_has_the_same_panels_and_one_frame_per_site_value():
    spec = toy().static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    layout = spec["layout"]
    assert layout["yaxis"]["type"] == "log" and layout["yaxis"]["range"] == pytest.approx([-3.0, 1.0])
    assert layout["xaxis2"]["ticktext"] == ["p", "q", "r"]
    assert layout["sliders"][0]["active"] == 1                      # the default a = 1.0
    assert [s["label"] for s in layout["sliders"][0]["steps"]] == ["0.5", "1", "2"]
    frames = spec["frames"]
    assert len(frames) == 3 and all(len(f["data"]) == 4 for f in frames)
    assert "twice 4" in frames[2]["layout"]["title"]["text"]
    fig = toy().static().fig
    line, level, mark, bars = fig.frames[2].data                    # a = 2
    np.testing.assert_allclose(line.y, np.maximum(2.0 * np.linspace(0, 1, 11), 1e-3))
    assert tuple(level.y) == (2.0, 2.0) and tuple(mark.x) == (4.0, 4.0)
    np.testing.assert_allclose(bars.y, [2.0, 4.0, 6.0])
    assert fig.data[0].name == "one"                                # the background comes first


def test_static_figure_can_slide_another_control_with_the_rest_fixed():
    fig = toy().static(control="shift", a=0.5).fig
    ys = [np.asarray(f.data[0].y) for f in fig.frames]
    np.testing.assert_allclose(ys[1][1:] - ys[0][1:], 1.0, rtol=1e-2)  # (x = 0 sits on the floor)
    assert tuple(fig.frames[0].data[1].y) == (0.5, 0.5)


def test_each_static_figure_of_an_explorer_has_its_own_div_id():
    assert 'id="toy"' in toy().static()._repr_mimebundle_()["text/html"]
    assert 'id="toy-shift"' in toy().static(control="shift")._repr_mimebundle_()["text/html"]



def test_static_figure_is_reproducible():
    a, b = toy().static()._repr_mimebundle_(), toy().static()._repr_mimebundle_()
    assert a["text/html"] == b["text/html"] and 'id="toy"' in a["text/html"]


def test_malformed_descriptions_name_the_problem():
    with pytest.raises(ValueError, match="kind"):
        Control("a", "a", 1.0, kind="dial")
    with pytest.raises(ValueError, match="lo, hi and step"):
        Control("a", "a", 1.0)
    with pytest.raises(ValueError, match="options"):
        Control("a", "a", 1.0, kind="toggle")
    with pytest.raises(ValueError, match="style"):
        Series("s", style="area")
    with pytest.raises(ValueError, match="site"):
        toy(site="b")
    with pytest.raises(ValueError, match="panel"):
        toy(series=(Series("line", panel=5),))
    with pytest.raises(ValueError, match="unknown control"):
        toy().live(b=1.0)
    with pytest.raises(ValueError, match="unknown control"):
        toy().static(control="b")
    with pytest.raises(ValueError, match="site positions"):
        toy(controls=(Control("a", "a", 1.0, lo=0, hi=1, step=0.1),
                      Control("shift", "s", 0.0, kind="options", options=(0.0,)))).static()


def test_registry_finds_every_figure_module_and_names_explorers_by_topic():
    found = widgets.registered()
    assert "landscape.step_size" in found
    assert all(key.count(".") == 1 for key in found)
    factory, example = found["landscape.quadratic_step"]
    assert isinstance(factory(**example), Explorer)


# ----------------------------------------------------- the website's figures, frame by frame
def _points_off_axes(spec):
    """Per frame: how many points of its traces (the background's and the frame's) lie outside
    that frame's axis ranges (the frame's own layout, else the figure's)."""
    layout, counts = spec["layout"], []
    for frame in spec["frames"]:
        data = list(spec["data"])
        for i, trace in zip(frame["traces"], frame["data"]):
            data[i] = trace
        off = 0
        for trace in data:
            if trace.get("type", "scatter") not in ("scatter", "bar"):
                continue
            inside = []
            for letter in "xy":
                key = f"{letter}axis{(trace.get(letter + 'axis') or letter)[1:]}"
                axis = {**layout.get(key, {}), **frame.get("layout", {}).get(key, {})}
                v = np.array([np.nan if t is None else t for t in widgets._values_all(trace.get(letter))], float)
                if "range" not in axis:
                    inside.append(np.ones(v.shape, bool))
                    continue
                lo, hi = sorted(axis["range"])
                with np.errstate(divide="ignore", invalid="ignore"):
                    w = np.log10(v) if axis.get("type") == "log" else v
                tol = 1e-9 * (hi - lo)
                inside.append(~np.isfinite(v) | ((w >= lo - tol) & (w <= hi + tol)))
            off += int(np.sum(~(inside[0] & inside[1])))
        counts.append(off)
    return counts


def _explorer_specs():
    for key, (factory, example) in widgets.registered().items():
        ex = factory(**example)
        controls = [c.name for c in ex.controls if c.site or c.options or c.kind == "check"]
        for name in controls:
            yield f"{key}:{name}", ex.static(control=name).fig.to_plotly_json()


@pytest.fixture(scope="module")
def explorer_specs():
    return dict(_explorer_specs())


def test_every_frame_of_every_explorer_shows_all_its_points(explorer_specs):
    off = {key: _points_off_axes(spec) for key, spec in explorer_specs.items()}
    assert {key: counts for key, counts in off.items() if any(counts)} == {}
    assert "landscape.step_size:learning_rate" in off


def test_frames_carry_their_own_axis_ranges_and_widen_only_where_the_data_need_it():
    fig = toy().static().fig                                           # a = 0.5, 1, 2: bars up to 6 of 15
    for frame in fig.frames:
        assert list(frame.layout.yaxis2.range) == [0.0, 15.0]
    tall = toy(panels=(Panel("x", "y", (0.0, 1.0), (1e-3, 10.0), yscale="log"),
                       Panel("k", "h", (-0.5, 2.5), (0.0, 3.0), xticks=("p", "q", "r")))).static().fig
    tops = [frame.layout.yaxis2.range[1] for frame in tall.frames]
    assert tops[0] == 3.0 and tops[2] >= 6.0                          # a = 2: bars up to 6
    assert list(tall.layout.yaxis2.range) == list(tall.frames[1].layout.yaxis2.range)  # the active frame


def test_titles_and_labels_are_written_for_readers(explorer_specs):
    import re

    for key, spec in explorer_specs.items():
        texts = [f.get("layout", {}).get("title", {}).get("text", "") for f in spec["frames"]]
        texts += [a["title"]["text"] for k, a in spec["layout"].items() if k[1:5] == "axis" and "title" in a]
        texts += [t.get("name") or "" for t in spec["data"]]
        texts += [s["label"] for s in spec["layout"]["sliders"][0]["steps"]]
        for text in texts:
            assert not re.search(r"\de[-+]?\d", text), (key, text)     # 10⁻⁶, not 1e-06 or 1e-6.0
            assert "_" not in text, (key, text)                        # subscripts are <sub>
            plain = re.sub(r"<[^>]+>", "", text.replace("<br>", "\n"))
            assert max(len(line) for line in plain.split("\n")) <= 44, (key, text)  # a 390 px screen


def test_numbers_are_written_as_powers_of_ten():
    assert widgets.sci(1.2e-6) == "1.2×10⁻⁶" and widgets.sci(1e-6) == "10⁻⁶" and widgets.sci(0.0) == "0"
    assert widgets.sci(-2.5e3) == "−2.5×10³" and widgets.sci(2.5) == "2.5" and widgets.sci(150.3) == "150"
    assert widgets.pow10(-6) == "10⁻⁶" and widgets.pow10(-0.5) == "10<sup>−0.5</sup> ≈ 0.32"


def test_labels_with_subscripts_are_mathtext_in_jupyterlab():
    fig = toy(panels=(Panel("step k", "E(θ<sub>k</sub>)", (0.0, 1.0), (1e-3, 10.0), yscale="log"),
                      Panel("k", "σ²(E<sub>loc</sub>)", (-0.5, 2.5), (0.0, 15.0), xticks=("p", "q", "r")))).live()
    assert fig.figure.axes[0].get_ylabel() == "E(θ$_{k}$)"
    assert fig.figure.axes[1].get_ylabel() == r"σ²(E$_{\mathrm{loc}}$)"


def test_the_website_figure_takes_its_text_colour_from_the_page():
    html = toy().static()._repr_mimebundle_()["text/html"]
    assert "getComputedStyle" in html and "font.color" in html
