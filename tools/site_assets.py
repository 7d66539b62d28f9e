"""Sphinx extension: a site that needs nothing from another host, and no dead widgets.

* plotly.js: the plotly Python package carries ``plotly.min.js``; it is copied into the
  build's ``_static`` folder and loaded on every page.
* MathJax 3: the ``django-static-mathjax`` package (pinned in requirements.txt; a plain
  copy of MathJax's own ``es5`` distribution, no Django needed) is copied into
  ``_static/mathjax``; ``mathjax_path`` in ``_config.yml`` points there.
* Saved ipywidgets: a practice notebook stores its widgets' state, and myst-nb then loads
  require.js and the widgets' HTML manager from CDNs.  Without a kernel such a widget is
  a dead control (offline empty, online a slider that changes nothing), so each stored
  widget view is replaced by a visible note with launch links, and the CDN scripts are
  dropped.  The notebooks themselves are unchanged.
* Two console errors of the theme stack are fixed at their cause (see the functions).
* Two accessibility faults of the theme stack are mended in the written pages (see
  ``_accessible_html``): nameless sidebar toggles, and citation lists whose entries carry a
  deprecated ARIA role.
"""
import html
import re
import shutil
from pathlib import Path

from docutils import nodes

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import mathjax  # the django-static-mathjax distribution
    import plotly

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", static / "plotly.min.js")
    shutil.copytree(Path(mathjax.__file__).parent / "static" / "mathjax" / "es5", static / "mathjax",
                    dirs_exist_ok=True)


_TOGGLE = re.compile(r'(<a class="[^"]*reference internal[^"]*" href="[^"]*">(?P<title>[^<]*)</a>)'
                     r'(?P<details><details[^>]*>)<summary>')


def _name_toggle(match):
    title = html.unescape(match.group("title")).strip() or "this section"
    label = html.escape(f"Show or hide the pages of {title}", quote=True)
    return f'{match.group(1)}{match.group("details")}<summary aria-label="{label}">'


def _accessible_html(app, exception):
    """Mend two accessibility faults (axe-core: serious / critical) in every written page.

    * pydata-sphinx-theme's sidebar draws a section's expand toggle as a ``<summary>`` holding
      only an icon (``role="presentation"``): a screen reader announces a nameless control.
      It gets an ``aria-label`` naming the section.
    * docutils writes a bibliography as ``<div role="list">`` whose entries have the role
      ``doc-biblioentry``, deprecated in DPUB-ARIA 1.1 and not a list item, so the list's
      required ``listitem`` children are missing.  The entries become ``role="listitem"``.
    """
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        if page.relative_to(app.outdir).parts[0] in {"_static", "_sources", "_images"}:
            continue
        text = page.read_text(encoding="utf-8")
        new = _TOGGLE.sub(_name_toggle, text)
        new = new.replace('role="doc-biblioentry"', 'role="listitem"')
        if new != text:
            page.write_text(new, encoding="utf-8")


def _inline_js_once(app):
    """Backport of Sphinx PR #13402 (fixed in Sphinx 8.2; jupyter-book 1 needs Sphinx 7).

    ``app.add_js_file(None, body=...)`` after the builder exists (sphinx-thebe's
    ``THEBE_JS_URL`` script, sphinx-togglebutton's selector) stores the asset with filename
    ``None``; ``prepare_writing`` re-adds the registry's copy with filename ``''``, which does
    not compare equal, so the inline script is emitted twice and the second ``const``
    declaration throws ``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``.
    """
    builder_add = app.builder.add_js_file

    def add_js_file(filename, **kwargs):
        return builder_add(filename or "", **kwargs)

    app.builder.add_js_file = add_js_file


def _theme_mode(app, config):
    """pydata-sphinx-theme's template reads ``default_mode`` from ``html_context`` ('' unless
    set) and then logs "Got invalid theme mode: . Resetting to auto." -- give it that value."""
    if not config.html_context.get("default_mode"):
        config.html_context["default_mode"] = "auto"


def _one_search_box(app, config):
    """pydata-sphinx-theme 0.17 fills an unset ``navbar_persistent`` with a search field, which
    sphinx-book-theme (whose theme.conf leaves it empty) does not expect: a header strip with
    nothing but a second search box above the sidebar's own.  Keep it empty."""
    config.html_theme_options.setdefault("navbar_persistent", [])


def _launch_links(app, docname):
    """(label, url) pairs for the notebook of ``docname``: Binder and Colab, as the launch menu."""
    opts = app.config.html_theme_options
    repo = (opts.get("repository_url") or "").rstrip("/")
    launch = opts.get("launch_buttons") or {}
    if not repo.startswith("https://github.com/"):
        return []
    org_repo = repo[len("https://github.com/"):]
    branch = opts.get("repository_branch") or "main"
    prefix = (opts.get("path_to_docs") or "").strip("/")
    path = f"{prefix}/{docname}.ipynb" if prefix else f"{docname}.ipynb"
    links = []
    if launch.get("binderhub_url"):
        ui = "lab/tree" if launch.get("notebook_interface") == "jupyterlab" else "tree"
        links.append(("Binder", f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}?urlpath={ui}/{path}"))
    if launch.get("colab_url"):
        links.append(("Colab", f"{launch['colab_url'].rstrip('/')}/github/{org_repo}/blob/{branch}/{path}"))
    return links


def _kernel_note(app, docname):
    para = nodes.paragraph()
    para += nodes.strong(text="This control needs a running Python kernel. ")
    para += nodes.Text("On this web page it cannot react; open the notebook to use it: ")
    links = _launch_links(app, docname)
    for i, (label, url) in enumerate(links):
        if i:
            para += nodes.Text(", ")
        para += nodes.reference(text=f"launch on {label}", refuri=url)
    if not links:
        para += nodes.Text("download it with the button at the top of the page")
    para += nodes.Text(" (or run it in your own Jupyter).")
    note = nodes.admonition(classes=["note", "needs-kernel"])
    note += nodes.title(text="Interactive widget")
    note += para
    return note


def _replace_stored_widgets(app, doctree):
    """Stored widget views become a note; the widget-manager scripts are not loaded."""
    docname = app.env.docname
    for raw in list(doctree.findall(nodes.raw)):
        if WIDGET_VIEW in raw.astext():
            raw.replace_self(_kernel_note(app, docname))
    try:
        from myst_nb.sphinx_ import NbMetadataCollector
    except ImportError:
        return
    if hasattr(app.env, "nb_metadata"):
        js_files = NbMetadataCollector.get_js_files(app.env, docname)
        for key in [k for k in js_files if k.startswith("ipywidgets")]:
            del js_files[key]


def setup(app):
    app.add_js_file("plotly.min.js")
    app.add_css_file("site.css")
    app.connect("config-inited", _theme_mode)
    app.connect("config-inited", _one_search_box)
    app.connect("builder-inited", _inline_js_once, priority=100)
    app.connect("builder-inited", _add_static_path)
    app.connect("doctree-read", _replace_stored_widgets)
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", _accessible_html)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}


def _add_static_path(app):
    """tools/_static/site.css: wide equations scroll, API signatures wrap."""
    app.config.html_static_path.append(str(Path(__file__).parent / "_static"))
