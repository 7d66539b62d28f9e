"""The interactive figures of the chapters, one module per topic (as :mod:`physml.checks`).

``physml.interactives.<topic>`` holds the explorers of the chapters on ``physml.<topic>``:
factories decorated with :func:`physml.widgets.explorer`, each returning an
:class:`~physml.widgets.Explorer` whose ``compute`` is the topic module's science.  The figure
code only draws::

    from physml.interactives import landscape as figures
    explorer = figures.step_size()
    explorer.live()      # JupyterLab: sliders, redrawn on every change
    explorer.static()    # the website: a plotly slider over precomputed frames

:func:`physml.widgets.registered` finds every explorer (the benchmark and the tests use it).
"""
