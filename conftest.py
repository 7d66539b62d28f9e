"""nbval, told what to compare: rich outputs are checked for being produced and well-formed, not
byte for byte (see physml.notebooks for the table of output kinds and how each is compared)."""
import nbval
from nbval import plugin as _nbval

from physml.notebooks import comparable

if nbval.__version__ != "0.11.0":  # the patch below relies on nbval's compare_outputs signature
    raise RuntimeError(f"conftest.py was written for nbval 0.11.0, found {nbval.__version__}: "
                       "check IPyNbCell.compare_outputs and update requirements.txt")

_compare_outputs = _nbval.IPyNbCell.compare_outputs


def _compare_comparable(self, test, ref, skip_compare=None):
    return _compare_outputs(self, [comparable(o) for o in test], [comparable(o) for o in ref],
                            skip_compare)


_nbval.IPyNbCell.compare_outputs = _compare_comparable


def pytest_collectstart(collector):
    # nbval drops images from the comparison; we keep them, summarised by `comparable`.
    if isinstance(collector, _nbval.IPyNbFile):
        collector.skip_compare = tuple(k for k in collector.skip_compare
                                       if k not in ("image/png", "image/jpeg"))
