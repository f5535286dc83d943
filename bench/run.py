"""``make bench``: every scenario, ours beside newsboat's when installed, ratios and goals."""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bench.refresh_bench import Figure

if TYPE_CHECKING:
    from rich.console import Console

RESULTS = Path(__file__).parent / "results"


def _fmt(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit in ("F1", "P", "R"):
        return f"{value:.3f}"
    if unit == "pages":
        return f"{value:.0f}"
    return f"{value:.2f} {unit}" if unit == "s" else f"{value:.1f} {unit}"


def _verdict(f: Figure) -> tuple[str, str, str]:
    if f.goal_ratio is None and f.goal_abs is None and f.goal_min is None:
        return "-", "-", ""
    if f.goal_ratio is not None:
        goal = f"≤ {f.goal_ratio}× {f.reference}"
        if f.theirs is None:
            return "-", goal, f"no {f.reference}"
        ratio = f.ours / f.theirs
        return f"{ratio:.2f}×", goal, "met" if ratio <= f.goal_ratio else "NOT met"
    if f.goal_min is not None:
        return "-", f"≥ {_fmt(f.goal_min, f.unit)}", "met" if f.ours >= f.goal_min else "NOT met"
    if f.goal_abs is None:
        return "-", "-", ""
    goal = f"≤ {_fmt(f.goal_abs, f.unit)}"
    return "-", goal, "met" if f.goal_abs is not None and f.ours <= f.goal_abs else "NOT met"


def main() -> int:
    from rich.console import Console

    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per scenario")
    parser.add_argument("--quick", action="store_true", help="skip the 100k cache scenarios")
    parser.add_argument("--only", choices=("search", "extract"),
                        help="run one part alone: 'search' the 100k and 1M caches' search rows, "
                        "'extract' the extraction benchmark (~1 min)")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    console = Console(highlight=False, width=150)
    # Whole-process times should be those of an installed copy, whose modules are
    # byte-compiled at install time (PYTHONDONTWRITEBYTECODE would hide that here).
    import compileall

    compileall.compile_dir(str(Path(__file__).parents[1] / "src"), quiet=1)
    started = time.perf_counter()
    if args.only == "extract":
        from bench.extraction_bench import figures as extraction_figures
        from bench.extraction_bench import refresh_300

        console.print("extraction …")
        rows = [*extraction_figures(passes=args.runs), refresh_300(RESULTS / "work")]
        _table(console, rows, args.runs, title="antd-tui extraction bench")
        console.print(f"bench took {time.perf_counter() - started:.0f} s")
        return 0
    from bench.cache_bench import big_cache, cache_figures
    from bench.code_speed import CodeSpeed
    from bench.refresh_bench import refresh_figures
    from bench.search_bench import million_cache, search_figures

    figures: list[Figure] = []
    if args.only == "search":
        console.print("100k and 1M-article caches (built once, then reused) …")
        figures = search_figures(big_cache(RESULTS), million_cache(RESULTS), args.runs)
        _table(console, figures, args.runs)
        console.print(f"bench took {time.perf_counter() - started:.0f} s")
        return 0
    speed = CodeSpeed(RESULTS / "work")  # sampled between the other scenarios' runs
    console.print("refresh scenarios …")
    refresh, peak = refresh_figures(RESULTS / "work", args.runs, between=speed.sample)
    figures += refresh
    figures.append(Figure("peak memory, 100-feed refresh (+ parse worker)", peak, None,
                          goal_abs=120, unit="MB"))
    from bench.failure_bench import failure_figures

    figures += failure_figures(RESULTS / "work" / "failures", args.runs)
    from bench.sync_bench import sync_figures

    console.print("sync with a feed server …")
    figures += sync_figures(RESULTS / "work" / "sync", args.runs)
    if not args.quick:
        console.print("100k-article cache (built once, then reused) …")
        figures += cache_figures(big_cache(RESULTS), args.runs)
        speed.sample()
        console.print("1M-article cache (built once, then reused) …")
        figures += search_figures(big_cache(RESULTS), million_cache(RESULTS), args.runs)
        speed.sample()
        from bench.reader_bench import reader_figures

        figures += reader_figures(big_cache(RESULTS))
        from bench.extraction_bench import antd_pages, load_corpus
        from bench.reader_bench import extracting_key_figure

        corpus = load_corpus()
        pages = [html for *_rest, html, _t in corpus] if corpus else [h for _u, h in antd_pages()]
        figures.append(extracting_key_figure(big_cache(RESULTS), pages, RESULTS / "work"))
    console.print("parse and extraction …")
    figures += speed.figures()
    from bench.extraction_bench import figures as extraction_figures
    from bench.extraction_bench import refresh_300

    figures += [*extraction_figures(passes=args.runs), refresh_300(RESULTS / "work")]
    _table(console, figures, args.runs)
    console.print(f"bench took {time.perf_counter() - started:.0f} s")
    return 0


def _table(console: Console, figures: list[Figure], runs: int, title: str = "") -> None:
    from rich.table import Table

    table = Table(title=title or f"antd-tui bench (median of {runs} alternating runs)")
    for column in ("scenario", "antd-tui", "reference, same run", "ratio", "goal", ""):
        table.add_column(column)
    for f in figures:
        ratio, goal, verdict = _verdict(f)
        theirs = "-" if f.theirs is None else f"{_fmt(f.theirs, f.unit)} {f.reference}"
        table.add_row(f.name, _fmt(f.ours, f.unit), theirs, ratio, goal, verdict)
    console.print(table)
