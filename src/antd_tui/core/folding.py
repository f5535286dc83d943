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


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).lower()


def slugify(text: str) -> str:
    """``"Chính trị - Xã hội"`` -> ``"chinh-tri-xa-hoi"``."""
    return _NON_WORD.sub("-", fold(text)).strip("-")


def fts_query(text: str) -> str:
    """Turn user words into a safe FTS5 query: folded terms, each quoted, ANDed.

    The last term is a prefix match so ``dieu tr`` already finds ``điều tra``
    while the user types. Nothing the user types is FTS5 syntax.
    """
    terms = [t for t in re.split(r"\W+", fold(text)) if t]
    if not terms:
        return ""
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)
