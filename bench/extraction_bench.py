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


@dataclass
class ExtractionResult:
    f1: float
    precision: float
    recall: float
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


def _best_median(per_page: list[list[float]]) -> float:
    return statistics.median(min(times) for times in per_page) * 1000 if per_page else float("nan")


def run(passes: int = 3, between: float = 0.2) -> ExtractionResult | None:
    """Score the benchmark (first pass) and time every page ``passes`` times."""
    corpus = load_corpus()
    if corpus is None:
        return None
    from antd_tui.core.extract import extract  # imported before any timing

    matches = []
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
    return ExtractionResult(f1, precision, recall, empty, _best_median(generic_times),
                            _best_median(antd_times), len(corpus))


def figures(passes: int = 3) -> list[Figure]:
    from bench.refresh_bench import Figure

    result = run(passes)
    if result is None:
        print(f"extraction benchmark skipped: {CORPUS} is absent")
        return []
    label = f"benchmark ({result.pages} pages)"
    print(f"{label}: F1 {result.f1:.3f}, precision {result.precision:.3f}, "
          f"recall {result.recall:.3f}, {len(result.empty)} empty bodies"
          + (f" ({', '.join(k[:8] for k in result.empty)})" if result.empty else ""))
    return [
        Figure(f"extraction F1, {label}", result.f1, None, goal_abs=None, unit="F1",
               goal_min=0.965),
        Figure(f"extraction precision, {label}", result.precision, None, unit="P"),
        Figure(f"extraction recall, {label}", result.recall, None, unit="R"),
        Figure(f"pages with no body where the truth has one, {label}", len(result.empty), None,
               goal_abs=0, unit="pages"),
        Figure(f"extract a generic page, best of {passes} passes", result.generic_ms, None,
               goal_abs=30, unit="ms"),
        Figure(f"extract an ANTD page, best of {passes} passes", result.antd_ms, None,
               goal_abs=3, unit="ms"),
    ]
