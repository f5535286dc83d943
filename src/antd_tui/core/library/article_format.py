"""One article as JSON, Markdown or wrapped plain text (``show``, exports).

The lead is shown without the paper's dateline (``core/dateline.py``); JSON
carries the dateline apart as ``dateline`` (null when there is none).

Markdown escapes the characters that would turn feed text into links,
emphasis or HTML, so a hostile title stays literal in any Markdown viewer.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from antd_tui.core.config import display_zone
from antd_tui.core.dateline import without_dateline
from antd_tui.core.locale.messages import Tr
from antd_tui.core.store.queries import ArticleDetail, ArticleRow

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def row_fields(row: ArticleRow, zone: str) -> dict[str, Any]:
    """The fields every JSON article starts with (``list``, ``search``, ``show``, exports)."""
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "category": row.category,
        "author": row.author,
        "published": row.published.astimezone(display_zone(zone)).isoformat(),
    }


def article_json(detail: ArticleDetail, zone: str) -> dict[str, Any]:
    row = detail.row
    return {
        **row_fields(row, zone),
        "lead": without_dateline(detail.lead) if detail.lead else detail.lead,
        "dateline": detail.dateline or None,
        "summary": row.summary,
        "blocks": [
            {"type": b.kind, "text": b.text, "src": b.src, "caption": b.caption}
            for b in detail.blocks
        ],
        "related": [{"title": link.title, "url": link.url, "id": aid, "suggested": False}
                    for link, aid in detail.related]
        + [{"title": link.title, "url": link.url or None, "id": aid, "suggested": True}
           for link, aid in detail.suggested],
        "tags": detail.tags,
        "full_text": row.full_text == "done",
    }


def _byline(detail: ArticleDetail, zone: str) -> str:
    row = detail.row
    when = row.published.astimezone(display_zone(zone)).strftime("%d/%m/%Y %H:%M")
    return " · ".join(part for part in (row.category, row.author, when) if part)


def article_markdown(detail: ArticleDetail, zone: str, language: str = "vi") -> str:
    """Markdown in ``language``: the article's own text as it is, our words (photo labels,
    headings, tags, source) in the user's language."""
    tr = Tr(language)
    row = detail.row
    out = [f"# {md_escape(row.title)}", "", f"*{md_escape(_byline(detail, zone))}*", ""]
    lead = detail.shown_lead
    if lead:
        out += [f"**{md_escape(lead)}**", ""]
    images = 0
    for block in detail.blocks:
        if block.kind == "image":
            images += 1
            caption = block.caption or ""
            if block.src:
                out.append(f"![{md_escape(caption)}](<{block.src}>)")
            if caption:
                out.append(f"*{tr('show.image', n=images)} · {md_escape(caption)}*")
        elif block.kind == "heading":
            out.append(f"## {md_escape(block.text)}")
        elif block.kind == "quote":
            out.append("> " + md_escape(block.text))
        elif block.kind == "list":
            out += [f"- {md_escape(item)}" for item in block.text.split("\n") if item]
        else:
            out.append(md_escape(block.text))
        out.append("")
    if detail.tags:
        out += [tr("reader.tags") + ", ".join(md_escape(t) for t in detail.tags), ""]
    if detail.related:
        out += ["## " + tr("reader.related").capitalize(), ""]
        out += [f"- [{md_escape(link.title)}](<{link.url}>)" for link, _ in detail.related]
        out.append("")
    elif detail.suggested:
        out += ["## " + tr("reader.suggested").capitalize(), ""]
        out += [f"- [{md_escape(link.title)}](<{link.url}>)" for link, _ in detail.suggested]
        out.append("")
    if row.url:
        out += [f"{tr('reader.source')}<{row.url}>", ""]
    return "\n".join(out)


def article_text(detail: ArticleDetail, zone: str, width: int = 80, language: str = "vi") -> str:
    tr = Tr(language)
    row = detail.row
    wrap = textwrap.TextWrapper(width=width, break_long_words=False, break_on_hyphens=False)
    out = [_byline(detail, zone), "", *wrap.wrap(row.title.upper()), ""]
    lead = detail.shown_lead
    if lead:
        out += [*wrap.wrap(lead), ""]
    images = 0
    for block in detail.blocks:
        if block.kind == "image":
            images += 1
            line = f"[{tr('show.image', n=images)}] " + (block.caption or "")
            out += [*wrap.wrap(line.strip())]
        elif block.kind == "heading":
            out += [*wrap.wrap(block.text.upper())]
        elif block.kind == "quote":
            out += textwrap.wrap(block.text, width - 4, initial_indent="  │ ",
                                 subsequent_indent="  │ ")
        elif block.kind == "list":
            for item in block.text.split("\n"):
                out += textwrap.wrap(item, width - 4, initial_indent="  • ",
                                     subsequent_indent="    ")
        else:
            out += [*wrap.wrap(block.text)]
        out.append("")
    if not detail.blocks and row.full_text != "done":
        out += [tr("show.summary_only"), ""]
    if detail.related:
        out += [tr("reader.related"), ""]
        out += [f"  • {link.title}" + (f"  [#{aid}]" if aid else "") for link, aid in detail.related]
        out.append("")
    elif detail.suggested:
        out += [tr("reader.suggested"), ""]
        out += [f"  • {link.title}  [#{aid}]" for link, aid in detail.suggested]
        out.append("")
    if row.url:
        out.append(row.url)
    return "\n".join(out)
