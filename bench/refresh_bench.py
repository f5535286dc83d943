"""Refresh scenarios: ours against newsboat on the same loopback feeds, alternating runs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.data import config_text, write_feeds
from bench.measure import Run, median, newsboat, newsboat_available, newsboat_folder, ours
from bench.server import BenchServer

FEEDS, ITEMS, LATENCY = 100, 50, 0.05


@dataclass
class Figure:
    """One row: our figure, the reference's from the same run (if any), the goal.

    A ratio goal is judged on ``ours / theirs``; an absolute one on ``ours``
    alone, and its reference (if any) only shows how fast the machine ran;
    ``goal_min`` is met from that figure up (scores). A row with no goal is
    shown for information.
    """

    name: str
    ours: float
    theirs: float | None
    goal_ratio: float | None = None
    goal_abs: float | None = None
    unit: str = "s"
    reference: str = "newsboat-t8"
    goal_min: float | None = None  # a floor instead of a ceiling (a score)


def _ours_refresh(config: Path, data: Path) -> Run:
    run = ours("--config", str(config), "--data-dir", str(data), "refresh", "--json", "--no-full-text")
    if run.code not in (0, 1):
        raise RuntimeError(f"refresh failed ({run.code})")
    report = json.loads(run.stdout)
    if report["errors"]:
        raise RuntimeError(f"bench refresh had feed errors: {report['feeds'][:2]}")
    return run


def refresh_figures(work: Path, runs: int, between: Callable[[], None]
                    ) -> tuple[list[Figure], float]:
    """Cold (50 ms and 0 ms latency), warm 304, and validators ignored. Returns peak MB too.

    ``between`` runs after each pair of runs (ours, newsboat's), when neither runs.
    """
    site = work / "site"
    paths = write_feeds(site, FEEDS, ITEMS)
    compare = newsboat_available()
    figures: list[Figure] = []
    peaks: list[float] = []
    for latency, label in ((LATENCY, "cold, 50 ms latency"), (0.0, "cold, no latency")):
        with BenchServer(site, delay=latency) as server:
            urls = [f"{server.base_url}/{p}" for p in paths]
            config = work / "bench.toml"
            config.write_text(config_text(server.base_url, paths))
            mine: list[float] = []
            theirs: list[float] = []
            for n in range(runs):
                data = work / f"ours-{n}"
                shutil.rmtree(data, ignore_errors=True)
                run = _ours_refresh(config, data)
                mine.append(run.seconds)
                peaks.append(run.peak_mb)
                if compare:
                    folder = work / f"nb-{n}"
                    shutil.rmtree(folder, ignore_errors=True)
                    theirs.append(newsboat(newsboat_folder(folder, urls)).seconds)
                between()
            figures.append(Figure(f"refresh 100×50, {label}", median(mine),
                                  median(theirs) if compare else None, goal_ratio=0.5))
    with BenchServer(site, delay=LATENCY) as server:
        urls = [f"{server.base_url}/{p}" for p in paths]
        config = work / "bench.toml"
        config.write_text(config_text(server.base_url, paths))
        data = work / "ours-warm"
        shutil.rmtree(data, ignore_errors=True)
        _ours_refresh(config, data)
        folder = work / "nb-warm"
        if compare:
            shutil.rmtree(folder, ignore_errors=True)
            newsboat_folder(folder, urls)
            newsboat(folder)
            newsboat(folder)  # newsboat keeps validators only from a feed's second fetch

        def side_by_side(name: str, goal: float) -> Figure:
            """Ours then newsboat's, in turn, on the same cache state each time."""
            mine, theirs = [], []
            for _ in range(runs):
                mine.append(_ours_refresh(config, data).seconds)
                if compare:
                    theirs.append(newsboat(folder).seconds)
                between()
            return Figure(name, median(mine), median(theirs) if compare else None, goal_ratio=goal)

        figures.append(side_by_side("refresh, warm (all 304), 50 ms", 0.6))
        server.honour_validators(False)  # same server and URLs: every feed comes back 200
        figures.append(side_by_side("refresh, validators ignored, same bytes", 0.3))
    return figures, max(peaks) if peaks else float("nan")
