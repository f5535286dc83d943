"""Article extraction: the public benchmark's score and speed, and ANTD pages' speed.

Generic pages: ``../shared/corpora/article-extraction-benchmark`` (Zyte's 181
real pages and their true bodies), when it is there; skipped with a message
when it is not (a clone has nothing beside it). Scored exactly as the
benchmark's ``evaluate.py`` scores: words are ``\\w+`` runs, a page's
predicted and true bodies are compared as multisets of 4-word shingles, each
page's true/false positives and false negatives are normalised to sum to 1,
precision and recall are the means over pages (of those where they are
defined), and F1 is their harmonic mean.

The scored text is the body as ``show --json`` gives it: the text of the
paragraph, heading, list and quote blocks in order (captions, the lead and the
related list are not scored). A page that extraction refuses scores as empty.

The same pages through trafilatura alone (its body text, ``favor_precision`` as
we call it) are scored beside ours, so the table shows what our layer adds.

A refresh of 300 new pages: six feeds of 50 items on the bench server, each
item's page one of the benchmark's (the sample edition's ANTD pages when the
corpus is absent), ``refresh --json`` with full text as a whole process.

Speed: each page is extracted once per pass, the figure of a page is its best
pass (see ``code_speed``), the row is the median over pages. ANTD pages are the
sample edition and the ANTD fixtures under ``tests/fixtures/pages``.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.refresh_bench import Figure

ROOT = Path(__file__).parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"
SCORED = ("paragraph", "heading", "list", "quote")
_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def shingle_match(true: str, pred: str) -> tuple[float, float, float]:
    """One page's (tp, fp, fn) over 4-word shingles, normalised to sum to 1 (as evaluate.py)."""
    t, p = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def scores(matches: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall) as evaluate.py's ``metrics_from_tp_fp_fns``."""
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean(precision(*m) for m in matches if m[0] + m[1] > 0)
    r = statistics.mean(recall(*m) for m in matches if m[0] + m[2] > 0)
    return 2 * p * r / (p + r), p, r


def body_text(url: str, html: bytes) -> str:
    """The scored text of one page: its text blocks as ``show --json`` lists them."""
    from antd_tui.core.extract import ExtractionError, extract

    try:
        article = extract(url, html)
    except ExtractionError:
        return ""
    return "\n".join(b.text for b in article.blocks if b.kind in SCORED and b.text)


def library_text(url: str, html: bytes) -> str:
    from antd_tui.core.extract.encoding import prepare
    from antd_tui.core.extract.library import library_blocks

    return "\n".join(b.text for b in library_blocks(prepare(html), url))


@dataclass
class ExtractionResult:
    f1: float
    precision: float
    recall: float
    library: tuple[float, float, float]  # trafilatura alone: F1, precision, recall
    empty: list[str]  # ids of pages with a true body but none extracted
    generic_ms: float
    antd_ms: float
    pages: int


def load_corpus() -> list[tuple[str, str, bytes, str]] | None:
    """``(id, url, html, true body)`` for every benchmark page, or None when it is absent."""
    truth_file = CORPUS / "ground-truth.json"
    if not truth_file.is_file():
        return None
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    out = []
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((CORPUS / "html" / f"{key}.html.gz").read_bytes())
        out.append((key, entry.get("url", ""), html, entry.get("articleBody", "")))
    return out


def antd_pages() -> list[tuple[str, bytes]]:
    from antd_tui.sample import EDITION

    fixtures = ROOT / "tests" / "fixtures" / "pages"
    pages = [(f"https://www.anninhthudo.vn/{p.name}", p.read_bytes())
             for p in sorted(EDITION.glob("*.antd"))]
    pages += [(f"https://www.anninhthudo.vn/{p.name}", p.read_bytes())
              for p in sorted(fixtures.glob("antd_*.html"))]
    return pages


def antd_ms(passes: int) -> float:
    """The ANTD pages alone (when the benchmark is absent): median of each page's best pass."""
    from antd_tui.core.extract import extract

    pages = antd_pages()
    times: list[list[float]] = [[] for _ in pages]
    for _ in range(passes):
        for n, (url, html) in enumerate(pages):
            started = time.perf_counter()
            extract(url, html)
            times[n].append(time.perf_counter() - started)
    return _best_median(times)


def _best_median(per_page: list[list[float]]) -> float:
    return statistics.median(min(times) for times in per_page) * 1000 if per_page else float("nan")


def run(passes: int = 3, between: float = 0.2) -> ExtractionResult | None:
    """Score the benchmark (first pass) and time every page ``passes`` times."""
    corpus = load_corpus()
    if corpus is None:
        return None
    from antd_tui.core.extract import extract  # imported before any timing

    matches = []
    library = [shingle_match(truth, library_text(url, html)) for _key, url, html, truth in corpus]
    empty = []
    generic_times: list[list[float]] = [[] for _ in corpus]
    for n, (key, url, html, truth) in enumerate(corpus):
        started = time.perf_counter()
        text = body_text(url, html)
        generic_times[n].append(time.perf_counter() - started)
        matches.append(shingle_match(truth, text))
        if truth.strip() and not text.strip():
            empty.append(key)
    antd = antd_pages()
    antd_times: list[list[float]] = [[] for _ in antd]
    for pass_no in range(passes):
        if pass_no:
            time.sleep(between)
            for n, (_key, url, html, _truth) in enumerate(corpus):
                started = time.perf_counter()
                body_text(url, html)
                generic_times[n].append(time.perf_counter() - started)
        for n, (url, html) in enumerate(antd):
            started = time.perf_counter()
            try:
                extract(url, html)
            except Exception:
                pass
            antd_times[n].append(time.perf_counter() - started)
    f1, precision, recall = scores(matches)
    return ExtractionResult(f1, precision, recall, scores(library), empty, _best_median(generic_times),
                            _best_median(antd_times), len(corpus))


def figures(passes: int = 3) -> list[Figure]:
    from bench.refresh_bench import Figure

    result = run(passes)
    if result is None:
        print(f"extraction benchmark skipped: {CORPUS} is absent (ANTD pages still timed)")
        return [Figure(f"extract an ANTD page, best of {passes} passes", antd_ms(passes), None,
                       goal_abs=3, unit="ms")]
    label = f"benchmark ({result.pages} pages)"
    print(f"{label}: F1 {result.f1:.3f}, precision {result.precision:.3f}, "
          f"recall {result.recall:.3f}, {len(result.empty)} empty bodies"
          + (f" ({', '.join(k[:8] for k in result.empty)})" if result.empty else ""))
    alone = "trafilatura alone"
    f1, p, r = result.library
    return [
        Figure(f"extraction F1, {label}", result.f1, f1, unit="F1", goal_min=0.965,
               reference=alone),
        Figure(f"extraction precision, {label}", result.precision, p, unit="P", reference=alone),
        Figure(f"extraction recall, {label}", result.recall, r, unit="R", reference=alone),
        Figure(f"pages with no body where the truth has one, {label}", len(result.empty), None,
               goal_abs=0, unit="pages"),
        Figure(f"extract a generic page, best of {passes} passes", result.generic_ms, None,
               goal_abs=30, unit="ms"),
        Figure(f"extract an ANTD page, best of {passes} passes", result.antd_ms, None,
               goal_abs=3, unit="ms"),
    ]


def refresh_300(work: Path) -> Figure:
    """One cold ``refresh --json`` with full text of 300 new pages (6 feeds x 50 items)."""
    import shutil
    from email.utils import format_datetime

    from bench.data import NOW, config_text
    from bench.measure import ours
    from bench.refresh_bench import Figure
    from bench.server import BenchServer

    corpus = load_corpus()
    pages = [html for _k, _u, html, _t in corpus] if corpus else [h for _u, h in antd_pages()]
    site = work / "pages-site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "p").mkdir(parents=True)
    feeds = []
    for f in range(6):
        items = []
        for i in range(50):
            n = f * 50 + i
            (site / "p" / f"{n}.html").write_bytes(pages[n % len(pages)])
            when = format_datetime(NOW)
            items.append(f"<item><title>Bài {n}</title><link>{{{{BASE}}}}/p/{n}.html</link>"
                         f"<guid>{{{{BASE}}}}/p/{n}.html</guid><pubDate>{when}</pubDate>"
                         f"<description>Tóm tắt {n}</description></item>")
        path = f"feed{f}.rss"
        (site / path).write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                                 + "".join(items) + "</channel></rss>", encoding="utf-8")
        feeds.append(path)
    with BenchServer(site) as server:
        config = work / "pages.toml"
        config.write_text(config_text(server.base_url, feeds))
        data = work / "pages-data"
        shutil.rmtree(data, ignore_errors=True)
        run = ours("--config", str(config), "--data-dir", str(data), "refresh", "--json")
    report = json.loads(run.stdout) if run.stdout.strip() else {}
    done = report.get("full_text", {})
    kind = "benchmark" if corpus else "ANTD sample"
    print(f"refresh of 300 new pages ({kind}): {run.seconds:.1f} s, full text {done}, "
          f"peak {run.peak_mb:.0f} MB")
    if corpus:
        f1, precision, recall = _stored_scores(data, corpus)
        print(f"the same pages as stored by that refresh (what show --json gives): F1 {f1:.3f}, "
              f"precision {precision:.3f}, recall {recall:.3f}")
    return Figure(f"refresh extracting 300 new {kind} pages", run.seconds, None, goal_abs=30)


def _stored_scores(data: Path, corpus: list[tuple[str, str, bytes, str]]
                   ) -> tuple[float, float, float]:
    """The first 181 pages' bodies as the refresh stored them, scored like ``run``'s."""
    from antd_tui.core.store.db import connect
    from antd_tui.core.store.queries import get_detail

    conn = connect(data)
    matches = []
    for article_id, url in conn.execute("SELECT id, url FROM articles").fetchall():
        n = int(url.rsplit("/", 1)[1].split(".")[0])
        if n >= len(corpus):
            continue
        detail = get_detail(conn, article_id)
        blocks = detail.blocks if detail else []
        text = "\n".join(b.text for b in blocks if b.kind in SCORED and b.text)
        matches.append(shingle_match(corpus[n][3], text))
    conn.close()
    return scores(matches)
