"""Vietnamese syllables as base letters plus the marks on them, and what a typed mark constrains.

A syllable is read as its folded base (``nẵng`` -> ``nang``), each letter as
written without its tone (``n``, ``ă``, ``n``, ``g``: the breve, circumflex and
horn and the stroke of ``đ`` belong to the letter) and one tone for the whole
syllable (here the tilde). The tone belongs to the syllable, not to a letter,
so the old and new placements are the same word: ``hoà`` = ``hòa``,
``thuỷ`` = ``thủy``.

A typed word constrains only the marks that were typed (issue 19): ``nang``
matches every ``nang``; ``năng`` needs the breve and takes any tone; ``nẵng``
needs the breve and the tilde; ``đa`` needs the stroke and takes any tone and
any vowel mark (đà, đá, đã... but not da). Marks that are not Vietnamese (a
diaeresis, say) are ignored in a query: the base letter still matches.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from antd_tui.core.folding import fold

TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")  # grave, acute, hook above, tilde, dot below
_QUALITY = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn
# the letters a base letter can be once a quality mark is added
_FORMS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
_VOWELS = frozenset("aeiouy")
MAX_VARIANTS = 200  # more spellings than this for one typed word: its marks are not used in SQL


@dataclass(frozen=True)
class Syllable:
    """One word as typed or as found in text."""

    base: str  # folded, as the folded index stores it: "nang"
    letters: tuple[str, ...]  # per base letter, the letter with its quality mark: ("n", "ă", "n", "g")
    tone: str | None  # the combining tone mark, if any
    typed: tuple[bool, ...]  # per letter: a quality mark was written on it

    @property
    def marked(self) -> bool:
        return self.tone is not None or any(self.typed)


@lru_cache(maxsize=16384)  # Vietnamese has ~7,000 syllables; ranking reads 2,000 titles
def syllable(word: str) -> Syllable:
    """Read one word (any case, composed or not)."""
    base: list[str] = []
    letters: list[str] = []
    typed: list[bool] = []
    tone: str | None = None
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in TONES:
            tone = char
        elif char in _QUALITY and letters:
            marked = unicodedata.normalize("NFC", letters[-1] + char)
            if len(marked) == 1:
                letters[-1], typed[-1] = marked, True
        elif unicodedata.combining(char):
            continue  # a mark Vietnamese does not use: the letter matches as if bare
        elif char == "đ":
            base.append("d")
            letters.append("đ")
            typed.append(True)
        else:
            for out in fold(char):
                base.append(out)
                letters.append(out)
                typed.append(False)
    return Syllable("".join(base), tuple(letters), tone, tuple(typed))


def matches(query: Syllable, found: Syllable, *, prefix: bool = False) -> bool:
    """Whether a word found in text is the typed word (``prefix``: starts with it)."""
    if prefix:
        if not found.base.startswith(query.base):
            return False
    elif found.base != query.base:
        return False
    if query.tone is not None and found.tone != query.tone:
        return False
    return all(found.letters[i] == letter
               for i, (letter, typed) in enumerate(zip(query.letters, query.typed, strict=True))
               if typed)


def spellings(query: Syllable) -> list[str] | None:
    """Every lowercase spelling (NFC) of a word that ``matches`` the typed one.

    Used to look marked words up in the index that keeps marks: the tone is
    tried on each vowel (so both placements of ``hoà`` are there) and each
    unmarked vowel in each of its forms. ``None`` when there are more than
    ``MAX_VARIANTS`` (then only the base letters are looked up).
    """
    options = [(letter,) if typed else tuple(_FORMS.get(letter, letter))
               for letter, typed in zip(query.letters, query.typed, strict=True)]
    count = 1
    for choice in options:
        count *= len(choice)
    vowels = [i for i, letter in enumerate(query.base) if letter in _VOWELS]
    tones = [query.tone] if query.tone is not None else [None, *sorted(TONES)]
    count *= sum(1 if tone is None else max(len(vowels), 1) for tone in tones)
    if count > MAX_VARIANTS:
        return None
    out: list[str] = []
    for letters in itertools.product(*options):
        for tone in tones:
            if tone is None:
                out.append("".join(letters))
                continue
            for position in vowels or [len(letters) - 1]:
                toned = list(letters)
                toned[position] = unicodedata.normalize("NFC", toned[position] + tone)
                out.append("".join(toned))
    return out
