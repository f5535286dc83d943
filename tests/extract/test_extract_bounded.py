"""Hostile pages cost bounded time: nested tables, huge galleries, density scoring."""

from __future__ import annotations

import time

import pytest

from antd_tui.core.extract import ExtractionError, extract
from antd_tui.core.extract.dom import parse
from antd_tui.core.extract.generic import choose_body
from antd_tui.core.extract.placement import place_images
from antd_tui.core.models import Block

_PARAS = "".join(
    f"<p>Đoạn văn số {i}, có nội dung đủ dài để được tính là một đoạn của bài báo này.</p>"
    for i in range(3)
)


def _cpu(action: object) -> float:
    start = time.process_time()
    action()  # type: ignore[operator]
    return time.process_time() - start


def test_nested_tables_count_their_implied_rows_and_cells_and_are_refused() -> None:
    # 99.5 KB: "<table><td>" is table > tbody > tr > td, 36,000 levels (took 14 s)
    html = "<html><body>" + "<table><td>" * 9000 + _PARAS + "</body></html>"
    with pytest.raises(ExtractionError, match="over 10,000 levels"):
        extract("https://example.com/tables", html.encode())


def test_density_scoring_is_linear_in_the_tree_not_in_its_depth() -> None:
    # 2,400 nested tables (9,600 levels, allowed): each cell was asked for its text and
    # links (0.55 s; 9,000 tables took 11 s)
    html = "<html><body>" + "<table><td>" * 2400 + _PARAS + "</body></html>"
    tree = parse(html)
    chosen: list[object] = []
    assert _cpu(lambda: chosen.append(choose_body(tree))) < 0.3
    body = chosen[0]
    assert body is not None and "Đoạn văn số 2" in body.text()  # type: ignore[attr-defined]


def test_density_scoring_still_prefers_the_paragraphs_over_a_list_of_links() -> None:
    links = "".join(f"<p><a href='/x{i}'>Một liên kết khác rất dài số {i} ở đây</a></p>" for i in range(9))
    html = f"<html><body><div id='menu'>{links}</div><div id='story'>{_PARAS}</div></body></html>"
    body = choose_body(parse(html))
    assert body is not None and body.attributes.get("id") == "story"


def test_photo_placement_is_bounded_for_thousands_of_photos_and_paragraphs() -> None:
    # every photo's neighbours were searched for through every paragraph (took 10.9 s)
    text = [Block("paragraph", f"Đoạn thứ {i} của bài viết rất dài này") for i in range(6000)]
    dom = [Block("image", src=f"https://e.vn/{i}.jpg", caption=f"Ảnh cảnh số {i} ở Hà Đông")
           for i in range(6000)]
    out: list[list[Block]] = []
    assert _cpu(lambda: out.append(place_images(text, dom))) < 0.4  # was 1.3 s
    assert [b for b in out[0] if b.kind == "paragraph"] == text


def test_photos_still_go_after_their_paragraph() -> None:
    text = [Block("paragraph", f"Đoạn thứ {i} của bài viết rất dài này") for i in range(5)]
    dom = [text[0], text[1], Block("image", src="https://e.vn/1.jpg", caption="Cảnh"), *text[2:]]
    out = place_images(text, dom)
    assert [b.kind for b in out][:4] == ["paragraph", "paragraph", "image", "paragraph"]
