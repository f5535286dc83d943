"""The sanitizer, Vietnamese folding and dates: examples and properties."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from antd_tui.core.dates import parse_date
from antd_tui.core.folding import fold, slugify
from antd_tui.core.identity import article_key
from antd_tui.core.sanitize import clean_text, has_control, safe_url

HOSTILE = [
    "\x1b[2J\x1b[H",
    "\x1b]52;c;ZWNobyBvd25lZA==\x07",
    "\x9b31m",
    "\x00nul\x7fdel",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "\ufeffbom",
]


def test_control_and_escape_sequences_are_removed_but_text_kept() -> None:
    assert clean_text("\x1b[2Jclear") == "[2Jclear"
    assert clean_text("a\x07b\x00c\x7fd\x9be") == "abcde"
    assert clean_text("\u202eevil\u202c") == "evil"
    for value in HOSTILE:
        assert not has_control(clean_text(value))


def test_numeric_entities_cannot_smuggle_escapes() -> None:
    assert clean_text("&#27;[2J title", html=True) == "[2J title"
    # HTML maps &#x9B; to "›" (windows-1252), never to the CSI control.
    assert clean_text("&#x9B;31m &#x202E;x", html=True) == "\u203a31m x"
    assert clean_text("\x9b31m") == "31m"


def test_markup_like_text_is_kept_literally() -> None:
    for text in ("[bold]x[/italic]", "[/]", "[link=file:///etc/passwd]x[/link]",
                 "[@click=app.quit]hi[/]"):
        assert clean_text(text) == text
        assert clean_text(text, html=True) == text


def test_html_is_removed_from_titles() -> None:
    assert clean_text("<b>Phân luồng</b> giao thông <script>x()</script>", html=True) == (
        "Phân luồng giao thông")
    assert clean_text("Giá vàng &amp; USD", html=True) == "Giá vàng & USD"


def test_whitespace_is_collapsed_and_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Đà Nẵng")
    assert clean_text(f"  {decomposed}\n\t tin  ") == "Đà Nẵng tin"
    assert clean_text("một\n\n\n  hai  \r\nba") == "một hai ba"


def test_safe_url_only_lets_http_through() -> None:
    assert safe_url("https://www.anninhthudo.vn/a-post1.antd") == "https://www.anninhthudo.vn/a-post1.antd"
    assert safe_url("/a", base="https://antd.vn/rss/home.rss") == "https://antd.vn/a"
    for bad in ("javascript:alert(1)", "java\x00script:alert(1)", " javascript:x", "file:///etc/passwd",
                "data:text/html,x", "mailto:a@b", "//", "http://", ""):
        assert safe_url(bad) is None, bad


@given(st.text())
def test_sanitized_text_never_holds_controls(text: str) -> None:
    for html in (False, True):
        out = clean_text(text, html=html)
        assert not has_control(out)
        assert out == out.strip()
        assert unicodedata.is_normalized("NFC", out)


@given(st.text())
def test_safe_url_is_http_or_none(text: str) -> None:
    out = safe_url(text, base="https://example.com/x")
    assert out is None or out.startswith(("http://", "https://"))


def test_vietnamese_folding() -> None:
    assert fold("Công An Đà Nẵng") == "cong an da nang"
    assert fold("ĐIỀU TRA") == "dieu tra"
    assert slugify("Chính trị - Xã hội") == "chinh-tri-xa-hoi"


@given(st.text())
def test_folding_is_idempotent_and_ascii_for_vietnamese(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_dates_with_and_without_offsets_are_utc() -> None:
    assert parse_date("Tue, 24 Nov 2026 08:15:00 +0700") == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)
    assert parse_date("Tue, 24 Nov 2026 01:15:00 GMT") == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)
    assert parse_date("2026-11-24T08:15:00+07:00") == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)
    assert parse_date("2026-11-24T01:15:00Z") == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)
    # no offset: ANTD writes Vietnam time
    assert parse_date("2026-11-24 08:15") == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)
    assert parse_date("24/11/2026 08:15") == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)
    assert parse_date("Thứ ba, 24/11/2026 08:15 (GMT+7)") == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)


def test_broken_dates_are_none() -> None:
    for bad in ("", "hôm qua", "32/13/2026", "Tue, 99 Foo 2026", "2026-02-30T00:00:00", "9999-01-01"):
        assert parse_date(bad) is None, bad


@given(st.text(max_size=300))
def test_date_parsing_never_raises(text: str) -> None:
    out = parse_date(text)
    assert out is None or out.tzinfo is not None


_fragments = st.lists(
    st.one_of(
        st.text(alphabet="abc Đà Nẵng&;#<>\"'=/", max_size=12),
        st.sampled_from(["<b>", "</b>", "<p>", "</p>", "<br>", "<a href=\"x>y\">", "</a>",
                         "<img src='a.jpg' alt=\"ảnh 1\"/>", "&amp;", "&#27;", "&lt;", "<em>", "</em>"]),
    ),
    max_size=12,
).map("".join)


@given(_fragments)
@example("<N<p>>")  # a block tag's removal must not join "<N" and ">" into a tag (the parser: ">")
@example("<a href=x<p>>")
def test_fast_html_strip_matches_the_parser(fragment: str) -> None:
    from antd_tui.core.sanitize import strip_html, strip_html_parsed

    # after the control-character pass both paths must give the same text
    assert clean_text(strip_html(fragment)) == clean_text(strip_html_parsed(fragment))


def _strip_html_scanning_everything(text: str) -> str:
    """``strip_html`` before it learned to scan only up to the last ``>``."""
    import html

    from antd_tui.core.sanitize import _markup, _tag_gap, strip_html_parsed

    m = _markup()
    if not m.tag_hint.search(text):
        return text
    if "<" not in text:
        return html.unescape(text)
    if not m.hard_html.search(text):
        stripped = m.any_tag.sub(_tag_gap, text)
        if "<" not in stripped:
            return html.unescape(stripped)
    return strip_html_parsed(text)


@given(_fragments, st.text(alphabet="abc Đà &;#<>\"'=/p", max_size=30)
       | st.sampled_from([" lời dẫn &amp; tin", " 1 < 2", " rồi <b", "<p"]))
def test_scanning_up_to_the_last_tag_gives_what_scanning_everything_gives(fragment: str, after: str
                                                                          ) -> None:
    from antd_tui.core.sanitize import strip_html

    assert strip_html(fragment + after) == _strip_html_scanning_everything(fragment + after)


def test_the_index_tokenizer_folds_every_vietnamese_letter_like_fold() -> None:
    """index_form only maps đ; FTS5's unicode61 remove_diacritics 2 must do the rest."""
    import sqlite3

    from antd_tui.core.folding import index_form

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE s USING fts5(t, tokenize = 'unicode61 remove_diacritics 2')")
    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    for ch in letters + letters.upper():
        db.execute("DELETE FROM s")
        db.execute("INSERT INTO s VALUES (?)", (index_form(f"x{ch}x"),))
        hits = db.execute("SELECT COUNT(*) FROM s WHERE s MATCH ?", (f'"x{fold(ch)}x"',)).fetchone()
        assert hits == (1,), ch


def _clean_text_reference(text: str, html: bool) -> str:
    """The sanitizer without its shortcuts: every step, every time."""
    import unicodedata

    from antd_tui.core.sanitize import _SURROGATES, _TABLE_FLAT, strip_html

    if html:
        text = strip_html(text)
    text = unicodedata.normalize("NFC", _SURROGATES.sub("", text).translate(_TABLE_FLAT))
    return " ".join(text.split())


@given(st.text(alphabet=st.characters(codec=None), max_size=60)
       | st.text(alphabet=" \t\n\u00a0\u2028\u200b\u200dabcđơ\u0301<>&;#x1b", max_size=40),
       st.booleans())
def test_clean_text_shortcuts_give_what_every_step_gives(text: str, html: bool) -> None:
    assert clean_text(text, html=html) == _clean_text_reference(text, html)


def test_every_character_the_sanitizer_touches_is_unprintable() -> None:
    from antd_tui.core.sanitize import _TABLE_FLAT

    assert not any(chr(cp).isprintable() for cp in _TABLE_FLAT)


@given(st.one_of(
    st.text(alphabet="htps:/#?&=.-_~%AZaz09 \x1b", max_size=40),
    st.from_regex(r"https?://[a-z0-9.-]{1,12}(:[0-9]{1,5})?([/?#][!-~]{0,20})?", fullmatch=True),
))
def test_safe_url_fast_path_matches_the_general_path(url: str) -> None:
    from antd_tui.core.sanitize import _safe_url_general

    assert safe_url(url) == _safe_url_general(url, None)


@given(st.one_of(
    st.from_regex(r"https?://(www\.)?[a-zA-Z0-9.-]{1,14}(:[0-9]{1,5})?(/[!-~ \t\u00e0\u0111]{0,24})?",
                  fullmatch=True),
    st.sampled_from(["https://www.anninhthudo.vn/a-b-post451203.antd", "http://antd.vn/x-post7.antd",
                     "https://m.anninhthudo.vn/post9.antd", "https://evil-anninhthudo.vn/a-post1.antd",
                     "https://x.vn/a?utm_source=z&b=1", "https://x.vn/a#frag", "https://x.vn:443/a",
                     "http://x.vn:080/a", "http://x.vn:0443/a", "http://x.vn:99999/a", "http://x.vn:08080/"]),
))
def test_article_key_fast_path_matches_the_general_path(url: str) -> None:
    from antd_tui.core.identity import _general_key

    assert article_key(url, None) == _general_key(url)


def test_article_keys_name_one_article_whatever_the_link_form() -> None:
    same = ["https://www.anninhthudo.vn/slug-post451203.antd", "http://antd.vn/other-slug-post451203.antd"]
    assert {article_key(u, None) for u in same} == {"antd:451203"}
    evil = "https://evil-anninhthudo.vn/a-post1.antd"
    assert article_key(evil, None) == "url:evil-anninhthudo.vn/a-post1.antd"
    assert article_key("https://www.x.vn/a?utm_source=z&b=1#top", None) == "url:x.vn/a?b=1"
    assert article_key(None, "42", "https://f/rss") == "guid:https://f/rss#42"


@given(st.datetimes(min_value=datetime(1991, 1, 1), max_value=datetime(2099, 1, 1)),
       st.integers(min_value=-12 * 60, max_value=14 * 60))
def test_rfc822_fast_path_matches_email_utils(moment: datetime, offset_minutes: int) -> None:
    from email.utils import format_datetime

    from antd_tui.core.dates import _rfc822_general

    zone = timezone(timedelta(minutes=offset_minutes))
    text = format_datetime(moment.replace(microsecond=0, tzinfo=zone))
    assert parse_date(text) == _rfc822_general(text) == moment.replace(microsecond=0, tzinfo=zone)
