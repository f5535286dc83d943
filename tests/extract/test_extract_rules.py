"""The shared rules, one at a time: image sources, captions, breaks, lead repeats, junk hints."""

from __future__ import annotations

import pytest
from extract_helpers import images, kinds, texts

from antd_tui.core.extract import extract
from antd_tui.core.extract.dom import is_junk, parse, split_tags
from antd_tui.core.extract.encoding import decode_html
from antd_tui.core.extract.images import caption_ok, image_src
from antd_tui.core.extract.tidy import covers, strip_dateline, tidy
from antd_tui.core.models import Block

BASE = "https://www.anninhthudo.vn/bai-viet-post1.antd"


def body(html: str) -> list[Block]:
    page = f"<div class='article__body cms-body'>{html}<p>Đoạn cuối để trang có chữ.</p></div>"
    blocks = extract(BASE, page).blocks
    assert blocks[-1].text == "Đoạn cuối để trang có chữ."
    return blocks[:-1]


def img(attrs: str) -> str | None:
    node = parse(f"<img {attrs}>").css_first("img")
    assert node is not None
    return image_src(node, BASE)


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ("src='/a.jpg'", "https://www.anninhthudo.vn/a.jpg"),
        ("src='/blank.gif' data-src='/real.jpg'", "https://www.anninhthudo.vn/real.jpg"),
        ("src='/thumb.jpg' data-src='/real.jpg'", "https://www.anninhthudo.vn/real.jpg"),
        ("src='data:image/gif;base64,R0lG' data-original='//cdn.x.vn/o.jpg'", "https://cdn.x.vn/o.jpg"),
        ("data-photo-original-src='https://image.anninhthudo.vn/o.jpg'",
         "https://image.anninhthudo.vn/o.jpg"),
        ("src='/img/1x1.png' srcset='/s.jpg 300w, /l.jpg 800w'", "https://www.anninhthudo.vn/l.jpg"),
        ("src='javascript:alert(1)'", None),
        ("src='/static/blank.gif'", None),
        ("", None),
    ],
)
def test_image_source_preference(attrs: str, expected: str | None) -> None:
    assert img(attrs) == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("ảnh 1", False), ("Ảnh 12", False), ("Xây dựng đội ngũ ảnh 1", False),
        ("photo 3", False), ("IMG_2041.JPG", False), ("   ", False),
        ("Ảnh minh họa", True), ("Hiện trường vụ tai nạn (Ảnh: CTV)", True),
    ],
)
def test_alt_like_text_is_never_a_caption(text: str, ok: bool) -> None:
    assert (caption_ok(text) is not None) is ok


def test_caption_equal_to_the_title_is_dropped() -> None:
    assert caption_ok("Tiêu đề bài", title="Tiêu đề bài") is None


def test_br_splits_paragraphs_in_divs_but_only_double_br_in_p() -> None:
    blocks = body("<p>Dòng một<br>dòng hai<br><br>Đoạn mới</p><div>Một<br>Hai</div>")
    assert texts(blocks) == ["Dòng một dòng hai", "Đoạn mới", "Một", "Hai"]


def test_all_bold_short_paragraph_is_a_heading_long_one_is_not() -> None:
    long = "Rất dài " * 40
    blocks = body(f"<p><b>Tiêu đề <i>phụ</i></b></p><p><strong>{long}</strong></p>"
                  "<p><b>Đậm</b> rồi thường</p><h4>Mục nhỏ</h4>")
    assert kinds(blocks) == ["heading", "paragraph", "paragraph", "heading"]
    assert blocks[0].text == "Tiêu đề phụ" and blocks[3].text == "Mục nhỏ"


def test_see_also_link_lines_are_not_body_text() -> None:
    blocks = body("<p><strong>&gt;&gt; Xem thêm: <a href='/a.antd'>Bài khác</a></strong></p>"
                  "<p>Đọc thêm: <a href='/b.antd'>Bài nữa</a></p>"
                  "<p>Xem thêm ảnh trong <a href='/c.antd'>album</a> của chúng tôi.</p>")
    assert texts(blocks) == ["Xem thêm ảnh trong album của chúng tôi."]


def test_em_right_after_image_is_its_caption_and_not_a_paragraph() -> None:
    blocks = body("<p style='text-align:center'><img src='/a.jpg' alt='ảnh 1'><br>"
                  "<em>Chú thích ảnh</em></p><p>Chú thích ảnh</p>"
                  "<p><img src='/b.jpg'> chữ thường <em>nhấn mạnh</em></p>")
    assert images(blocks) == [("https://www.anninhthudo.vn/a.jpg", "Chú thích ảnh"),
                              ("https://www.anninhthudo.vn/b.jpg", None)]
    # the repeated caption paragraph is gone; text after an image is not a caption
    assert texts(blocks) == ["chữ thường nhấn mạnh"]


def test_attribute_caption_beats_em_and_figcaption() -> None:
    blocks = body("<figure><img src='/a.jpg' data-desc='Theo thuộc tính'>"
                  "<figcaption>Theo figcaption</figcaption></figure>"
                  "<figure><img src='/b.jpg'><figcaption>Chỉ figcaption</figcaption></figure>")
    assert images(blocks) == [("https://www.anninhthudo.vn/a.jpg", "Theo thuộc tính"),
                              ("https://www.anninhthudo.vn/b.jpg", "Chỉ figcaption")]


@pytest.mark.parametrize(
    "first",
    [
        "<p><b>ANTD.VN - Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại Hà Nội.</b></p>",
        "<p>ANTD.VN -Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại Hà Nội.</p>",
        "<p><strong>(ANTĐ) - Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại Hà Nội.</strong></p>",
        "<p>Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại Hà Nội.</p>",
    ],
)
def test_lead_repeated_as_first_paragraph_is_dropped(first: str) -> None:
    page = ("<div class='article__sapo cms-desc'>ANTD.VN - Sáng nay, hội nghị tổng kết công tác "
            f"năm đã diễn ra tại Hà Nội.</div><div class='article__body cms-body'>{first}"
            "<p>Đoạn thân bài thật sự.</p></div>")
    article = extract(BASE, page)
    assert article.lead == ("ANTD.VN - Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại "
                            "Hà Nội.")
    assert [b.text for b in article.blocks] == ["Đoạn thân bài thật sự."]


def test_lead_comparison_helpers() -> None:
    assert strip_dateline("ANTĐ - Tin") == "Tin"
    assert strip_dateline("(ANTĐ) Tin") == "Tin"
    assert strip_dateline("ANTD.VN -Tin") == "Tin"
    lead = "ANTD.VN - Một câu dẫn khá dài cho bài viết hôm nay, có thêm đoạn sau."
    assert covers(lead, "Một câu dẫn khá dài cho bài viết hôm nay...")  # a truncated copy
    assert covers(lead, "Một câu dẫn khá dài cho bài viết hôm nay — có thêm đoạn sau")
    assert not covers(lead, lead + " Và một câu mới.")  # says more than the lead: kept
    assert not covers("Hà Nội mưa to suốt đêm qua", "Hà Nội")  # short prefixes are not copies
    blocks = [Block("heading", "Tiêu đề"), Block("paragraph", "Thân bài")]
    assert tidy(blocks, lead=None, title="Tiêu đề") == [Block("paragraph", "Thân bài")]


def test_first_paragraph_that_extends_the_lead_is_kept() -> None:
    page = ("<div class='article__sapo cms-desc'>ANTD.VN - Sáng nay, hội nghị tổng kết công tác "
            "năm đã diễn ra tại Hà Nội.</div><div class='article__body cms-body'><p>Sáng nay, "
            "hội nghị tổng kết công tác năm đã diễn ra tại Hà Nội. Hơn 300 đại biểu dự.</p></div>")
    assert [b.text for b in extract(BASE, page).blocks] == [
        "Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại Hà Nội. Hơn 300 đại biểu dự."
    ]


def test_empty_and_nbsp_paragraphs_and_list_items_are_dropped() -> None:
    blocks = body("<p>&nbsp;</p><p>\u200b</p><ul><li>&nbsp;</li><li>Một</li></ul><ol></ol>")
    assert [(b.kind, b.text) for b in blocks] == [("list", "Một")]


@pytest.mark.parametrize(
    ("attrs", "junk"),
    [
        ("class='article__share'", True), ("class='box-ads'", True), ("id='adsInRead'", False),
        ("class='ads'", True), ("class='social-share bottom'", True), ("class='loads shadow'", False),
        ("class='entry-content has-share-buttons'", False), ("class='fb-comments'", True),
        ("class='zone zone--related'", True), ("class='article__body cms-body'", False),
        ("style='display: none'", True), ("hidden", True), ("class='overflow-hidden'", False),
        ("class='sidebar'", True), ("class='jp-relatedposts'", True),
    ],
)
def test_class_and_id_junk_hints(attrs: str, junk: bool) -> None:
    node = parse(f"<div {attrs}>x</div>").css_first("div")
    assert node is not None
    assert is_junk(node) is junk


def test_keywords_split_trimmed_and_deduplicated() -> None:
    assert split_tags(["a, b ,, A;c", " b.", ""]) == ["a", "b", "c"]


def test_decode_prefers_bom_then_meta_then_utf8() -> None:
    assert decode_html("Việt".encode()) == "Việt"
    assert decode_html(b"<meta charset='utf-16'>" + "Việt".encode()) .endswith("Việt")
    assert decode_html(b'<meta charset="windows-1252">caf\xe9') == '<meta charset="windows-1252">café'
