"""Our layer over the library's body: photos and captions put back where the page has them.

The library (``library.py``) gives the body's text; our walker (``blocks.py``)
gives the same region with every photo and its caption (figcaption, caption
tables, an ``<em>`` or caption paragraph under the picture, "Ảnh: …"
credits). Each photo is anchored on the text the walker saw just before it
(else just after it) and put after (before) the library block that holds that
text; a photo whose neighbours the library left out (a gallery, a sidebar)
is left out with them. A subheading the library dropped between two paragraphs
it kept is put back the same way (not one in capitals: on news sites those are
teasers for other stories). Text blocks that only repeat a caption are dropped:
the caption is shown under its photo.

Only images and those subheadings are added and only caption copies removed,
so the text the benchmark scores can only lose what is a caption on the page
(measured: 0.963 → 0.971 F1; two pages lose 0.002 and 0.004 to a restored
subheading their true body leaves out).
"""

from __future__ import annotations

from bisect import bisect_left

from antd_tui.core.models import Block

from .rules import CREDIT
from .tidy import TEXT_KINDS, key

_MIN_ANCHOR = 12  # characters of key: shorter text ("Ảnh", "1") anchors nothing
_STEPS = 400_000  # substring comparisons per page (~0.1 s)


class _Budget:
    """Substring comparisons left for one page: real articles need a few thousand, a
    hostile page of thousands of photos and paragraphs would need tens of millions
    (a 1.4 MB page took 10.9 s). Once spent, only exact matches (an index) are used."""

    def __init__(self, steps: int = _STEPS) -> None:
        self.left = steps

    def spend(self, steps: int) -> int:
        """How many of ``steps`` comparisons may still be made."""
        allowed = max(0, min(steps, self.left))
        self.left -= allowed
        return allowed


class _Finder:
    """The first library block at or after a position that holds an anchor's text."""

    def __init__(self, keys: list[str], budget: _Budget) -> None:
        self.keys = keys
        self.budget = budget
        self.exact: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            self.exact.setdefault(k, []).append(i)

    def find(self, anchor: str, start: int) -> int | None:
        if len(anchor) < _MIN_ANCHOR:
            return None
        keys = self.keys
        stop = start + self.budget.spend(len(keys) - start)
        for i in range(start, stop):
            if anchor in keys[i] or (len(keys[i]) >= _MIN_ANCHOR and keys[i] in anchor):
                return i
        if stop >= len(keys):
            return None
        # Out of budget: the first exact copy of the anchor from where the scan stopped.
        at = self.exact.get(anchor, [])
        return next((i for i in at[bisect_left(at, stop):]), None)


def _shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _anchors(dom: list[Block], known: set[str]) -> list[tuple[Block, str, str]]:
    """Each image, and each heading the library left out, with the keys of the walker's
    text just before it and just after it (a left-out heading is text for its neighbours:
    the photos of a box the library dropped do not anchor on the article's paragraphs)."""
    out: list[tuple[Block, str, str]] = []
    before = ""
    pending: list[tuple[Block, str]] = []
    for block in dom:
        if block.kind == "image":
            pending.append((block, before))
        elif block.kind in TEXT_KINDS and block.text:
            k = key(block.text)
            out += [(extra, prev, k) for extra, prev in pending]
            pending = []
            if block.kind == "heading" and k not in known and not _shouting(block.text):
                pending.append((block, before))
            before = k
    out += [(extra, prev, "") for extra, prev in pending]
    return out


def _caption_copy(text: str, captions: list[str], exact: set[str], budget: _Budget) -> bool:
    """The caption itself, most of it, or its "Ảnh: …" credit: not a line that merely
    appears inside a long caption (a show's name quoted in every photo's caption)."""
    k = key(text)
    if k in exact:
        return True
    if not k or len(text) > 300:
        return False
    seen = captions[: budget.spend(len(captions))]
    return any(k in c and (2 * len(k) >= len(c) or CREDIT.match(text)) for c in seen)


def place_images(text: list[Block], dom: list[Block]) -> list[Block]:
    """``text`` (the library's blocks) with ``dom``'s photos (and dropped subheadings) in place."""
    extras = _anchors(dom, {key(b.text) for b in text if b.kind == "heading"})
    captions = [key(b.caption) for b, _, _ in extras if b.caption]
    budget = _Budget()
    exact = set(captions)
    kept = [b for b in text if not (captions and _caption_copy(b.text, captions, exact, budget))]
    if not kept:
        kept = list(text)  # a page of captions: keep them as its text
    keys = [key(b.text) for b in kept]
    _find = _Finder(keys, budget).find
    after: dict[int, list[Block]] = {}  # text position → blocks to put after it (-1: at the top)
    floor = 0
    for extra, before, next_key in extras:
        if extra.kind == "heading":
            # A subheading the library dropped, between two paragraphs it kept.
            pos = _find(before, floor)
            if pos is not None and pos + 1 < len(keys) and _find(next_key, pos + 1) == pos + 1:
                after.setdefault(pos, []).append(extra)
                floor = pos
            continue
        pos = _find(before, floor)
        if pos is not None:
            after.setdefault(pos, []).append(extra)
            floor = pos
            continue
        pos = _find(next_key, floor)
        if pos is not None:
            after.setdefault(pos - 1, []).append(extra)
            floor = pos
        elif not before and not next_key and not any(k for k in keys):
            after.setdefault(-1, []).append(extra)
    out = list(after.get(-1, ()))
    for i, block in enumerate(kept):
        out.append(block)
        out += after.get(i, ())
    return out
