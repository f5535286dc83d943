"""Exports: Markdown, one self-contained HTML file, or JSON, of many articles.

The HTML file makes no network request when opened: images are embedded as
``data:`` URIs from their local copies (an image without one shows only its
caption; ``photo_urls`` lists what the caller should fetch first), there is
no script, and a Content-Security-Policy forbids any other source. Every feed
string is HTML-escaped. The source link and the related items are links
(``<a href>``, http/https only, checked again here; a related article that is
in the same file links to it there), opened only when clicked.
"""

from __future__ import annotations

import base64
import html
import json
import os
import sqlite3
import tempfile
from pathlib import Path

from antd_tui.core.config import display_zone
from antd_tui.core.library.article_format import article_json, article_markdown
from antd_tui.core.photos.files import local_path
from antd_tui.core.sanitize import safe_url
from antd_tui.core.store.queries import ArticleDetail

_CSS = """
body{max-width:46rem;margin:2rem auto;padding:0 1rem;font:17px/1.6 Georgia,'Times New Roman',serif;
color:#222;background:#fdfcf8}
article{border-bottom:1px solid #ddd;padding-bottom:2rem;margin-bottom:2rem}
h1{font:700 1.7rem/1.25 system-ui,sans-serif;margin:.3rem 0 .8rem}
.byline{font:.85rem system-ui,sans-serif;color:#666;text-transform:uppercase;letter-spacing:.03em}
.lead{font-weight:700}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto;display:block;margin:auto}
figcaption{font:italic .9rem/1.4 system-ui,sans-serif;color:#555;margin-top:.4rem;text-align:center}
blockquote{border-left:4px solid #b22;margin:1rem 0;padding:.2rem 1rem;color:#444}
h2{font:700 1.15rem system-ui,sans-serif;margin-top:1.6rem}
.related{font:.95rem system-ui,sans-serif}.source{font:.8rem system-ui,sans-serif;color:#777}
nav.toc{font:.95rem system-ui,sans-serif;margin-bottom:2rem}
"""


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _link(url: str | None, text: str) -> str:
    """``text`` as a link to ``url`` when that is an http(s) URL, else plain text."""
    checked = safe_url(url) if url else None
    if checked is None:
        return _e(text)
    return f'<a href="{_e(checked)}" rel="noreferrer">{_e(text)}</a>'


def photo_urls(details: list[ArticleDetail]) -> list[str]:
    """Every photo the HTML export shows, once each, in the order it shows them."""
    urls = [b.src for d in details for b in d.blocks if b.kind == "image" and b.src]
    return list(dict.fromkeys(urls))


def _data_uri(data_dir: Path, conn: sqlite3.Connection, url: str) -> str | None:
    path = local_path(data_dir, conn, url)
    if path is None:
        return None
    row = conn.execute("SELECT content_type FROM images WHERE url = ?", (url,)).fetchone()
    kind = row[0] if row else "image/jpeg"
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _article_html(detail: ArticleDetail, zone: str, data_dir: Path, conn: sqlite3.Connection,
                  exported: set[int]) -> str:
    row = detail.row
    when = row.published.astimezone(display_zone(zone)).strftime("%d/%m/%Y %H:%M")
    byline = " · ".join(p for p in (row.category, row.author, when) if p)
    out = [f'<article id="a{row.id}">', f'<div class="byline">{_e(byline)}</div>',
           f"<h1>{_e(row.title)}</h1>"]
    lead = detail.shown_lead
    if lead:
        out.append(f'<p class="lead">{_e(lead)}</p>')
    number = 0
    for block in detail.blocks:
        if block.kind == "image":
            number += 1
            uri = _data_uri(data_dir, conn, block.src) if block.src else None
            img = f'<img src="{uri}" alt="{_e(block.caption)}">' if uri else ""
            caption = f"Ảnh {number}" + (f" · {block.caption}" if block.caption else "")
            out.append(f"<figure>{img}<figcaption>{_e(caption)}</figcaption></figure>")
        elif block.kind == "heading":
            out.append(f"<h2>{_e(block.text)}</h2>")
        elif block.kind == "quote":
            out.append(f"<blockquote>{_e(block.text)}</blockquote>")
        elif block.kind == "list":
            items = "".join(f"<li>{_e(i)}</li>" for i in block.text.split("\n") if i)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{_e(block.text)}</p>")
    if detail.related:
        items = "".join(
            f'<li><a href="#a{aid}">{_e(link.title)}</a></li>' if aid in exported
            else f"<li>{_link(link.url, link.title)}</li>" for link, aid in detail.related)
        out.append(f'<div class="related"><h2>Tin cùng chuyên mục</h2><ul>{items}</ul></div>')
    if row.url:
        out.append(f'<p class="source">Nguồn: {_link(row.url, row.url)}</p>')
    out.append("</article>")
    return "\n".join(out)


def to_html(details: list[ArticleDetail], zone: str, data_dir: Path, conn: sqlite3.Connection,
            title: str = "antd-tui") -> str:
    toc = "".join(f'<li><a href="#a{d.row.id}">{_e(d.row.title)}</a></li>' for d in details)
    exported = {d.row.id for d in details}
    body = "\n".join(_article_html(d, zone, data_dir, conn, exported) for d in details)
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f'<nav class="toc"><ol>{toc}</ol></nav>\n{body}\n</body></html>\n'
    )


def to_markdown(details: list[ArticleDetail], zone: str) -> str:
    return "\n---\n\n".join(article_markdown(d, zone) for d in details)


def to_json(details: list[ArticleDetail], zone: str) -> str:
    return json.dumps([article_json(d, zone) for d in details], ensure_ascii=False, indent=2) + "\n"


def _new_file_mode(target: Path) -> int:
    """The mode ``target`` gets: the one it has when it exists, else 0666 less the umask
    (what ``open(..., "w")`` gives; ``mkstemp`` alone would make every file 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where Linux says it (/proc)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)  # elsewhere, read by setting it back at once
    os.umask(umask)
    return umask


def write_atomic(target: Path, text: str, *, new_mode: int | None = None) -> None:
    """Write ``text`` to ``target`` through a temp file beside it and ``os.replace``.

    A file that exists keeps its mode; a new one gets ``new_mode``, else what the
    umask allows (an export is shared as any file the user writes is).
    """
    folder = target.parent if str(target.parent) else Path(".")
    mode = _new_file_mode(target)
    if new_mode is not None and not target.exists():
        mode = new_mode
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's file is the user's to read
                os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
