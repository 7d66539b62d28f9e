"""Benchmark the course's budgets (a report, not a timed test).

* every notebook in book/, exercises/ and solutions/: cold execution time in a fresh kernel
  (imports and JIT compilation included), budget 60 s each;
* every live interactive: time from a slider change to a redrawn figure, budget 100 ms
  (median and worst over a sweep of slider positions, after the first compile).

    python tools/benchmark.py            # everything
    python tools/benchmark.py --widgets  # only the interactives
"""
from __future__ import annotations

import argparse
import glob
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOTEBOOK_BUDGET_S = 60.0
REDRAW_BUDGET_MS = 100.0


def bench_notebooks():
    import nbformat

    from physml.notebooks import execute

    rows = []
    for path in sorted(glob.glob(str(ROOT / "*/*.ipynb"))):
        rel = Path(path).relative_to(ROOT)
        if rel.parts[0] not in ("book", "exercises", "solutions"):
            continue
        seconds = execute(nbformat.read(path, as_version=4), Path(path).parent)
        rows.append((str(rel), seconds))
        print(f"  {seconds:6.1f} s  {'ok ' if seconds <= NOTEBOOK_BUDGET_S else 'OVER'}  {rel}", flush=True)
    return rows


def bench_widgets():
    import numpy as np

    import physml  # noqa: F401
    from physml import interactives as I

    cases = {
        "ch01 step_size_explorer (alpha)": (I.step_size_explorer(), "alpha", np.linspace(0.05, 0.7, 27)),
        "ch02 saddle_escape_explorer (log10_y0)": (I.saddle_escape_explorer(), "log10_y0",
                                                   np.arange(-12, -0.9, 0.5)),
        "ch02 saddle_escape_explorer (log10_noise)": (I.saddle_escape_explorer(), "log10_noise",
                                                      np.arange(-12, -1.9, 0.5)),
        "practice 1 quadratic_step_explorer (alpha)": (I.quadratic_step_explorer([[3.0, 1.0], [1.0, 3.0]]),
                                                       "alpha", np.linspace(0.01, 1.2, 25)),
    }
    grid = I.vmc_grid()
    cases["ch03 vmc_explorer (h)"] = (I.vmc_explorer(grid), "h", [float(x) for x in grid["fields"]] * 3)
    cases["ch03 vmc_explorer (alpha)"] = (I.vmc_explorer(grid), "alpha", [float(a) for a in grid["alphas"]] * 3)
    cases["practice 3 product_state_explorer (theta)"] = (I.product_state_explorer(), "theta_deg",
                                                          np.arange(0.0, 181.0, 7.0))
    cases["ch04 collision_explorer (log10_noise)"] = (I.collision_explorer(restitution=0.9), "log10_noise",
                                                      np.arange(-12.0, -0.4, 0.5))
    cases["ch04 collision_explorer (restitution)"] = (I.collision_explorer(log10_noise=-3.0), "restitution",
                                                      np.linspace(0.0, 1.0, 21))
    from physml import discovery
    saturn = discovery.load_orbits("saturn_moons")
    cases["practice 4 power_law_explorer (exponent)"] = (I.power_law_explorer(saturn.a, saturn.P), "exponent",
                                                         np.linspace(0.5, 2.5, 21))
    ae_grid = I.autoencoder_grid()
    cases["ch05 autoencoder_explorer (steps)"] = (I.autoencoder_explorer(ae_grid), "steps",
                                                  [int(s) for s in ae_grid["steps"]] * 3)
    cases["ch05 autoencoder_explorer (latent_dim)"] = (I.autoencoder_explorer(ae_grid), "latent_dim",
                                                       [int(d) for d in ae_grid["latent_dims"]] * 3)
    drift_grid = I.energy_drift_grid()
    cases["ch06 energy_drift_explorer (horizon)"] = (I.energy_drift_explorer(drift_grid), "horizon",
                                                     np.linspace(1.0, 100.0, 21))
    cases["ch06 energy_drift_explorer (noise)"] = (I.energy_drift_explorer(drift_grid), "noise",
                                                   [float(n) for n in drift_grid["noises"]] * 3)
    cases["ch07 integrator_explorer (dt)"] = (I.integrator_explorer(), "dt", np.geomspace(0.005, 0.5, 21))
    cases["ch08 onsager_explorer (log10_noise)"] = (I.onsager_explorer(), "log10_noise", np.arange(-3.0, 0.6, 0.25))
    cases["ch08 onsager_explorer (n_samples)"] = (I.onsager_explorer(), "n_samples", np.arange(10, 201, 10))
    cases["ch02 saddle_escape_explorer (log10_noise)"][0].set(noisy=True)
    rows = []
    for name, (fig, control, values) in cases.items():
        times = []
        for v in values:
            t0 = time.perf_counter()
            fig.controls[control].value = float(v)  # as a reader moves the slider
            times.append((time.perf_counter() - t0) * 1e3)
        med, worst = statistics.median(times), max(times)
        ok = "ok " if worst <= REDRAW_BUDGET_MS else "OVER"
        print(f"  median {med:5.1f} ms, worst {worst:5.1f} ms  {ok}  {name}", flush=True)
        rows.append((name, med, worst))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--widgets", action="store_true", help="only the interactives")
    args = parser.parse_args(argv)
    over = 0
    if not args.widgets:
        print(f"Cold notebook execution (budget {NOTEBOOK_BUDGET_S:.0f} s each):")
        over += sum(s > NOTEBOOK_BUDGET_S for _, s in bench_notebooks())
    print(f"Slider change -> redrawn figure (budget {REDRAW_BUDGET_MS:.0f} ms):")
    over += sum(w > REDRAW_BUDGET_MS for _, _, w in bench_widgets())
    print("all within budget" if not over else f"{over} item(s) over budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
