"""Vietnamese folding for search and slugs.

``fold("Công an Đà Nẵng") == "cong an da nang"``: lowercase, combining marks
removed after NFD, and ``đ``/``Đ`` mapped to ``d`` (it is a letter of its own, not
a ``d`` with a mark, so NFD alone leaves it). The search index and the query
are both folded, which is what makes ``cong an`` find ``Công an``.
"""

from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).lower()


def _build_table() -> dict[int, str | None]:
    """Precomposed Latin letters (all of Vietnamese) -> folded; combining marks -> removed."""
    table: dict[int, str | None] = {}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for cp in range(start, end):
            folded = _fold_slow(chr(cp))
            if folded != chr(cp):
                table[cp] = folded
    for cp in range(0x0300, 0x0370):
        table[cp] = None
    return table


_TABLE: dict[int, str | None] | None = None  # built on first use: ASCII text never needs it (~2 ms)


def fold(text: str) -> str:
    """Fold for search: one ``str.translate`` per string (hot: every stored article)."""
    if text.isascii():
        return text.lower()
    global _TABLE
    if _TABLE is None:
        _TABLE = _build_table()
    folded = text.translate(_TABLE).lower()
    if folded.isascii():
        return folded
    # Other scripts may carry marks the table does not know: the exact (slow) way.
    return _fold_slow(folded)


def index_form(text: str) -> str:
    """What goes into the FTS indexes: the text with ``đ``→``ḏ`` (d with line below).

    The ``search`` index's ``unicode61 remove_diacritics 2`` tokenizer lowercases
    and removes every Vietnamese mark itself, in C (a test checks each letter
    folds as ``fold`` does), but ``đ`` is a letter of its own it keeps; ``ḏ`` it
    folds to ``d``. The ``search_marks`` index (marks kept) keeps ``ḏ`` apart from
    ``d``, so ``đa`` does not find ``da``. (A real ``ḏ``, rare in any text, reads as
    ``đ``.)
    """
    return text.replace("đ", "ḏ").replace("Đ", "Ḏ")


def slugify(text: str) -> str:
    """``"Chính trị - Xã hội"`` -> ``"chinh-tri-xa-hoi"``."""
    return _NON_WORD.sub("-", fold(text)).strip("-")
