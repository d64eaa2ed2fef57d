"""A synthetic national sector layer for the benchmarks (bench/analysis.py, bench/imports.py):
jittered quadrilaterals in Lambert-72 with ~40 vertices each, written as a GeoPackage."""

from __future__ import annotations

from pathlib import Path


def national_layer(folder: Path, count: int, rng) -> tuple[Path, list[str], int]:
    """Returns the file, the sector codes and the number of vertices."""
    import numpy as np
    import shapely

    from zorgzaam.sectors.testing import write_layer

    nx = int(round((count * 1.2) ** 0.5))
    ny = int(np.ceil(count / nx))
    x0, y0, x1, y1 = 30000.0, 30000.0, 290000.0, 240000.0  # inside Belgium in Lambert-72
    dx, dy = (x1 - x0) / nx, (y1 - y0) / ny
    gx, gy = np.meshgrid(np.arange(nx + 1) * dx + x0, np.arange(ny + 1) * dy + y0)
    # Jitter inner grid nodes: shared corners keep the tiling exact and every cell stays convex.
    jx = rng.uniform(-0.3, 0.3, gx.shape) * dx
    jy = rng.uniform(-0.3, 0.3, gy.shape) * dy
    jx[:, [0, -1]] = 0
    jy[[0, -1], :] = 0
    gx, gy = gx + jx, gy + jy
    geoms, codes = [], []
    for j in range(ny):
        for i in range(nx):
            if len(geoms) == count:
                break
            ring = [
                (gx[j, i], gy[j, i]),
                (gx[j, i + 1], gy[j, i + 1]),
                (gx[j + 1, i + 1], gy[j + 1, i + 1]),
                (gx[j + 1, i], gy[j + 1, i]),
            ]
            geoms.append(shapely.Polygon(ring))
            n = len(codes)
            codes.append(f"{10000 + n // 40:05d}{'ABCDEFGHJK'[(n % 40) // 10]}{n % 10:02d}-")
    geoms = shapely.segmentize(np.array(geoms, dtype=object), max(dx, dy) / 10)
    path = write_layer(folder / "national", list(geoms), codes, fmt="gpkg")
    return path, codes, int(shapely.get_num_coordinates(geoms).sum())
