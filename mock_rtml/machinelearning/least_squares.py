"""Least squares for Amazon ML REGRESSION models: the normal equations, solved exactly enough."""
from __future__ import annotations

import math
from typing import List, Sequence, Tuple


def fit_linear(rows: Sequence[Sequence[float]], targets: Sequence[float], ridge: float = 1e-9) -> Tuple[List[float], float]:
    """Least squares: (coefficients, intercept) that minimise the squared error of ``rows @ c + i``.

    Solves the normal equations of the centred data by Gaussian elimination with partial pivoting.
    A tiny ridge (relative to the largest variance) keeps constant or collinear columns solvable;
    such columns get a coefficient near 0. ``fit_linear([[1.0], [2.0]], [3.0, 5.0])`` is about ``([2.0], 1.0)``.
    """
    count = len(rows)
    if count == 0 or count != len(targets):
        raise ValueError("fit_linear needs as many rows as targets, and at least one")
    width = len(rows[0])
    x_mean = [math.fsum(row[j] for row in rows) / count for j in range(width)]
    y_mean = math.fsum(targets) / count
    centred = [[row[j] - x_mean[j] for j in range(width)] for row in rows]
    gram = [[math.fsum(r[i] * r[j] for r in centred) for j in range(width)] for i in range(width)]
    moment = [math.fsum(r[i] * (t - y_mean) for r, t in zip(centred, targets)) for i in range(width)]
    scale = max([gram[i][i] for i in range(width)] + [1.0])
    for i in range(width):
        gram[i][i] += ridge * scale
    coefficients = _solve(gram, moment)
    intercept = y_mean - math.fsum(c * m for c, m in zip(coefficients, x_mean))
    return coefficients, intercept


def _solve(matrix: List[List[float]], vector: List[float]) -> List[float]:
    """x with matrix @ x == vector (Gaussian elimination, partial pivoting; first row wins ties)."""
    size = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: (abs(a[r][col]), -r))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-300:
            continue
        for row in range(col + 1, size):
            factor = a[row][col] / a[col][col]
            if factor:
                for k in range(col, size + 1):
                    a[row][k] -= factor * a[col][k]
    solution = [0.0] * size
    for row in range(size - 1, -1, -1):
        if abs(a[row][row]) < 1e-300:
            continue
        rest = math.fsum(a[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (a[row][size] - rest) / a[row][row]
    return solution
