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

Reported for each: seconds per iteration after compilation (median of timed
blocks of iterations), the one-off compile-and-first-iteration time, and the
final relative error of the energy against the Jordan-Wigner exact value,
estimated by both codes the same way: 16384 fresh samples of the final state.

physml's final energy comes from the chapter's own run (one call of run_vmc with
the chapter's key, the estimate with the chapter's key, continuing the run's
chains), so it reproduces the number printed in chapter 3. Its timing comes from
separate blocks of iterations, which continue the state with other keys and so
follow another random trajectory. NetKet draws its own random numbers: its final
energy differs from physml's by the sampling noise of a training trajectory
(about two standard errors of the final estimate), not by a different method.

NetKet is needed only here; install it with

    pip install -r requirements-benchmark.txt
    python tools/benchmark_vmc.py
"""
from __future__ import annotations

import argparse
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


def bench_physml(exact):
    from physml import nqs

    kw = dict(n_samples=N_SAMPLES, J=J, n_chains=N_CHAINS, n_discard=N_DISCARD, learning_rate=LR, diag_shift=SHIFT)
    key = jax.random.key(SEED)
    t0 = time.perf_counter()
    res = nqs.run_vmc(L, H, ALPHA, key=key, n_iter=1, **kw)  # compiles for 1 iteration
    first = time.perf_counter() - t0
    # time blocks of BLOCK iterations (one compiled scan of that length), continuing the state
    t0 = time.perf_counter()
    nqs.run_vmc(L, H, ALPHA, key=key, n_iter=BLOCK, **kw)  # compile the block length
    compile_block = time.perf_counter() - t0
    params, chains, times = None, None, []
    for b in range(N_ITER // BLOCK):
        t0 = time.perf_counter()
        res = nqs.run_vmc(L, H, ALPHA, key=jax.random.key(SEED + b), n_iter=BLOCK, params=params,
                          chains=chains, **kw)
        jax.block_until_ready(res.params)
        times.append((time.perf_counter() - t0) / BLOCK)
        params, chains = res.params, res.chains
    # the whole run as the chapter calls it: one call of N_ITER iterations, cold compile included; its
    # final state, estimated as the chapter does, is the chapter's number
    t0 = time.perf_counter()
    run = nqs.run_vmc(L, H, ALPHA, key=jax.random.key(CHAPTER_TRAIN_KEY), n_iter=N_ITER, **kw)
    whole = time.perf_counter() - t0
    est = nqs.vmc_estimate(run.params, L, H, key=jax.random.key(CHAPTER_ESTIMATE_KEY), n_samples=N_FINAL, J=J,
                           n_chains=N_CHAINS, chains=run.chains)
    return dict(name="physml", per_iter=statistics.median(times), first=first + compile_block,
                energy=est.energy, error=est.energy_error, whole=whole)


def bench_netket(exact, driver_kind="VMC+SR"):
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
                            seed=SEED, sampler_seed=SEED)
    if driver_kind == "VMC+SR":   # dense S + shift*I in parameter space, Cholesky
        sr = nk.optimizer.SR(qgt=nk.optimizer.qgt.QGTJacobianDense, solver=nk.optimizer.solver.cholesky,
                             diag_shift=SHIFT)
        driver = nk.driver.VMC(ham, nk.optimizer.Sgd(learning_rate=LR), variational_state=vstate,
                               preconditioner=sr)
    else:                          # VMC_SR: NetKet picks parameter or sample space (as physml does)
        driver = nk.driver.VMC_SR(ham, nk.optimizer.Sgd(learning_rate=LR), diag_shift=SHIFT,
                                  variational_state=vstate)
    t0 = time.perf_counter()
    driver.run(n_iter=1, show_progress=False)
    first = time.perf_counter() - t0
    times = []
    for _ in range((N_ITER - 1) // BLOCK):
        t0 = time.perf_counter()
        driver.run(n_iter=BLOCK, show_progress=False)
        jax.block_until_ready(vstate.parameters)
        times.append((time.perf_counter() - t0) / BLOCK)
    rest = N_ITER - 1 - BLOCK * len(times)
    if rest:
        driver.run(n_iter=rest, show_progress=False)
    vstate.n_samples = N_FINAL
    vstate.n_discard_per_chain = 20
    stats = vstate.expect(ham)
    return dict(name=f"NetKet {nk.__version__} {driver_kind}", per_iter=statistics.median(times), first=first,
                energy=float(stats.mean.real), error=float(stats.error_of_mean), whole=None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["physml", "netket"], help="run one side only")
    args = parser.parse_args(argv)

    import physml  # noqa: F401  (float64, as above)
    from physml import quantum

    exact = quantum.tfim_exact_energy(L, H, J)
    print(f"TFIM L={L}, h={H}, J={J}: exact E0 = {exact:.10f} (Jordan-Wigner); RBM alpha={ALPHA}, "
          f"{N_SAMPLES} samples/iteration from {N_CHAINS} chains, SR shift {SHIFT}, SGD lr {LR}, "
          f"{N_ITER} iterations; jax {jax.__version__}")
    def bench_netket_vmc_sr(exact):
        return bench_netket(exact, "VMC_SR")

    benches = [bench_physml, bench_netket, bench_netket_vmc_sr]
    if args.only:
        benches = [bench_physml] if args.only == "physml" else benches[1:]
    rows = []
    for bench in benches:
        try:
            rows.append(bench(exact))
        except ImportError as err:
            print(f"  skipped {bench.__name__}: {err} (pip install -r requirements-benchmark.txt)")
    print(f"{'code':28s} {'ms/iteration':>12s} {'first iteration (compile)':>26s} {'final E':>22s} "
          f"{'relative error':>15s}")
    for r in rows:
        rel = (r["energy"] - exact) / abs(exact)
        print(f"{r['name']:28s} {1e3 * r['per_iter']:12.1f} {r['first']:24.1f} s "
              f"{r['energy']:12.5f} ± {r['error']:.5f} {rel:15.2e}")
        if r["whole"] is not None:
            print(f"{'':28s} (one call of {N_ITER} iterations, compile included: {r['whole']:.1f} s)")
    if len(rows) > 1 and rows[0]["name"] == "physml":
        for r in rows[1:]:
            print(f"per iteration, {r['name']} / physml = {r['per_iter'] / rows[0]['per_iter']:.2f}")


if __name__ == "__main__":
    main()
