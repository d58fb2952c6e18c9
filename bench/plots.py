"""The benchmarks' charts as PNG files, drawn by matplotlib off screen (the `bench` extra).

Only the benchmarks import this, and only when asked for a chart, so a benchmark runs without
matplotlib as long as no `--plot` is given.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: never open a window, whatever DISPLAY says

import matplotlib.pyplot as plt  # after use(): the backend must be chosen first


def cpu_chart(
    path: Path, title: str, free: Mapping[str, float], pinned: Mapping[str, float]
) -> None:
    """Bars of CPU per second of video for each contender, free and pinned to one core."""
    names = list(free)
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    positions = range(len(names))
    width = 0.4 if pinned else 0.6
    bars = axes.bar(
        [p - (width / 2 if pinned else 0) for p in positions],
        [free[name] for name in names],
        width,
        label="free",
    )
    axes.bar_label(bars, fmt="%.3f", fontsize=8)
    if pinned:
        shown = [name for name in names if name in pinned]
        bars = axes.bar(
            [names.index(name) + width / 2 for name in shown],
            [pinned[name] for name in shown],
            width,
            label="pinned to one core",
        )
        axes.bar_label(bars, fmt="%.3f", fontsize=8)
        axes.legend()
    labels = [textwrap.fill(name, 12) for name in names]  # two short lines, never overlapping
    axes.set_xticks(list(positions), labels, fontsize=9)
    axes.set_ylabel("CPU per second of video (1.0 = one core)")
    axes.set_title(title, fontsize=10)
    _save(figure, path)


def rss_chart(
    path: Path,
    title: str,
    swipes: Sequence[int],
    rss_mib: Sequence[float],
    warm_up: int,
    limit_mib: float | None,
) -> None:
    """Resident memory against swipes, with the warm-up marked and the peak allowed after it."""
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    axes.plot(swipes, rss_mib, marker=".", linewidth=1)
    axes.axvline(warm_up, color="grey", linestyle=":", label=f"end of warm-up ({warm_up} swipes)")
    if limit_mib is not None:
        axes.axhline(limit_mib, color="red", linestyle="--", label="1.2x the level after warm-up")
    axes.set_xlabel("swipes")
    axes.set_ylabel("RSS, MiB")
    axes.set_ylim(bottom=0)
    axes.set_title(title, fontsize=10)
    axes.legend()
    _save(figure, path)


def _save(figure: object, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()  # type: ignore[attr-defined]
    figure.savefig(path)  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
