r"""Explorer of chapter 13 (quantum phases with neural quantum states): the J1–J2 Heisenberg chain.

:func:`frustration_scan` diagonalises the periodic :math:`J_1`–:math:`J_2` chain exactly
(:func:`physml.quantum.heisenberg_ground_state`, ``L = 12``, :math:`J = 1`) at every :math:`J_2` of
:data:`J2_VALUES` and keeps, per :math:`J_2`, the ground-state energy per site, the Marshall weight of
the ground state (:func:`physml.quantum_phases.marshall_weight`: the fraction of :math:`|\psi_0|^2`
whose sign obeys Marshall's rule) and the spin correlation :math:`\langle S^z_0 S^z_r\rangle`. The scan
is computed once per session (``functools.cache``, about a second); the explorer :func:`frustration`
only looks it up, so a redraw costs a few milliseconds.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .. import quantum as Q
from .. import quantum_phases as QP
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer

#: The next-nearest-neighbour couplings of the scan (the slider's positions), J = 1.
J2_VALUES = tuple(round(0.05 * k, 2) for k in range(21))
#: The chain length of the scan (the zero-magnetisation sector has 924 states).
SCAN_L = 12
#: The Majumdar–Ghosh point, where the dimer states are exact ground states with E/L = -3/8.
MAJUMDAR_GHOSH = 0.5


@dataclass(frozen=True)
class FrustrationScan:
    r"""Exact ground states of the J1–J2 chain over ``J2`` (:func:`frustration_scan`).

    Per value of ``J2``: ``energy`` the ground-state energy per site, ``weight`` the Marshall weight
    of the ground state, ``szsz`` the correlation :math:`\langle S^z_0S^z_r\rangle` for
    :math:`r = 0, \dots, L/2` (shape ``(n_J2, L/2 + 1)``).
    """

    J2: tuple
    L: int
    energy: np.ndarray
    weight: np.ndarray
    szsz: np.ndarray

    def index(self, J2):
        for i, value in enumerate(self.J2):
            if abs(value - float(J2)) < 1e-9:
                return i
        raise ValueError(f"J2 must be one of the scan's values {self.J2}, got {J2!r}")


@functools.cache
def frustration_scan(J2_values=J2_VALUES, L=SCAN_L):
    """Exact diagonalisation of the periodic J1–J2 chain of ``L`` sites at every ``J2`` of ``J2_values``
    (``J = 1``); a :class:`FrustrationScan`. Cached: the explorer and the chapter share one scan."""
    energy, weight, szsz = [], [], []
    for J2 in J2_values:
        ground = Q.heisenberg_ground_state(L, J=1.0, J2=float(J2))
        energy.append(ground.energy / L)
        weight.append(QP.marshall_weight(ground.psi, L))
        szsz.append(Q.zz_correlation(ground.psi, L) / 4.0)
    return FrustrationScan(J2=tuple(float(x) for x in J2_values), L=int(L), energy=np.array(energy),
                           weight=np.array(weight), szsz=np.array(szsz))


@dataclass(frozen=True)
class FrustrationView:
    """One slider position: the scan and the index of its ``J2``."""

    scan: FrustrationScan
    i: int

    @property
    def J2(self):
        return self.scan.J2[self.i]


def frustration_view(J2=0.0, scan=None):
    """The explorer's ``compute``: the scan (default :func:`frustration_scan`) at ``J2``."""
    scan = frustration_scan() if scan is None else scan
    return FrustrationView(scan, scan.index(J2))


def _minus(x, digits):
    return f"{float(x):.{digits}f}".replace("-", "−")


def _status(view):
    s, i, J2 = view.scan, view.i, view.J2
    where = ("the Majumdar–Ghosh point (E/L = −3/8 exactly)" if abs(J2 - MAJUMDAR_GHOSH) < 1e-9
             else "Marshall's rule exact" if J2 == 0 else "frustrated")
    return (f"J<sub>2</sub>/J = {J2:.2f} ({where}), L = {s.L}; E<sub>0</sub>/L = {_minus(s.energy[i], 4)}; "
            f"Marshall weight of the ground state = {s.weight[i]:.3f}; "
            f"staggered correlation at r = L/2: {_minus(s.szsz[i, -1] * (-1) ** (s.L // 2), 3)}")


def _site_status(view):
    s, i, J2 = view.scan, view.i, view.J2
    return (f"J<sub>2</sub>/J = {J2:.2f}: E<sub>0</sub>/L = {_minus(s.energy[i], 4)}, "
            f"Marshall weight {s.weight[i]:.3f}")


def _draw(view):
    s, i, J2 = view.scan, view.i, view.J2
    r = np.arange(s.L // 2 + 1)
    return {"corr": (r, s.szsz[i] * (-1.0) ** r),
            "w_now": (np.array([J2]), np.array([s.weight[i]])),
            "w_mark": J2,
            "e_now": (np.array([J2]), np.array([s.energy[i]])),
            "e_mark": J2}


def _background(scan):
    J2 = np.asarray(scan.J2)
    r = np.arange(scan.L // 2 + 1)
    return (Layer("line", panel=0, x=r, y=scan.szsz[0] * (-1.0) ** r, color="grey", dash=True,
                  label="J₂ = 0"),
            Layer("hline", panel=0, y=0.0, color="grey", width=0.6),
            Layer("line", panel=1, x=J2, y=scan.weight, color="blue", label=f"exact, L = {scan.L}"),
            Layer("line", panel=1, x=[MAJUMDAR_GHOSH] * 2, y=[0.45, 1.02], color="grey", width=0.6, dash=True),
            Layer("line", panel=2, x=J2, y=scan.energy, color="blue"),
            Layer("markers", panel=2, x=[MAJUMDAR_GHOSH], y=[-0.375], color="grey", size=7,
                  label="Majumdar–Ghosh, −3/8"))


@explorer()
def frustration(scan=None):
    r"""Chapter 13: the next-nearest-neighbour coupling ``J2`` of the Heisenberg chain (``L = 12``, exact
    diagonalisation) -> the staggered spin correlation :math:`(-1)^r\langle S^z_0S^z_r\rangle` of the
    ground state, its Marshall weight across ``J2`` and its energy per site across ``J2`` (Majumdar–Ghosh
    point marked), the current ``J2`` marked (:func:`frustration_scan`)."""
    scan = frustration_scan() if scan is None else scan
    half = scan.L // 2
    return Explorer(
        name="ch13-frustration",
        compute=functools.partial(frustration_view, scan=scan),
        draw=_draw,
        status=_status,
        site_status=_site_status,
        controls=(Control("J2", "J₂ / J", 0.0, kind="options", options=scan.J2),),
        panels=(Panel("distance r", "(−1)<sup>r</sup> ⟨S<sup>z</sup><sub>0</sub>S<sup>z</sup><sub>r</sub>⟩",
                      (0.0, float(half)), (-0.1, 0.27), legend="upper right"),
                Panel("J₂ / J", "Marshall weight", (0.0, 1.0), (0.45, 1.02), legend="lower left"),
                Panel("J₂ / J", "E₀ / L", (0.0, 1.0), (-0.5, -0.36), legend="lower left")),
        series=(Series("corr", panel=0, color="vermillion", style="lines+markers", size=5, label="current J₂"),
                Series("w_now", panel=1, color="vermillion", style="markers", size=8),
                Series("w_mark", panel=1, style="vline", color="vermillion"),
                Series("e_now", panel=2, color="vermillion", style="markers", size=8),
                Series("e_mark", panel=2, style="vline", color="vermillion")),
        background=lambda: _background(scan),
        figsize=(10.0, 3.4),
    )
