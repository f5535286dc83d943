"""Matching a query against a plain string: the words to light up, and the palette's hits.

The same rules as the index (``query.py``, ``marks.py``), applied to one
string in Python: the reader lights what the search matched (a phrase as one
span) and the command palette matches its command names with them.
"""

from __future__ import annotations

import re
import unicodedata

from antd_tui.core.search.marks import Syllable, matches, syllable
from antd_tui.core.search.query import Query, Unit

# letters and digits, with any combining marks after them (text may be decomposed)
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


def _tokens(text: str) -> list[tuple[int, int, Syllable]]:
    return [(m.start(), m.end(), syllable(m.group())) for m in _TOKEN.finditer(text)]


def _typed_end(text: str, start: int, end: int, letters: int) -> int:
    """Where the first ``letters`` letters of the word ``text[start:end]`` end (marks included)."""
    seen = 0
    for index in range(start, end):
        if not unicodedata.combining(text[index]):
            if seen == letters:
                return index
            seen += 1
    return end


def _unit_spans(unit: Unit, text: str, tokens: list[tuple[int, int, Syllable]], prefix: bool
                ) -> list[tuple[int, int]]:
    """Where ``unit`` matches; a prefix match lights only the typed part of the last word."""
    size = len(unit.words)
    found: list[tuple[int, int]] = []
    for start in range(len(tokens) - size + 1):
        if all(matches(word, tokens[start + i][2], prefix=prefix and i == size - 1)
               for i, word in enumerate(unit.words)):
            last_start, last_end, _ = tokens[start + size - 1]
            if prefix:
                last_end = _typed_end(text, last_start, last_end, len(unit.words[-1].base))
            found.append((tokens[start][0], last_end))
    return found


def _per_unit(query: Query, text: str) -> list[list[tuple[int, int]]]:
    tokens = _tokens(text)
    last = len(query.units) - 1
    return [_unit_spans(unit, text, tokens, query.prefix and n == last)
            for n, unit in enumerate(query.units)]


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of ``text`` that some word or phrase of ``query`` matches."""
    if not query or not text:
        return []
    spans = sorted(span for found in _per_unit(query, text) for span in found)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def found_in(query: Query, texts: list[str]) -> bool:
    """Whether every word and phrase of ``query`` is in one of ``texts`` (a phrase within one)."""
    per_text = [_per_unit(query, text) for text in texts]
    return all(any(found[n] for found in per_text) for n in range(len(query.units)))


def pairs(query: Query) -> list[Unit]:
    """Each two neighbouring words of ``query``, as a phrase (what ranking looks for side by side)."""
    words = query.words
    return [Unit((words[i], words[i + 1]), True) for i in range(len(words) - 1)]


def counts_in(query: Query, text: str) -> tuple[int, int]:
    """(neighbouring words of ``query`` side by side in ``text``, its words and phrases in it).

    Hot (ranking reads up to 2,000 titles a search): each word's positions are
    found once, then pairs and phrases are position arithmetic.
    """
    tokens = [syllable(m.group()) for m in _TOKEN.finditer(text)]
    words = query.words
    last = len(words) - 1
    at: list[set[int]] = []
    for n, word in enumerate(words):
        prefix = query.prefix and n == last
        at.append({i for i, found in enumerate(tokens)
                   if (found.base.startswith(word.base) if prefix else found.base == word.base)
                   and (not word.marked or matches(word, found, prefix=prefix))})
    together = sum(any(i + 1 in at[n + 1] for i in at[n]) for n in range(last))
    present = 0
    start = 0
    for unit in query.units:
        size = len(unit.words)
        present += any(all(i + k in at[start + k] for k in range(1, size)) for i in at[start])
        start += size
    return together, present


def score(query: Query, text: str) -> float:
    """0 unless every word and phrase of ``query`` is in ``text``; else in (0, 1], higher is better.

    For the command palette: whole-word matches and matches near the start
    score higher, and the query's words side by side above the same words apart.
    """
    if not query or not text:
        return 0.0
    found = _per_unit(query, text)
    if not all(found):
        return 0.0
    whole = Query(query.units, prefix=False)
    exact = all(_per_unit(whole, text)) if query.prefix else True
    first = min(span[0] for spans in found for span in spans)
    words = query.words
    together = len(words) == 1 or bool(
        _unit_spans(Unit(tuple(words), True), text, _tokens(text), query.prefix))
    return 0.5 + 0.2 * together + 0.2 * exact + 0.1 / (1 + first)
