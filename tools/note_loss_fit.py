#!/usr/bin/python3
"""Independent numpy fit of the default note loss, to cross-check the MathNet.Numerics fit in C#.

Implements the spec of src/Dl4m/Training/Losses/NoteLossOptions.cs (defaults) with numpy only:
target shape (half-cosine dips/bumps, octave repetition beyond +-12), Chebyshev basis in x = d/15,
exact equality constraints via the SVD null space, roughness penalty, least squares via numpy.linalg.lstsq.
Writes tests/Dl4m.Tests/Fixtures/Training/note-loss-default-numpy.csv (d, loss, slope).

Run from the repository root:  /usr/bin/python3 tools/note_loss_fit.py
"""
import numpy as np

C = np.polynomial.chebyshev
DEGREE, R, SPACING, ROUGHNESS = 42, 15.0, 0.1, 0.01
MINIMA = {-12: 0.07, -8: 0.24, -5: 0.26, 0: 0.0, 4: 0.15, 7: 0.13, 12: 0.11}
PEAKS = {-10: 1.05, -6.5: 0.80, -2.5: 1.13, 2: 0.71, 5.5: 0.52, 9.5: 0.86}
POINTS = sorted(MINIMA)


def target(d):
    if d > 12:
        return target(d - 12) + MINIMA[12]
    if d < -12:
        return target(d + 12) + MINIMA[-12]
    i = 0
    while i < len(POINTS) - 2 and d > POINTS[i + 1]:
        i += 1
    a, b = POINTS[i], POINTS[i + 1]
    mid, peak = (a + b) / 2, PEAKS[(a + b) / 2]
    if d <= mid:
        return MINIMA[a] + (peak - MINIMA[a]) * (1 - np.cos(np.pi * (d - a) / (mid - a))) / 2
    return peak + (MINIMA[b] - peak) * (1 - np.cos(np.pi * (d - mid) / (b - mid))) / 2


def rows(d, der=0):
    """Row r with r @ c = d^der/dd^der p(d) for Chebyshev coefficients c."""
    out = np.zeros(DEGREE + 1)
    for k in range(DEGREE + 1):
        e = np.zeros(DEGREE + 1)
        e[k] = 1
        out[k] = C.chebval(d / R, C.chebder(e, der) if der else e) / R ** der
    return out


cons, rhs = [], []
for m in POINTS:
    cons += [rows(m), rows(m, 1)]
    rhs += [MINIMA[m], 0.0]
for s in (1, -1):
    cons.append(rows(s * R) - rows(s * (R - 12)) - rows(s * 12) + rows(0))
    cons.append(rows(s * R, 1) - rows(s * (R - 12), 1))
    rhs += [0.0, 0.0]
Cm, e = np.array(cons), np.array(rhs)
u, sv, vt = np.linalg.svd(Cm)
rank = int((sv > 1e-10 * sv[0]).sum())
N = vt[rank:].T
c0 = np.linalg.pinv(Cm) @ e

xs = np.array([min(-R + i * SPACING, R) for i in range(int(round(2 * R / SPACING)) + 1)])
A = np.array([rows(x) for x in xs])
b = np.array([target(x) for x in xs])
grid = np.linspace(-R, R, 301)
Rr = np.array([rows(g, 2) for g in grid]) * np.sqrt(ROUGHNESS * (grid[1] - grid[0]))
A2 = np.vstack([A @ N, Rr @ N])
b2 = np.concatenate([b - A @ c0, -Rr @ c0])
z = np.linalg.lstsq(A2, b2, rcond=None)[0]
c = c0 + N @ z
c[0] -= C.chebval(0.0, c)

ds = np.arange(-60, 61) * 0.25
dc = C.chebder(c)
with open("tests/Dl4m.Tests/Fixtures/Training/note-loss-default-numpy.csv", "w") as f:
    f.write("diff,loss,slope\n")
    for d in ds:
        f.write(f"{d:.2f},{C.chebval(d / R, c):.12f},{C.chebval(d / R, dc) / R:.12f}\n")
print("constraint rank", rank, "of", len(cons), "; max |C c - e| =", np.abs(Cm @ c - e).max())
