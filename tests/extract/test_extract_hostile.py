"""Hostile text, dangerous URLs, odd encodings and garbage: clean output or ExtractionError."""

from __future__ import annotations

import codecs

import pytest
from extract_helpers import assert_clean, images, run, texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antd_tui.core.errors import AntdError
from antd_tui.core.extract import ExtractionError, extract
from antd_tui.core.models import RelatedLink

URL = "https://anninhthudo.vn/hostile-post1000.antd"


def test_escape_sequences_and_bidi_are_removed_markup_like_text_kept() -> None:
    article = run("antd_hostile.html", URL)
    # &#27;[2J decodes to ESC [2J: the ESC goes, "[2J" stays as plain text; U+202E goes.
    assert article.title == "Tin nóng [2J[bold]x[/italic] gnp.exe"
    assert article.category == "Pháp[0m luật"
    assert article.author == "Phóng viên 31m"  # ZWSP, BEL and the C1 CSI removed
    assert article.lead == "ANTD.VN - Dòng dẫn có ]0;tiêu đề giả và đảo chiều."
    assert texts(article.blocks) == [
        "Đoạn một [31mđỏ[0m và [link=https://evil.example/]bấm vào[/link] giữ nguyên.",
        "Đoạn hai có ký tự <script>alert(3)</script> hiển thị như chữ.",
    ]
    assert texts(article.blocks, "list") == ["Mục [1mđậm\ncô lập"]
    assert article.tags == ["an ninh", "[2Jxoá màn hình", "[red]đỏ[/red]"]
    assert_clean(article)


def test_javascript_data_file_urls_are_dropped_from_images_and_related() -> None:
    article = run("antd_hostile.html", URL)
    # Only the one real picture survives (javascript:, tab-split javascript:, file:, vbscript:,
    # data: are all refused).
    assert images(article.blocks) == [
        ("https://anninhthudo.vn/ok.jpg", "Chú thích [5m nhấp nháy ngược"),
    ]
    assert article.related == [
        RelatedLink("Bài [2Jtốt đảo", "https://anninhthudo.vn/tot-post1.antd"),
    ]
    urls = [b.src for b in article.blocks] + [r.url for r in article.related]
    assert not any(u and ("script" in u.lower() or u.startswith(("data:", "file:"))) for u in urls)


def _page(body: str, head: str = "") -> str:
    return (f"<html><head>{head}</head><body><h1 class='article__title cms-title'>T</h1>"
            f"<div class='article__body cms-body'>{body}</div></body></html>")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # UTF-8 BOM, no meta
        (codecs.BOM_UTF8 + _page("<p>Hà Nội mùa thu</p>").encode(), "Hà Nội mùa thu"),
        # UTF-16 with a BOM
        (codecs.BOM_UTF16_LE + _page("<p>Đà Nẵng</p>").encode("utf-16-le"), "Đà Nẵng"),
        # a real latin-1 page (meta says so, and the bytes are not UTF-8)
        (_page("<p>café crème</p>", "<meta charset='iso-8859-1'>").encode("latin-1"),
         "café crème"),
        # windows-1258, Vietnamese's own legacy code page (decomposed tones, NFC on output)
        (_page("<p>Vi\u00ea\u0323t Nam</p>", '<meta http-equiv="Content-Type" '
               'content="text/html; charset=windows-1258">').encode("cp1258"), "Việt Nam"),
        # an unknown charset name falls back to UTF-8
        (_page("<p>Hải Phòng</p>", "<meta charset='x-klingon'>").encode(), "Hải Phòng"),
        # invalid UTF-8 bytes are replaced, not fatal
        (_page("<p>ok \xff\xfe end</p>").encode("latin-1"), "ok \ufffd\ufffd end"),
    ],
)
def test_bytes_are_decoded_by_bom_then_meta_charset_then_utf8(data: bytes, expected: str) -> None:
    assert texts(extract("https://example.com/a", data).blocks) == [expected]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "<html><head><title>Chỉ có tiêu đề</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Trang chủ</a></nav><footer>© 2024</footer></body></html>",
        "<script>alert(1)</script><style>p{}</style>",
        _page("<p>&nbsp;</p><p> </p><script>x()</script><div class='ads'>Quảng cáo</div>"),
        b"\x00\x01\x02\xff\xfe",
    ],
)
def test_pages_without_body_text_raise_extraction_error(html: str | bytes) -> None:
    with pytest.raises(ExtractionError):
        extract("https://example.com/a", html)


def test_extraction_error_is_a_project_error() -> None:
    assert issubclass(ExtractionError, AntdError)


@pytest.mark.parametrize(
    ("tag", "kind"),
    [("div", "paragraph"), ("b", "paragraph"), ("span", "paragraph"), ("td", "paragraph"),
     ("li", "paragraph"), ("blockquote", "quote"), ("ul", "list"), ("figure", "paragraph")],
)
def test_very_deep_nesting_neither_crashes_nor_loses_the_text(tag: str, kind: str) -> None:
    html = _page(f"<{tag}>" * 5000 + "Tận cùng của trang" + f"</{tag}>" * 5000)
    article = extract("https://example.com/a", html)
    assert [(b.kind, b.text) for b in article.blocks] == [(kind, "Tận cùng của trang")]


def test_weird_urls_do_not_break_extraction() -> None:
    html = _page("<p>Nội dung <a href='http://[bad'>lỗi</a></p><img src='http://[::1'>"
                 "<img src='//[x'><img data-src='javascript:x'>")
    for url in ("http://[::1", "not a url", "", "javascript:alert(1)", "http://127.0.0.1:99999/x"):
        article = extract(url, html)
        assert texts(article.blocks) == ["Nội dung lỗi"]
        assert images(article.blocks) == []


_TAGS = st.sampled_from(
    ["p", "div", "b", "em", "img", "table", "td", "tr", "ul", "li", "br", "h2", "figure",
     "figcaption", "blockquote", "script", "a", "span", "article", "main", "nav"]
)
_ATTRS = st.sampled_from(
    ["", " class='article__body cms-body'", " class='picture'", " class='caption'",
     " class='video'", " src='javascript:x'", " data-src='/a.jpg'", " href='/x'",
     " class='cms-author'", " id='main_detail'", " class='picitem'", " data-desc='ảnh 1'"]
)
_HTMLISH = st.lists(
    st.one_of(
        st.builds(lambda t, a: f"<{t}{a}>", _TAGS, _ATTRS),
        st.builds(lambda t: f"</{t}>", _TAGS),
        st.text(max_size=20),
        st.sampled_from(["&#27;[2J", "&nbsp;", "&#x202E;", "TIN CÙNG CHUYÊN MỤC", "Quảng cáo"]),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url=st.one_of(st.just(URL), st.text(max_size=30)), html=st.one_of(_HTMLISH, st.text()))
def test_any_text_gives_an_article_or_extraction_error(url: str, html: str) -> None:
    try:
        article = extract(url, html)
    except ExtractionError:
        return
    assert_clean(article)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_give_an_article_or_extraction_error(data: bytes) -> None:
    try:
        article = extract(URL, data)
    except ExtractionError:
        return
    assert_clean(article)


def test_a_page_nested_past_ten_thousand_levels_is_refused_quickly_with_a_reason() -> None:
    # lexbor's tree building is quadratic in depth: 100,000 levels took 28 s to parse
    html = "<html><body>" + "<div>" * 100_000 + "<p>Chữ ở tận cùng.</p>" + "</div>" * 100_000
    with pytest.raises(ExtractionError, match="nests its markup over 10,000 levels"):
        extract("https://example.com/deep", html.encode())


def test_generic_pages_of_ten_megabytes_or_all_scripts_neither_crash_nor_hang() -> None:
    # the fetcher's cap is 10 MB: the largest page extraction can be handed
    words = [f"từ{n}" for n in range(2000)]
    paragraphs = "".join(f"<p>{' '.join(words[n % 1000:n % 1000 + 60])}.</p>" for n in range(20_000))
    big = f"<html><body><article>{paragraphs}</article></body></html>".encode()
    assert len(big) > 9_000_000
    article = extract("https://example.com/big", big)
    assert len(article.blocks) > 1000
    scripts = "<html><body>" + "<script>var x = '<p>không phải bài</p>';</script>" * 20_000
    with pytest.raises(ExtractionError):
        extract("https://example.com/scripts", scripts + "</body></html>")
