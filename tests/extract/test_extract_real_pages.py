"""Pages shaped like real ones nobody here designed: caption forms, the page's own metadata
(site suffix, author rule, date fallbacks), and the newspaper CMS family (ANTD and sister papers)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from extract_helpers import assert_clean, images, kinds, run, texts

from antd_tui.core.extract import choose_adapter, extract
from antd_tui.core.extract.dom import parse

VNE = "https://vnexpress.net/nguoi-dan-vung-lu-duoc-ho-tro-3999999.html"


def test_caption_forms_are_kept_with_their_photos_in_place() -> None:
    article = run("generic_vn_captions.html", VNE)
    assert kinds(article.blocks) == [
        "paragraph", "image", "paragraph", "heading", "paragraph", "image", "paragraph", "image",
        "paragraph", "paragraph",
    ]
    assert images(article.blocks) == [
        # a caption table: the caption paragraph and its "Ảnh: …" credit, together
        ("https://i.example-cdn.vn/2019/10/18/cuu-tro-1.jpg",
         "Người dân xã Hương Phong nhận gạo cứu trợ sáng 18/10. Ảnh: Võ Thạnh"),
        # figcaption with the credit inside it
        ("https://i.example-cdn.vn/2019/10/18/nuoc-sach-2.jpg",
         "Bộ đội chuyển nước sạch vào thôn bằng xuồng. Ảnh: Hoàng Táo"),
        # an all-italic paragraph right under the picture
        ("https://i.example-cdn.vn/2019/10/18/y-te-3.jpg",
         "Nhân viên y tế phun khử khuẩn tại một ngôi nhà vừa ngập."),
    ]
    body = " ".join(b.text for b in article.blocks)
    for caption in ("nhận gạo cứu trợ sáng", "Ảnh: Võ Thạnh", "bằng xuồng", "vừa ngập"):
        assert caption not in body  # shown once, under the photo
    assert texts(article.blocks, "heading") == ["Nước sạch là nhu cầu cấp bách nhất"]
    assert_clean(article)  # no nav, footer or advertising hotline


def test_title_and_lead_lose_the_site_suffix_and_the_lead_is_the_pages_own_sapo() -> None:
    article = run("generic_vn_captions.html", VNE)
    assert article.title == "Người dân vùng lũ được hỗ trợ gạo và nước sạch"
    # p.description, not the meta description with " - VnExpress"
    assert article.lead == ("Hơn 2.000 hộ dân ở ba xã vùng lũ nhận gạo, nước sạch và thuốc "
                            "trong ngày đầu nước rút.")


@pytest.mark.parametrize(("host", "title", "expected"), [
    ("www.anninhthudo.vn", "Giá vàng tăng mạnh | ANTD.VN", "Giá vàng tăng mạnh"),
    ("vnexpress.net", "Giá vàng tăng mạnh - VnExpress", "Giá vàng tăng mạnh"),  # the host's name
    ("vidu.vn", "Giá vàng tăng mạnh – Báo Ví Dụ", "Giá vàng tăng mạnh"),  # og:site_name
    ("tuoitre.vn", "Tin nóng trong ngày - Tuổi Trẻ Online", "Tin nóng trong ngày"),
    ("vnexpress.net", "Hà Nội - Hải Phòng: cao tốc mới", "Hà Nội - Hải Phòng: cao tốc mới"),
    ("vnexpress.net", "Giá vàng tăng mạnh - Phân tích", "Giá vàng tăng mạnh - Phân tích"),
    ("tuoitre.vn", "Giá vàng tăng mạnh - VnExpress", "Giá vàng tăng mạnh - VnExpress"),  # not this site
])
def test_site_suffix_rule(host: str, title: str, expected: str) -> None:
    html = (f"<html><head><title>{title}</title><meta property='og:site_name' content='Báo Ví Dụ'>"
            "</head><body><article><p>" + "Nội dung bài báo khá dài. " * 12 + "</p></article></body></html>")
    assert extract(f"https://{host}/a-1.html", html).title == expected


def test_author_is_a_person_never_the_site() -> None:
    # meta author "VnExpress" and a JSON-LD Organization: not authors; the bold signature is
    assert run("generic_vn_captions.html", VNE).author == "Võ Thạnh"
    page = ("<html><head><meta name='author' content='{}'></head><body><article><p>"
            + "Nội dung bài báo khá dài. " * 12 + "</p></article></body></html>")
    for name, expected in (("VnExpress", None), ("Ban biên tập", None), ("admin", None), ("PV", None),
                           ("https://vnexpress.net/x", None), ("Nguyễn Thu Trang", "Nguyễn Thu Trang")):
        assert extract("https://vnexpress.net/a-1.html", page.format(name)).author == expected


@pytest.mark.parametrize(("head", "body", "expected"), [
    ("<meta property='article:published_time' content='2024-05-02T06:30:00Z'>", "",
     datetime(2024, 5, 2, 6, 30, tzinfo=UTC)),
    ('<script type="application/ld+json">[{"@type": "NewsArticle", '
     '"datePublished": "2024-05-03T08:00:00+07:00"}]</script>', "",
     datetime(2024, 5, 3, 1, 0, tzinfo=UTC)),
    ("", "<time datetime='2024-05-04T10:00:00+00:00'>4 May</time>",
     datetime(2024, 5, 4, 10, 0, tzinfo=UTC)),
    ("", "", None),  # no date on the page: the feed's, else the first-seen time, stays
])
def test_published_time_from_the_page(head: str, body: str, expected: datetime | None) -> None:
    html = (f"<html><head>{head}</head><body><article>{body}<p>"
            + "Nội dung bài báo khá dài. " * 12 + "</p></article></body></html>")
    assert extract("https://example.com/a", html).published == expected


def test_the_cms_family_markup_on_a_sister_papers_host() -> None:
    url = "https://www.baomau.vn/khanh-thanh-cau-vuot-song-post1.html"
    html = run("cms_family_current.html", url)
    assert choose_adapter(url, parse(b"<div class='article__body zce-content-body cms-body'>")
                          ).name == "cms"
    assert html.title == "Khánh thành cầu vượt sông nối hai huyện miền núi"
    assert html.lead == ("TPO - Cây cầu dài 320 m giúp hơn 40.000 người dân hai huyện không "
                         "còn phải đi đò qua sông mỗi ngày.")
    assert html.author == "Lê Minh Hải"
    assert html.category == "Xã hội"
    assert html.published == datetime(2026, 11, 20, 0, 45, tzinfo=UTC)
    assert kinds(html.blocks) == ["paragraph", "image", "heading", "paragraph"]
    assert images(html.blocks) == [("https://image.example-cms.vn/2026/11/20/cau-1.jpg",
                                    "Cây cầu mới nhìn từ trên cao. Ảnh: Hải Lê")]
    assert_clean(html)


def test_cms_2019_bold_first_paragraph_is_the_lead_and_not_repeated() -> None:
    article = run("cms_2019_bold_lead.html", "https://www.anninhthudo.vn/triet-xoa-post2.antd")
    assert article.title == "Triệt xóa ổ nhóm trộm cắp xe máy liên tỉnh"
    assert article.lead == ("ANTD.VN -Đêm 13-6, Công an quận Hoàng Mai bắt quả tang 3 đối tượng "
                            "đang tiêu thụ 5 chiếc xe máy trộm cắp được tại các tỉnh lân cận.")
    assert "Đêm 13-6" not in " ".join(b.text for b in article.blocks)
    assert kinds(article.blocks) == ["paragraph", "image", "heading", "paragraph"]
    assert images(article.blocks) == [
        ("https://image.anninhthudo.vn/w700/Uploaded/2019/abc/2019_06_14/xe-may-1.jpg",
         "Số xe máy bị thu giữ tại cơ quan Công an")]
    assert texts(article.blocks, "heading") == ["Thủ đoạn tinh vi"]
    assert article.author == "QUANG MINH"  # the bold signature, not meta author "ANTD.VN"
    assert article.published == datetime(2019, 6, 14, 14, 10, tzinfo=UTC)


def test_a_bold_first_paragraph_without_the_dateline_stays_in_the_body() -> None:
    html = ("<div class='cms-body'><p><b>Cảnh giác với thủ đoạn mới</b></p><p>"
            + "Nội dung bài báo khá dài. " * 6 + "</p></div>")
    article = extract("https://www.anninhthudo.vn/a.antd", html)
    assert article.lead is None
    assert texts(article.blocks, "heading") == ["Cảnh giác với thủ đoạn mới"]


def test_caption_widgets_of_other_vietnamese_cms_and_their_sapo_and_author() -> None:
    article = run("generic_vn_caption_widgets.html", "https://vidu.vn/mo-rong-pho-di-bo-123.htm")
    assert article.title == "Mở rộng tuyến phố đi bộ quanh hồ"  # " - Báo Ví Dụ Online" cut
    assert article.lead == ("Từ tháng sau, thêm bốn tuyến phố quanh hồ sẽ cấm xe cơ giới vào "
                            "tối cuối tuần.")  # h2.detail-sapo
    assert article.author == "Nguyễn Hà"  # .detail-author; meta author is the site
    assert kinds(article.blocks) == ["paragraph", "image"] * 3 + ["paragraph"]
    assert [caption for _, caption in images(article.blocks)] == [
        "Người dân dạo bộ quanh hồ tối cuối tuần. Ảnh: Nguyễn Hà",  # div.PhotoCMS_Caption
        "Xe buýt sẽ đi vòng qua các tuyến phố cấm.",  # td.pCaption
        "Sơ đồ các tuyến phố đi bộ mới.",  # p.pCaption after the picture
    ]
    assert [(r.title, r.url) for r in article.related] == [
        ("Một tin khác trong ngày", "https://vidu.vn/tin-khac.html")]  # under "Tin liên quan"
    assert_clean(article)
