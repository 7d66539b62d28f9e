"""Benchmark physml's VMC against NetKet on one identical problem (chapter 3; a report, not a test).

Problem: periodic transverse-field Ising chain, L = 16, h = J = 1 (critical point);
real RBM with hidden density alpha = 2 (560 parameters, small Gaussian initial
weights); Metropolis with single-spin flips, 128 chains, sweeps of L proposals,
2 discarded sweeps per chain per iteration, 512 samples per iteration;
stochastic reconfiguration with shift 0.01, solved exactly by Cholesky (physml picks
parameter or sample space, whichever is smaller; NetKet is run both with its dense
parameter-space SR preconditioner and with its VMC_SR driver, which also picks);
plain SGD with learning rate 0.05; 200 iterations. These are the settings of
chapter 3, defined once in physml (nqs.CHAPTER3_RUN) and read from there.

The three codes are run in turn, ``--rounds`` times (interleaved, so that a busy
machine slows them alike; JAX's caches are cleared before each run, so every run
compiles from scratch). Each run is 200 iterations from seed r (the round): one
first iteration, whose time is the compile time plus one iteration ("first"),
then 7 timed blocks of 25 iterations (the first block, which for physml also
compiles the 25-iteration program, is not counted; the per-iteration time is the
median of the other 6) and 24 untimed ones; then the final energy from 16384
fresh samples (20 discarded sweeps, continuing the chains), whose relative error
against the Jordan-Wigner exact value and standard error are reported. Reported
per code: the median over rounds of the ms per iteration and of the first-iteration
time, the NetKet / physml ratios of both in every round, and the final energies.
Separately, chapter 3's own run (one call of run_vmc of 200 iterations with the
chapter's key, estimated with the chapter's key) reproduces the chapter's number.

With ``--heisenberg`` the problem is chapter 13's instead: the antiferromagnetic Heisenberg chain,
L = 16, periodic, in the S^z = 0 sector, with Marshall's sign rule (physml:
quantum_phases.run_heisenberg_vmc; NetKet: its Heisenberg operator with sign_rule=True on a
Hilbert space with total_sz=0), a real RBM with alpha = 1, 64 chains, 512 samples per iteration,
2 discarded sweeps, SR shift 0.01, SGD 0.05, 300 iterations; NetKet with its VMC_SR driver. The
samplers differ: physml swaps a random up spin with a random down spin anywhere on the chain,
NetKet's MetropolisExchange swaps nearest neighbours; both sample |psi|^2 in the sector. NetKet
writes the Hamiltonian with Pauli matrices (4 times ours); it is scaled by 1/4, so that energies,
gradients and SR steps are in the same units. The
reference is exact diagonalisation (quantum.heisenberg_ground_state).

NetKet is needed only here. Install it in a separate virtual environment that
holds everything the script imports, so that it works whether the book's packages
live in the system Python or in a virtual environment of their own
(``--system-site-packages`` sees only the system Python's packages):

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -r requirements-benchmark.txt
    .venv-bench/bin/pip install --no-deps -e .
    .venv-bench/bin/python tools/benchmark_vmc.py
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import jax

jax.config.update("jax_enable_x64", True)

from physml.nqs import CHAPTER3_FINAL_SAMPLES, CHAPTER3_RUN  # noqa: E402  (after float64 is set)

L, H, J, ALPHA = CHAPTER3_RUN["L"], CHAPTER3_RUN["h"], 1.0, CHAPTER3_RUN["alpha"]
N_SAMPLES, N_CHAINS, N_DISCARD = CHAPTER3_RUN["n_samples"], CHAPTER3_RUN["n_chains"], CHAPTER3_RUN["n_discard"]
LR, SHIFT, N_ITER, SEED = CHAPTER3_RUN["learning_rate"], CHAPTER3_RUN["diag_shift"], CHAPTER3_RUN["n_iter"], 0
N_FINAL = CHAPTER3_FINAL_SAMPLES
CHAPTER_TRAIN_KEY, CHAPTER_ESTIMATE_KEY = 0, 7   # the keys of chapter 3's run and of its final estimate
BLOCK = 25  # iterations per timed block
N_BLOCKS = 7  # timed blocks per run (the first not counted)


class _Timer:
    """Wall-clock and CPU (process) time of a block; on a busy machine the CPU time is the steadier one."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def run_physml(seed):
    """One 200-iteration run from ``seed``: first-iteration time, per-iteration times of the blocks, final
    estimate."""
    from physml import nqs

    kw = dict(n_samples=N_SAMPLES, J=J, n_chains=N_CHAINS, n_discard=N_DISCARD, learning_rate=LR, diag_shift=SHIFT)
    key = jax.random.key(seed)
    with _Timer() as first:
        res = nqs.run_vmc(L, H, ALPHA, key=key, n_iter=1, **kw)          # compiles, then 1 iteration
        jax.block_until_ready(res.params)
    blocks = []
    for b in range(N_BLOCKS):
        with _Timer() as block:
            res = nqs.run_vmc(L, H, ALPHA, key=jax.random.fold_in(key, b + 1), n_iter=BLOCK, params=res.params,
                              chains=res.chains, **kw)
            jax.block_until_ready(res.params)
        blocks.append(block)
    rest = N_ITER - 1 - BLOCK * N_BLOCKS
    res = nqs.run_vmc(L, H, ALPHA, key=jax.random.fold_in(key, N_BLOCKS + 1), n_iter=rest, params=res.params,
                      chains=res.chains, **kw)
    est = nqs.vmc_estimate(res.params, L, H, key=jax.random.fold_in(key, 99), n_samples=N_FINAL, J=J,
                           n_chains=N_CHAINS, chains=res.chains)
    return dict(**_timings(first, blocks), energy=est.energy, error=est.energy_error)


def _timings(first, blocks):
    # the first block is not counted (physml compiles its 25-iteration program there)
    return dict(first=first.wall, first_cpu=first.cpu, per_iter=statistics.median(b.wall / BLOCK for b in blocks[1:]),
                per_iter_cpu=statistics.median(b.cpu / BLOCK for b in blocks[1:]))


def chapter_run():
    """Chapter 3's run as the chapter makes it: one call of N_ITER iterations (compile included), estimated
    with the chapter's key, continuing the run's chains."""
    from physml import nqs

    kw = dict(n_samples=N_SAMPLES, J=J, n_chains=N_CHAINS, n_discard=N_DISCARD, learning_rate=LR, diag_shift=SHIFT)
    with _Timer() as whole:
        run = nqs.run_vmc(L, H, ALPHA, key=jax.random.key(CHAPTER_TRAIN_KEY), n_iter=N_ITER, **kw)
        jax.block_until_ready(run.params)
    est = nqs.vmc_estimate(run.params, L, H, key=jax.random.key(CHAPTER_ESTIMATE_KEY), n_samples=N_FINAL, J=J,
                           n_chains=N_CHAINS, chains=run.chains)
    return dict(whole=whole.wall, energy=est.energy, error=est.energy_error)


def run_netket(seed, driver_kind):
    import netket as nk

    graph = nk.graph.Chain(length=L, pbc=True)
    hilbert = nk.hilbert.Spin(s=0.5, N=L)
    # NetKet's Ising is H = -h sum sx + J_nk sum sz sz; ours is -J sum sz sz, so J_nk = -J
    ham = nk.operator.IsingJax(hilbert, graph, h=H, J=-J)
    model = nk.models.RBM(alpha=ALPHA, param_dtype=float,
                          kernel_init=jax.nn.initializers.normal(0.01),
                          hidden_bias_init=jax.nn.initializers.normal(0.01),
                          visible_bias_init=jax.nn.initializers.normal(0.01))
    sampler = nk.sampler.MetropolisLocal(hilbert, n_chains=N_CHAINS, sweep_size=L)
    vstate = nk.vqs.MCState(sampler, model, n_samples=N_SAMPLES, n_discard_per_chain=N_DISCARD,
                            seed=seed, sampler_seed=seed)
    if driver_kind == "VMC+SR":   # dense S + shift*I in parameter space, Cholesky
        sr = nk.optimizer.SR(qgt=nk.optimizer.qgt.QGTJacobianDense, solver=nk.optimizer.solver.cholesky,
                             diag_shift=SHIFT)
        driver = nk.driver.VMC(ham, nk.optimizer.Sgd(learning_rate=LR), variational_state=vstate,
                               preconditioner=sr)
    else:                          # VMC_SR: NetKet picks parameter or sample space (as physml does)
        driver = nk.driver.VMC_SR(ham, nk.optimizer.Sgd(learning_rate=LR), diag_shift=SHIFT,
                                  variational_state=vstate)
    with _Timer() as first:
        driver.run(n_iter=1, show_progress=False)
        jax.block_until_ready(vstate.parameters)
    blocks = []
    for _ in range(N_BLOCKS):
        with _Timer() as block:
            driver.run(n_iter=BLOCK, show_progress=False)
            jax.block_until_ready(vstate.parameters)
        blocks.append(block)
    driver.run(n_iter=N_ITER - 1 - BLOCK * N_BLOCKS, show_progress=False)
    vstate.n_samples = N_FINAL
    vstate.n_discard_per_chain = 20
    stats = vstate.expect(ham)
    return dict(**_timings(first, blocks), energy=float(stats.mean.real), error=float(stats.error_of_mean))


HEIS = dict(L=16, alpha=1, n_samples=512, n_chains=64, n_discard=2, learning_rate=0.05, diag_shift=0.01, n_iter=300)


def run_physml_heisenberg(seed):
    """Chapter 13's Heisenberg run with physml: first block (compile + BLOCK iterations), then timed blocks."""
    from physml import quantum_phases as QP

    kw = dict(n_samples=HEIS["n_samples"], n_chains=HEIS["n_chains"], n_discard=HEIS["n_discard"],
              learning_rate=HEIS["learning_rate"], diag_shift=HEIS["diag_shift"])
    params = chains = None
    blocks = []
    for b in range(HEIS["n_iter"] // BLOCK):
        with _Timer() as block:
            run = QP.run_heisenberg_vmc(HEIS["L"], HEIS["alpha"], key=jax.random.key(1000 * seed + b), n_iter=BLOCK,
                                        params=params, chains=chains, **kw)
            jax.block_until_ready(run.params)
        params, chains = run.params, run.chains
        blocks.append(block)
    est = QP.heisenberg_estimate(params, HEIS["L"], key=jax.random.key(7), n_samples=N_FINAL,
                                 n_chains=HEIS["n_chains"], chains=chains)
    first = blocks[0]
    return dict(first=first.wall, first_cpu=first.cpu,
                per_iter=statistics.median(x.wall / BLOCK for x in blocks[1:]),
                per_iter_cpu=statistics.median(x.cpu / BLOCK for x in blocks[1:]),
                energy=est.energy, error=est.energy_error)


def run_netket_heisenberg(seed):
    import netket as nk

    n = HEIS["L"]
    graph = nk.graph.Chain(length=n, pbc=True)
    hilbert = nk.hilbert.Spin(s=0.5, N=n, total_sz=0)
    # NetKet writes S.S with Pauli matrices (4 x ours): scaled to our units, so that the energy, its gradient and
    # hence the SR step at the same learning rate are physml's
    ham = 0.25 * nk.operator.Heisenberg(hilbert, graph, J=1.0, sign_rule=True)
    model = nk.models.RBM(alpha=HEIS["alpha"], param_dtype=float,
                          kernel_init=jax.nn.initializers.normal(0.01),
                          hidden_bias_init=jax.nn.initializers.normal(0.01),
                          visible_bias_init=jax.nn.initializers.normal(0.01))
    sampler = nk.sampler.MetropolisExchange(hilbert, graph=graph, n_chains=HEIS["n_chains"], sweep_size=n)
    vstate = nk.vqs.MCState(sampler, model, n_samples=HEIS["n_samples"], n_discard_per_chain=HEIS["n_discard"],
                            seed=seed, sampler_seed=seed)
    driver = nk.driver.VMC_SR(ham, nk.optimizer.Sgd(learning_rate=HEIS["learning_rate"]),
                              diag_shift=HEIS["diag_shift"], variational_state=vstate)
    blocks = []
    for _ in range(HEIS["n_iter"] // BLOCK):
        with _Timer() as block:
            driver.run(n_iter=BLOCK, show_progress=False)
            jax.block_until_ready(vstate.parameters)
        blocks.append(block)
    vstate.n_samples = N_FINAL
    vstate.n_discard_per_chain = 20
    stats = vstate.expect(ham)
    first = blocks[0]
    return dict(first=first.wall, first_cpu=first.cpu,
                per_iter=statistics.median(x.wall / BLOCK for x in blocks[1:]),
                per_iter_cpu=statistics.median(x.cpu / BLOCK for x in blocks[1:]),
                energy=float(stats.mean.real), error=float(stats.error_of_mean))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["physml", "netket"], help="run one side only")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each code, interleaved (default 3)")
    parser.add_argument("--heisenberg", action="store_true",
                        help="chapter 13's problem: the Heisenberg chain with Marshall's sign rule")
    args = parser.parse_args(argv)
    if args.heisenberg:
        return main_heisenberg(args)

    import physml  # noqa: F401  (float64, as above)
    from physml import quantum

    exact = quantum.tfim_exact_energy(L, H, J)
    print(f"TFIM L={L}, h={H}, J={J}: exact E0 = {exact:.10f} (Jordan-Wigner); RBM alpha={ALPHA}, "
          f"{N_SAMPLES} samples/iteration from {N_CHAINS} chains, SR shift {SHIFT}, SGD lr {LR}, "
          f"{N_ITER} iterations; jax {jax.__version__}; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the start; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    try:
        import netket
        print(f"NetKet {netket.__version__}")
    except ImportError:
        pass
    jax.block_until_ready(jax.numpy.zeros(1) + 1)     # start JAX's backend before any timing
    codes = {"physml": run_physml,
             "NetKet VMC + dense SR": lambda seed: run_netket(seed, "VMC+SR"),
             "NetKet VMC_SR": lambda seed: run_netket(seed, "VMC_SR")}
    if args.only == "physml":
        codes = {"physml": run_physml}
    elif args.only == "netket":
        codes.pop("physml")
    rows = {name: [] for name in codes}
    for r in range(args.rounds):
        for name, run in codes.items():
            jax.clear_caches()                          # every run compiles from scratch
            try:
                out = run(r)
            except ImportError as err:
                print(f"  skipped {name}: {err} (see the install note: python {__file__} --help)")
                rows.pop(name)
                codes = {k: f for k, f in codes.items() if k != name}
                break
            rows[name].append(out)
            rel = (out["energy"] - exact) / abs(exact)
            print(f"round {r} {name:22s} {1e3 * out['per_iter']:6.1f} ms/iteration "
                  f"(CPU {1e3 * out['per_iter_cpu']:5.1f}), "
                  f"first iteration {out['first']:5.2f} s (CPU {out['first_cpu']:4.2f}), final E {out['energy']:.5f} "
                  f"± {out['error']:.5f} (relative error {rel:.1e})", flush=True)
    print(f"\nmedian over {args.rounds} rounds (load average now {os.getloadavg()[0]:.1f}); CPU = process time:")
    print(f"{'code':24s} {'ms/iteration':>12s} {'(CPU)':>7s} {'first iteration':>16s} {'(CPU)':>7s}   "
          "final relative errors")
    for name, runs in rows.items():
        med = {k: statistics.median(x[k] for x in runs) for k in ("per_iter", "per_iter_cpu", "first", "first_cpu")}
        errs = ", ".join(f"{(x['energy'] - exact) / abs(exact):.1e} ± {x['error'] / abs(exact):.0e}" for x in runs)
        print(f"{name:24s} {1e3 * med['per_iter']:12.1f} {1e3 * med['per_iter_cpu']:7.1f} {med['first']:14.2f} s "
              f"{med['first_cpu']:6.2f} s   {errs}")
    if "physml" in rows:
        for name in [n for n in rows if n != "physml"]:
            for key, label in (("per_iter", "per iteration"), ("first", "first iteration")):
                for suffix, kind in (("", "wall"), ("_cpu", "CPU")):
                    q = [x[key + suffix] / y[key + suffix] for x, y in zip(rows[name], rows["physml"])]
                    print(f"{name} / physml, {label} ({kind}), per round: {', '.join(f'{v:.2f}' for v in q)} "
                          f"(median {statistics.median(q):.2f})")
        ch = chapter_run()
        print(f"chapter 3's run (one call of {N_ITER} iterations, compile included: {ch['whole']:.1f} s): "
              f"E = {ch['energy']:.5f} ± {ch['error']:.5f}, relative error "
              f"{(ch['energy'] - exact) / abs(exact):.1e}")


def main_heisenberg(args):
    """Chapter 13's Heisenberg chain with Marshall's sign rule: physml against NetKet's VMC_SR."""
    import physml  # noqa: F401
    from physml import quantum

    exact = quantum.heisenberg_ground_state(HEIS["L"]).energy
    print(f"Heisenberg chain L={HEIS['L']}, S^z = 0, Marshall's sign rule: exact E0 = {exact:.8f} (exact "
          f"diagonalisation); RBM alpha={HEIS['alpha']}, {HEIS['n_samples']} samples/iteration from "
          f"{HEIS['n_chains']} chains, SR shift {HEIS['diag_shift']}, SGD lr {HEIS['learning_rate']}, "
          f"{HEIS['n_iter']} iterations; jax {jax.__version__}; load average {os.getloadavg()[0]:.1f}")
    codes = {"physml": run_physml_heisenberg, "NetKet VMC_SR": run_netket_heisenberg}
    if args.only == "physml":
        codes = {"physml": run_physml_heisenberg}
    elif args.only == "netket":
        codes.pop("physml")
    for r in range(args.rounds):
        for name, run in codes.items():
            jax.clear_caches()
            try:
                out = run(r)
            except ImportError as err:
                print(f"  skipped {name}: {err} (see the install note: python {__file__} --help)")
                continue
            rel = (out["energy"] - exact) / abs(exact)
            print(f"round {r} {name:14s} {1e3 * out['per_iter']:6.1f} ms/iteration "
                  f"(CPU {1e3 * out['per_iter_cpu']:5.1f}), "
                  f"first {BLOCK} iterations {out['first']:5.2f} s (CPU {out['first_cpu']:4.2f}), final E "
                  f"{out['energy']:.5f} ± {out['error']:.5f} (relative error {rel:.1e})", flush=True)


if __name__ == "__main__":
    main()
