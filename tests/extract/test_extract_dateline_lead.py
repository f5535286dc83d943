"""The dateline rule on the body's opening paragraph: it is the lead when the page has none."""

from __future__ import annotations

import pytest

from antd_tui.core.dateline import split_dateline
from antd_tui.core.extract import extract

_REST = "Công an quận Hà Đông vừa bắt giữ một đối tượng trộm cắp tài sản, thu giữ nhiều tang vật."
_SECOND = "Đoạn thứ hai của bài báo, khá dài để là thân bài thật sự của bài."


def _page(first: str, sapo: str = "") -> str:
    return ("<html><body><h1 class='article__title cms-title'>Tin</h1>" + sapo
            + f"<div class='article__body cms-body'><p>{first}</p><p>{_SECOND}</p></div></body></html>")


@pytest.mark.parametrize(("first", "dateline"), [
    (f"<strong>ANTD.VN -</strong> {_REST}", "ANTD.VN"),
    (f"<b>(ANTĐ) -</b> {_REST}", "(ANTĐ)"),
    (f"ANTD.VN - {_REST}", "ANTD.VN"),
    (f"<b>ANTÐ -</b> {_REST}", "ANTÐ"),  # Ð (U+00D0) for Đ
], ids=["strong-name", "bold-parenthesised", "plain", "eth"])
def test_a_dateline_opening_paragraph_is_the_lead_of_a_page_without_one(first: str, dateline: str
                                                                        ) -> None:
    article = extract("https://antd.vn/a.html", _page(first))
    assert split_dateline(article.lead) == (dateline, _REST)
    assert [b.text for b in article.blocks] == [_SECOND]


def test_with_a_sapo_the_opening_paragraph_stays_without_its_dateline() -> None:
    sapo = "<div class='article__sapo cms-desc'>Bắt đối tượng trộm cắp ở Hà Đông.</div>"
    article = extract("https://antd.vn/a.html", _page(f"<strong>ANTD.VN -</strong> {_REST}", sapo))
    assert article.lead == "Bắt đối tượng trộm cắp ở Hà Đông."
    assert [b.text for b in article.blocks] == [_REST, _SECOND]


def test_the_eth_spelling_is_a_dateline() -> None:
    assert split_dateline("ANTÐ.VN - Tin") == ("ANTÐ.VN", "Tin")
    assert split_dateline("(ANTÐ) Tin")[0] == "(ANTÐ)"
