"""Other sites: the generic adapter's metadata rules and density heuristic."""

from __future__ import annotations

from datetime import UTC, datetime

from extract_helpers import assert_clean, images, kinds, run, texts

from antd_tui.core.extract import extract
from antd_tui.core.models import RelatedLink


def test_wordpress_post_with_figures_lists_quote_share_related_comments() -> None:
    article = run("generic_wordpress.html", "https://blog.example.org/2024/05/pho-ha-noi/")
    assert article.title == "A morning bowl of phở in Hanoi"  # og:title
    assert article.author == "Jane Doe"
    assert article.category == "Food"
    assert article.published == datetime(2024, 5, 2, 6, 30, tzinfo=UTC)
    assert article.lead == "Where to eat phở in Hanoi's Old Quarter, and how to order like a local."
    assert kinds(article.blocks) == [
        "paragraph", "image", "heading", "paragraph", "list", "quote", "image", "heading",
        "paragraph",
    ]
    assert images(article.blocks) == [
        ("https://blog.example.org/wp-content/uploads/2024/05/pho-bowl-1024x683.jpg",
         "A bowl of phở bò at a stall on Bát Đàn street."),
        ("https://blog.example.org/wp-content/uploads/2024/05/herbs.jpg", None),  # alt is a file name
    ]
    assert texts(article.blocks, "heading") == ["Where to go", "How to order"]
    assert texts(article.blocks, "list") == [
        "Phở Bát Đàn, 49 Bát Đàn\nPhở Thìn, 13 Lò Đúc\nPhở 10 Lý Quốc Sư"
    ]
    assert texts(article.blocks, "quote") == ["“Phở is a breakfast, not a dinner.”\nA stall owner"]
    assert texts(article.blocks)[0].startswith("The first thing you notice at six in the morning")
    assert texts(article.blocks)[-1] == (
        "Point, smile and say “một bát”. Add chilli, lime and a spoon of garlic vinegar at the "
        "table, never before tasting."
    )
    # meta article:tag, then rel=tag links; rel="category tag" is the section, not a tag
    assert article.tags == ["Hanoi", "street food", "phở"]
    assert article.related == [
        RelatedLink("Bún chả for beginners", "https://blog.example.org/2024/04/bun-cha/"),
        RelatedLink("Egg coffee, explained", "https://blog.example.org/2024/03/egg-coffee/"),
    ]
    everything = " ".join(b.text for b in article.blocks)
    for unwanted in ("Share this", "Related", "thoughts on", "Recent Posts", "Skip to content",
                     "Posted in", "Jane Doe", "May 2, 2024"):
        assert unwanted not in everything
    assert_clean(article)


def test_news_page_without_semantic_tags_found_by_density() -> None:
    url = "https://news.example.com/world/2024/03/15/flood-relief.html"
    article = run("generic_news_sidebar.html", url)
    assert article.title == "Flood relief reaches northern villages"
    assert article.author == "Tran Thi Mai"
    assert article.published == datetime(2024, 3, 15, 9, 0, tzinfo=UTC)
    assert article.lead == "Aid convoys arrived on Friday after roads reopened."  # not paragraph 1
    assert article.category is None
    assert kinds(article.blocks) == [
        "paragraph", "paragraph", "image", "heading", "paragraph", "paragraph",
    ]
    assert images(article.blocks) == [
        ("https://news.example.com/img/2024/03/flood-road.jpg",
         "Floodwater covers a provincial road near the valley."),  # span.img-caption after <br>
    ]
    assert texts(article.blocks)[0].startswith("Aid convoys carrying rice, drinking water")
    assert texts(article.blocks)[-1].endswith("and urged residents to stay alert.")
    assert article.tags == ["floods", "aid", "Vietnam"]
    assert article.related == [  # the page's own URL is left out
        RelatedLink("Heavy rain forecast to continue",
                    "https://news.example.com/world/2024/03/14/rain-forecast.html"),
        RelatedLink("Dam releases water as levels rise",
                    "https://news.example.com/world/2024/03/13/dam-release.html"),
    ]
    assert "Most read" not in " ".join(texts(article.blocks, "heading"))
    assert_clean(article)


def test_main_element_with_nav_and_footer_links_title_from_title_tag() -> None:
    url = "https://gazette.example.net/news/2023/09/19/cycling-lanes"
    article = run("generic_nav_footer.html", url)
    assert article.title == "Council approves new cycling lanes"  # <title> minus " - City Gazette"
    assert article.author == "Sam Lee"  # rel=author
    assert article.published == datetime(2023, 9, 19, 16, 20, tzinfo=UTC)
    assert article.lead is None  # the description is just the first paragraph
    assert kinds(article.blocks) == ["paragraph", "paragraph", "heading"] + ["paragraph"] * 4
    assert texts(article.blocks) == [
        "The city council voted on Tuesday to build 40 kilometres of protected cycling lanes "
        "over the next three years.",
        "Supporters said the network would link the university, the hospital and the central "
        "station, while opponents worried about parking spaces.",
        "Year | Budget",
        "2024 | £4m",
        "2025 | £6m",
        "Work on the first section is due to begin next spring.",
    ]
    assert article.tags == ["cycling", "transport", "city council"]
    assert article.related == []
    assert_clean(article)


def test_antd_host_without_antd_markup_falls_back_to_generic() -> None:
    html = """<html><head><title>Trang đặc biệt</title>
    <meta property="og:title" content="Chuyên đề: Mùa hè an toàn"></head>
    <body><nav><a href="/">Trang chủ ZZJUNK</a></nav><article>
    <p>Đây là một trang chuyên đề có bố cục riêng, không theo mẫu bài viết thông thường của báo.</p>
    <p>Nội dung vẫn phải đọc được trong trình đọc, dù trang không có khung cms-body.</p>
    </article></body></html>"""
    article = extract("https://www.anninhthudo.vn/chuyen-de/mua-he.antd", html)
    assert article.title == "Chuyên đề: Mùa hè an toàn"
    assert len(texts(article.blocks)) == 2
    assert_clean(article)


def test_antd_header_fields_kept_when_its_body_is_empty() -> None:
    """A site adapter that finds the header but no body: generic supplies the text."""
    html = """<h1 class="article__title cms-title">Tiêu đề ANTD</h1>
    <span class="article__author cms-author">Lan Anh</span>
    <div class="article__body cms-body"></div>
    <main><p>Nội dung nằm ngoài khung bài viết vì trang bị lỗi mẫu, nhưng vẫn là bài viết, đủ dài
    để đọc, với nhiều chi tiết, nhiều dấu phẩy, và nhiều câu chữ hơn một dòng tiêu đề.</p></main>"""
    article = extract("https://www.anninhthudo.vn/x-post2.antd", html)
    assert article.title == "Tiêu đề ANTD" and article.author == "Lan Anh"
    assert texts(article.blocks)[0].startswith("Nội dung nằm ngoài khung bài viết")
