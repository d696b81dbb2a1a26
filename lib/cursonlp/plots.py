"""Small matplotlib helpers shared by the chapter notebooks."""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np


def heatmap(matrix, xlabels: Sequence[str], ylabels: Sequence[str] | None = None, *,
            title: str = "", ax=None, cmap: str = "viridis", annotate: bool = False,
            vmin: float | None = None, vmax: float | None = None):
    """Draw a labelled matrix (attention weights, masks, similarities); return the axes.

    Rows are `ylabels` (defaults to `xlabels`), columns are `xlabels`.
    With `annotate=True` every cell shows its value with two decimals.
    """
    values = np.asarray(matrix, dtype=float)
    ylabels = xlabels if ylabels is None else ylabels
    if values.shape != (len(ylabels), len(xlabels)):
        raise ValueError(f"matrix has shape {values.shape}, labels give "
                         f"({len(ylabels)}, {len(xlabels)})")
    if ax is None:
        size = max(3.0, 0.45 * len(xlabels) + 1.5)
        _, ax = plt.subplots(figsize=(size + 1.0, size))
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks(range(len(xlabels)), xlabels, rotation=60, ha="right")
    ax.set_yticks(range(len(ylabels)), ylabels)
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    if annotate:
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                    color="black" if image.norm(v) > 0.5 else "white")
    return ax
