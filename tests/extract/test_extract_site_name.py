"""Only the site's own name is cut from a title or lead; the page's h1 is never cut."""

from __future__ import annotations

import pytest

from antd_tui.core.extract import extract

_BODY = "<p>" + "Nội dung bài báo khá dài, đủ để là thân bài. " * 8 + "</p>"


def _page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<article>{_BODY}</article></body></html>"


def test_the_cms_h1_is_the_headline_as_shown() -> None:
    html = ("<html><body><h1 class='article__title cms-title'>Xuân Bính Ngọ - An ninh Thủ đô "
            "vững vàng</h1><div class='article__body cms-body'>" + _BODY + "</div></body></html>")
    assert extract("https://antd.vn/xuan-binh-ngo.html", html).title == (
        "Xuân Bính Ngọ - An ninh Thủ đô vững vàng")


@pytest.mark.parametrize(("host", "site", "title"), [
    ("thanhnien.vn", "Báo Thanh Niên", "Những chuyến xe lên đường - Thanh niên tình nguyện"),
    ("thanhnien.vn", "Báo Thanh Niên", "Hội nghị Trung ương 5 | Thanh niên Việt Nam"),
    ("tuoitre.vn", "TUOI TRE ONLINE", "Sân chơi cho thế hệ trẻ - Tuổi trẻ sáng tạo"),
    ("laodong.vn", "Báo Lao Động", "Quà Tết cho công nhân - Lao động nghèo"),
])
def test_a_part_that_only_starts_or_ends_with_the_sites_name_stays(
        host: str, site: str, title: str) -> None:
    head = (f"<meta property='og:site_name' content='{site}'>"
            f"<meta property='og:title' content='{title}'>"
            f"<meta name='description' content='Tin ngắn - {title.split(' - ')[-1]}'>")
    article = extract(f"https://{host}/a-1.html", _page(head))
    assert article.title == title
    if " - " in title:
        assert article.lead == f"Tin ngắn - {title.split(' - ')[-1]}"


@pytest.mark.parametrize(("host", "site", "suffix"), [
    ("thanhnien.vn", "Báo Thanh Niên", "Báo Thanh Niên"),
    ("thanhnien.vn", "", "thanhnien.vn"),
    ("tuoitre.vn", "", "Tuổi Trẻ Online"),
    ("dantri.com.vn", "", "Báo điện tử Dân trí"),
    ("vietnamnet.vn", "", "VietNamNet News"),
    ("antd.vn", "", "Báo An ninh Thủ đô"),
    ("vnexpress.net", "", "VnExpress"),
])
def test_the_sites_own_name_is_cut(host: str, site: str, suffix: str) -> None:
    head = (f"<meta property='og:site_name' content='{site}'>" if site else "")
    head += f"<meta property='og:title' content='Giá vàng tăng mạnh - {suffix}'>"
    assert extract(f"https://{host}/a-1.html", _page(head)).title == "Giá vàng tăng mạnh"


def test_a_generic_h1_is_not_cut() -> None:
    html = _page("", "<h1>Hỗ trợ Tết - Lao động nghèo</h1>")
    assert extract("https://laodong.vn/a-1.html", html).title == "Hỗ trợ Tết - Lao động nghèo"
