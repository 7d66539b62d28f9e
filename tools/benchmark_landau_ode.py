"""Benchmark chapter 10's structured neural-ODE fit: physml's fixed-step RK4 against diffrax (a report, not a test).

Problem (chapter 10's): the Landau relaxation dm/dt = -(a0 (T - Tc) m + b m^3), m(0) = 0.1, observed
at t = 0, 1, ..., 30 at nine temperatures 0.5, 0.55, ..., 0.9 (all below Tc = 1) with Gaussian noise
0.005 (physml.landau.trajectories, key 100). The three parameters theta = (log a0, Tc, log b) are
fitted by scipy's Levenberg-Marquardt (tolerances 1e-12) with the Jacobian from jax.jacfwd through
the solver, from the chapter's straight-line starting point. Only the ODE solver differs:

- physml RK4: physml.landau.fit_landau_ode, the classical RK4 step with 4 substeps per observation
  interval (h = 0.25), jitted residuals and jitted forward-mode Jacobian;
- diffrax Tsit5, adaptive: Tsitouras' 5(4) pair with a PID step-size controller (rtol 1e-8,
  atol 1e-10), saving at the observation times, differentiated with diffrax.ForwardMode;
- diffrax Tsit5, fixed step h = 0.25 (the same step as the RK4 roll-out);
- for reference, the closed-form fit physml.landau.fit_landau (no ODE solver at all).

Each row runs in a fresh Python process, so that its "cold" time is what a reader's first fit
costs: tracing, XLA compilation and the fit. "warm" is the median of five further fits with the
compiled functions. Also printed: the fitted Tc (all rows agree when the solvers are accurate
enough), the number of residual evaluations, and the largest error of the solver's m(t) against
the closed form at the fitted parameters.

diffrax is needed only here; install it with

    pip install diffrax            # measured with diffrax 0.7.2 (and equinox 0.13.8) on jax 0.10.2
    python tools/benchmark_landau_ode.py

Without diffrax the physml rows are measured and the diffrax rows are skipped with a message.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ("physml-rk4", "diffrax-tsit5-adaptive", "diffrax-tsit5-fixed", "closed-form")
LABELS = {"physml-rk4": "physml RK4, 4 substeps (h = 0.25)",
          "diffrax-tsit5-adaptive": "diffrax Tsit5, adaptive (rtol 1e-8)",
          "diffrax-tsit5-fixed": "diffrax Tsit5, fixed h = 0.25",
          "closed-form": "closed form (fit_landau), reference"}
N_WARM = 5


def _problem():
    import jax
    import numpy as np

    from physml import landau as LD

    T = np.linspace(0.5, 0.9, 9)
    t = np.arange(31.0)
    data = LD.trajectories(T, t, key=jax.random.key(100), m0=0.1, noise=0.005)
    slope, intercept = np.polyfit(T, data[:, -1] ** 2, 1)          # the chapter's straight-line start
    init = (1.0, -intercept / slope, -1.0 / slope)                  # (a0, Tc, b)
    return T, t, data, init


def _diffrax_fitter(adaptive):
    """A fit function with the interface of physml.landau.fit_landau_ode, the roll-out by diffrax."""
    import diffrax
    import jax
    import jax.numpy as jnp
    import numpy as np
    import scipy.optimize

    def solve(theta, T, t, m0):
        a0, Tc, b = jnp.exp(theta[0]), theta[1], jnp.exp(theta[2])
        a = a0 * (T - Tc)
        term = diffrax.ODETerm(lambda s, m, args: -(a * m + b * m**3))
        controller = (diffrax.PIDController(rtol=1e-8, atol=1e-10) if adaptive
                      else diffrax.ConstantStepSize())
        sol = diffrax.diffeqsolve(term, diffrax.Tsit5(), t0=t[0], t1=t[-1], dt0=0.25,
                                  y0=jnp.full(T.shape, m0), saveat=diffrax.SaveAt(ts=t),
                                  stepsize_controller=controller, adjoint=diffrax.ForwardMode(),
                                  max_steps=4096)
        return sol.ys.T                                             # (len(T), len(t))

    def residuals(theta, T, t, data, m0):
        return (solve(theta, T, t, m0) - data).ravel()

    residuals_jit = jax.jit(residuals)
    jacobian_jit = jax.jit(jax.jacfwd(residuals))
    solve_jit = jax.jit(solve)

    def fit(T, t, data, m0, init):
        args = (jnp.asarray(T), jnp.asarray(t), jnp.asarray(data), m0)
        theta0 = np.array([np.log(init[0]), init[1], np.log(init[2])])
        sol = scipy.optimize.least_squares(lambda th: np.asarray(residuals_jit(th, *args)), theta0,
                                           jac=lambda th: np.asarray(jacobian_jit(th, *args)), method="lm",
                                           ftol=1e-12, xtol=1e-12, gtol=1e-12)
        return sol.x, sol.nfev

    return fit, solve_jit


def run_variant(name):
    """Time one variant in this process; returns a dict (printed as JSON by --variant)."""
    t_start = time.perf_counter()
    import jax
    import numpy as np

    from physml import landau as LD
    T, t, data, init = _problem()
    version = ""
    if name.startswith("diffrax"):
        t_import = time.perf_counter()
        try:
            import diffrax
        except ImportError as err:
            return {"name": name, "skipped": f"{err}"}
        version = f"diffrax {diffrax.__version__}, import {time.perf_counter() - t_import:.1f} s"
        fit, solve = _diffrax_fitter(adaptive=name.endswith("adaptive"))
    setup = time.perf_counter() - t_start

    def once():
        if name == "physml-rk4":
            f = LD.fit_landau_ode(T, t, data, m0=0.1, init=init)
            return (np.log(f.a0), f.critical_temperature, np.log(f.b)), f.n_evaluations
        if name == "closed-form":
            f = LD.fit_landau(T, t, data, m0=0.1, init=init)
            return (np.log(f.a0), f.critical_temperature, np.log(f.b)), f.n_evaluations
        return fit(T, t, data, 0.1, init)

    t0 = time.perf_counter()
    theta, nfev = once()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(N_WARM):
        t0 = time.perf_counter()
        once()
        warm.append(time.perf_counter() - t0)
    a0, Tc, b = float(np.exp(theta[0])), float(theta[1]), float(np.exp(theta[2]))
    exact = LD.relaxation(0.1, t, (a0 * (T - Tc))[:, None], b)
    if name == "physml-rk4":
        model = LD.rollout(T, t, a0=a0, Tc=Tc, b=b, m0=0.1, substeps=4)
    elif name == "closed-form":
        model = exact
    else:
        model = np.asarray(solve(jax.numpy.asarray(theta), jax.numpy.asarray(T), jax.numpy.asarray(t), 0.1))
    return {"name": name, "setup": setup, "cold": cold, "warm": statistics.median(warm), "Tc": Tc,
            "nfev": int(nfev), "solver_error": float(np.abs(model - exact).max()), "version": version,
            "jax": jax.__version__}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variant", choices=VARIANTS, help="time one variant in this process (internal)")
    args = parser.parse_args(argv)
    if args.variant:
        print(json.dumps(run_variant(args.variant)))
        return 0

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    rows = []
    for name in VARIANTS:
        out = subprocess.run([sys.executable, __file__, "--variant", name], capture_output=True, text=True,
                             env=env, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Chapter 10's structured fit (9 temperatures x 31 times, 3 parameters, Levenberg-Marquardt); "
          f"jax {rows[0]['jax']}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print(f"{'ODE solver':38s} {'cold (compile + fit)':>21s} {'warm fit':>10s} {'fitted Tc':>11s} "
          f"{'evaluations':>12s} {'max |m - exact|':>16s}")
    skipped = []
    for r in rows:
        if "skipped" in r:
            skipped.append(r)
            continue
        print(f"{LABELS[r['name']]:38s} {r['cold']:19.2f} s {1e3 * r['warm']:7.1f} ms {r['Tc']:11.6f} "
              f"{r['nfev']:12d} {r['solver_error']:16.1e}")
    for r in rows:
        if r.get("version"):
            print(f"({LABELS[r['name']]}: {r['version']})")
    if skipped:
        print(f"\nSkipped {', '.join(LABELS[r['name']] for r in skipped)}: diffrax is not installed "
              f"({skipped[0]['skipped']}).\nInstall it with `pip install diffrax` (measured with diffrax 0.7.2) "
              f"to compare; the book itself does not need it.")
        return 0
    ref = {r["name"]: r for r in rows}["physml-rk4"]
    for r in rows:
        if r["name"].startswith("diffrax"):
            print(f"{LABELS[r['name']]}: cold time {r['cold'] / ref['cold']:.1f} x, warm time "
                  f"{r['warm'] / ref['warm']:.1f} x that of physml RK4; Tc differs by {abs(r['Tc'] - ref['Tc']):.0e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
