"""A photo's credit ("ẢNH: …") is its caption's, never the article's author."""

from __future__ import annotations

from antd_tui.core.extract import extract

_BODY = "<p>" + "Nội dung bài báo khá dài, đủ để là thân bài của một bài viết. " * 6 + "</p>"
_FIGURE = ("<figure><img src='/a.jpg'><figcaption><p>Người dân xếp hàng ở TP.HCM</p>"
           "<p class='author'>ẢNH: NGỌC THẮNG</p></figcaption></figure>")


def test_a_credit_marked_author_in_a_figcaption_is_not_the_author() -> None:
    html = (f"<html><body><article><h1>Tin mới</h1>{_BODY}{_FIGURE}{_BODY}"
            "<div class='author-info'><strong>Ngọc Thạch</strong></div></article></body></html>")
    article = extract("https://thanhnien.vn/a-1.html", html)
    assert article.author == "Ngọc Thạch"
    captions = [b.caption for b in article.blocks if b.kind == "image"]
    assert captions == ["Người dân xếp hàng ở TP.HCM · ẢNH: NGỌC THẮNG"]


def test_a_photo_credit_is_never_a_person() -> None:
    html = (f"<html><body><article><h1>Tin mới</h1>{_BODY}"
            "<div class='byline'>Ảnh: Ngọc Thắng</div></article></body></html>")
    assert extract("https://e.vn/a-1.html", html).author is None


def test_the_cms_byline_is_not_taken_from_a_caption() -> None:
    html = ("<html><body><div class='article'><h1 class='title'>Tin</h1><div class='cms-body'>"
            f"{_BODY}<figure><img src='/a.jpg'><figcaption><p class='author'>Ảnh: Ngọc Thắng</p>"
            "</figcaption></figure></div><p class='author'>Minh Anh</p></div></body></html>")
    assert extract("https://antd.vn/a.html", html).author == "Minh Anh"
