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


# The longest test files, measured (pytest --durations=0, a fresh clone, 3 workers on 2 cores):
# each is one unit of work under `--dist loadfile`, and a long unit handed out last ends the run
# alone. They go first, longest first (`tools/test.sh` passes --no-loadscope-reorder so that xdist
# keeps this order); the notebooks follow, then the short test files fill the gaps. A stale list
# only costs time: every test still runs, in the same order within its file.
LONGEST_FIRST = ("tests/test_site.py", "tests/test_nqs.py", "tests/test_gauge.py", "tests/test_checks.py",
                 "tests/test_interactives_quantum_phases.py", "tests/test_mechanics.py", "tests/test_landscape.py",
                 "tests/test_lab.py")


def _schedule_rank(item):
    path = item.nodeid.split("::")[0]
    if path in LONGEST_FIRST:
        return LONGEST_FIRST.index(path)
    return len(LONGEST_FIRST) + (0 if path.endswith(".ipynb") else 1)


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=_schedule_rank)        # stable: each file's own order is kept
