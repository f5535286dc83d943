"""Our layer over the extraction library: the dateline rule, photo placement, the fallback."""

from __future__ import annotations

import pytest

from antd_tui.core.dateline import split_dateline
from antd_tui.core.extract import extract
from antd_tui.core.extract.placement import place_images
from antd_tui.core.models import Block


@pytest.mark.parametrize(("text", "expected"), [
    ("ANTD.VN - Đêm qua, mưa lớn", ("ANTD.VN", "Đêm qua, mưa lớn")),
    ("ANTD.VN -Đêm qua, mưa lớn", ("ANTD.VN", "Đêm qua, mưa lớn")),  # no space after the dash
    ("(ANTĐ) - Sáng nay", ("(ANTĐ)", "Sáng nay")),
    ("(ANTĐ) Sáng nay", ("(ANTĐ)", "Sáng nay")),
    ("ANTĐ – Sáng nay", ("ANTĐ", "Sáng nay")),
    ("ANTD tổ chức hội nghị", ("", "ANTD tổ chức hội nghị")),  # the word, not a dateline
    ("ANTD.VN - ", ("", "ANTD.VN - ")),  # nothing after it: kept as it is
    ("Hà Nội - Sáng nay", ("", "Hà Nội - Sáng nay")),
])
def test_one_dateline_rule(text: str, expected: tuple[str, str]) -> None:
    assert split_dateline(text) == expected


def test_placement_adds_photos_and_only_drops_caption_copies() -> None:
    text = [Block("paragraph", "Đoạn một của bài báo, khá dài."),
            Block("paragraph", "Người dân nhận gạo cứu trợ sáng 18/10."),  # the caption, again
            Block("paragraph", "Ảnh: Võ Thạnh"),  # its credit
            Block("paragraph", "Đoạn hai của bài báo, cũng khá dài."),
            Block("paragraph", "Gạo")]  # a word that is in the caption: still text
    dom = [Block("paragraph", "Đoạn một của bài báo, khá dài."),
           Block("image", src="https://x.vn/1.jpg",
                 caption="Người dân nhận gạo cứu trợ sáng 18/10. Ảnh: Võ Thạnh"),
           Block("paragraph", "Đoạn hai của bài báo, cũng khá dài."),
           Block("image", src="https://x.vn/2.jpg", caption="Ảnh cuối bài"),
           Block("heading", "Tin khác trong ngày"),  # a box the library left out …
           Block("image", src="https://x.vn/box.jpg", caption="Ảnh trong hộp tin khác"),
           Block("paragraph", "Một tin khác, không thuộc bài này.")]  # … and its photo with it
    out = place_images(text, dom)
    assert [(b.kind, b.text or b.src) for b in out] == [
        ("paragraph", "Đoạn một của bài báo, khá dài."),
        ("image", "https://x.vn/1.jpg"),
        ("paragraph", "Đoạn hai của bài báo, cũng khá dài."),
        ("image", "https://x.vn/2.jpg"),  # after the paragraph it followed
        ("paragraph", "Gạo"),
    ]


def test_a_page_the_library_finds_too_short_still_gets_its_body() -> None:
    # trafilatura returns nothing under its minimum size; the walker's body is used
    html = ("<html><body><div class='txt'><p>Một tin ngắn chỉ có một câu.</p></div>"
            "<div class='footer'>© Báo ZZJUNK</div></body></html>")
    article = extract("https://example.com/tin-ngan", html)
    assert [b.text for b in article.blocks] == ["Một tin ngắn chỉ có một câu."]


def test_a_scrap_from_the_library_gives_way_to_the_walkers_body() -> None:
    from antd_tui.core.extract.generic import _enough

    article = [Block("paragraph", "Một đoạn thân bài khá dài của bài báo. " * 10)] * 6  # ~2,300
    teaser = [Block("paragraph", "Đăng ký để đọc tiếp bài viết này.")]
    assert not _enough(teaser, article)  # a paywall note where the page has the article
    assert _enough(article[:1], article[:2])  # a short article the walker reads longer: kept
    assert _enough(teaser, teaser)  # a short page is short
    assert not _enough([], article)
