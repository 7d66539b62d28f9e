"""Execute notebooks in place, storing their outputs (for authors), and report the time of each.

    python tools/execute.py book/ch01_loss_landscapes.ipynb solutions/*.ipynb

Exercises are regenerated and executed with ``python -m physml.exercises``.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path, write=True, timeout=600):
    """Run ``path`` top to bottom in a fresh kernel; return (seconds, notebook)."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - t0
    if write:
        nbformat.write(nb, path)
    return seconds, nb


if __name__ == "__main__":
    for p in sys.argv[1:]:
        seconds, _ = execute(p)
        print(f"{seconds:6.1f} s  {p}")
