"""Sphinx extension: ship plotly.js with the site, so interactive figures need no CDN.

The plotly Python package carries ``plotly.min.js``; it is copied into the
build's ``_static`` folder and loaded on every page.
"""
import shutil
from pathlib import Path


def _copy_plotly(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import plotly

    src = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    dst = Path(app.outdir) / "_static" / "plotly.min.js"
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def setup(app):
    app.add_js_file("plotly.min.js")
    app.connect("build-finished", _copy_plotly)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
