"""Reading a typed query: words, quoted phrases, and what the index is asked.

How a query is read (README "Search"):

- Words are runs of letters and digits; everything else (punctuation, FTS5
  operators such as ``NEAR``'s brackets, ``*``, ``-``, ``^``, ``:``, control
  characters) only separates them. ``NEAR``, ``AND``, ``OR`` and ``NOT`` are
  words like any other. Nothing typed is ever passed to SQLite as syntax.
- ``"..."`` (or ``“...”``) is a phrase: its words side by side, in order. A
  quote left open runs to the end of the query (so a phrase being typed in
  the reader already narrows the list).
- Every word and phrase must match. Marks constrain only what was typed
  (``marks.py``).
- ``prefix`` (the reader, while the last word is being typed): the last word
  also matches the start of a longer word. The CLI matches whole words only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from antd_tui.core.folding import index_form
from antd_tui.core.sanitize import vietnamese_d
from antd_tui.core.search.marks import MAX_VARIANTS, Syllable, spellings, syllable

MAX_WORDS = 32  # more than this is refused with a message (QueryTooLong)
_WORD = re.compile(r"[^\W_]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "＂": '"'})


class QueryTooLong(ValueError):
    """A query with more than ``MAX_WORDS`` words (the message says how many)."""

    def __init__(self, count: int) -> None:
        super().__init__(f"a search can have at most {MAX_WORDS} words; this one has {count:,}")
        self.count = count


@dataclass(frozen=True)
class Unit:
    """A word, or a quoted phrase: what must match as one piece."""

    words: tuple[Syllable, ...]
    phrase: bool


@dataclass(frozen=True)
class Query:
    units: tuple[Unit, ...]
    prefix: bool = False  # the last word also matches word starts

    @property
    def words(self) -> list[Syllable]:
        return [word for unit in self.units for word in unit.words]

    def __bool__(self) -> bool:
        return bool(self.units)


def parse(text: str, *, prefix: bool = False) -> Query:
    """Read ``text``; an empty ``Query`` when it has no words. Raises ``QueryTooLong``."""
    text = vietnamese_d(unicodedata.normalize("NFC", text.translate(_QUOTES)))  # as stored
    units: list[Unit] = []
    for number, part in enumerate(text.split('"')):
        words = tuple(syllable(w) for w in _WORD.findall(part))
        if not words:
            continue
        if number % 2:  # inside quotes (an unclosed quote runs to the end)
            units.append(Unit(words, len(words) > 1))
        else:
            units.extend(Unit((word,), False) for word in words)
    count = sum(len(u.words) for u in units)
    if count > MAX_WORDS:
        raise QueryTooLong(count)
    # a typed prefix only makes sense for the last word if it has one letter at least
    return Query(tuple(units), prefix and bool(units))


def _string(words: tuple[Syllable, ...] | list[str], prefix: bool) -> str:
    text = " ".join(w.base if isinstance(w, Syllable) else w for w in words)
    return f'"{text}"' + ("*" if prefix else "")


def folded_expression(unit: Unit, *, prefix: bool = False) -> str:
    """``unit`` for the folded index (marks ignored): ``"da nang"``."""
    return _string(unit.words, prefix)


@dataclass(frozen=True)
class MarksLookup:
    """What the index that keeps marks is asked for one unit."""

    expression: str | None  # None: the unit has no marks (or none that can be spelled out)
    complete: bool  # the expression alone decides the unit (no folded lookup needed)
    exact: bool  # folded lookup AND expression == the unit; else candidates are checked in Python


def marks_expression(unit: Unit, *, prefix: bool = False) -> MarksLookup:
    """``unit``'s typed marks for the index that keeps them.

    A word: any of its spellings. The marked words of a phrase, all of them
    side by side, as every combination of their spellings (up to
    ``MAX_VARIANTS``). A phrase with marks on some words only, or with more
    combinations than that, is looked up word by word (plus the folded
    phrase) and its candidates checked in Python (``spans.found_in``).
    """
    marked = [i for i, word in enumerate(unit.words) if word.marked]
    if not marked:
        return MarksLookup(None, False, True)
    last = len(unit.words) - 1
    words = list(unit.words)
    # a word still being typed may get its tone's vowel later ("hò" on the way to "hoà"):
    # look it up with any tone, and let Python check the tone (not exact)
    unfinished = prefix and words[last].tone is not None
    if unfinished:
        words[last] = replace(words[last], tone=None)
    spelled = {i: spellings(words[i]) for i in marked}
    combos = 1
    for options in spelled.values():
        combos *= len(options) if options is not None else MAX_VARIANTS + 1
    if len(marked) == len(unit.words) and combos <= MAX_VARIANTS:
        alternatives = _combinations([spelled[i] or [] for i in marked])
        expression = " OR ".join(_string([index_form(w) for w in alt], prefix) for alt in alternatives)
        return MarksLookup(f"({expression})", True, not unfinished)
    parts = ["(" + " OR ".join(_string([index_form(o)], prefix and i == last) for o in options) + ")"
             for i, options in spelled.items() if options is not None]
    single = len(unit.words) == 1
    return MarksLookup(" AND ".join(parts) if parts else None, single and bool(parts),
                       single and bool(parts) and not unfinished)


def spelled_expression(unit: Unit, *, prefix: bool = False) -> str | None:
    """``unit`` in the index that keeps marks, every word as each of its spellings (an
    unmarked word as any Vietnamese marks); ``None`` beyond ``MAX_VARIANTS`` combinations.

    Only Vietnamese marks are spelled out: an unmarked ``muller`` finds "Muller" here but
    not "Müller" (the folded index finds both).
    """
    spelled = [spellings(word) for word in unit.words]
    combos = 1
    for options in spelled:
        combos *= len(options) if options is not None else MAX_VARIANTS + 1
    if combos > MAX_VARIANTS:
        return None
    alternatives = _combinations([options or [] for options in spelled])
    return "(" + " OR ".join(_string([index_form(w) for w in alt], prefix)
                             for alt in alternatives) + ")"


def _combinations(spelled: list[list[str]]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for options in spelled:
        out = [[*head, option] for head in out for option in options]
    return out
