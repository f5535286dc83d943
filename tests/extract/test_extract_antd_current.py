"""ANTD.VN pages in the current layout (the one the sample edition uses)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from extract_helpers import assert_clean, images, kinds, page, run, texts

from antd_tui.core.extract import choose_adapter, extract
from antd_tui.core.extract.dom import parse
from antd_tui.core.models import RelatedLink

SEED_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "antd_seed_article.txt"
SEED_URL = (
    "https://www.anninhthudo.vn/xay-dung-doi-ngu-can-bo-lanh-dao-nu-co-trinh-do-chuyen-mon-"
    "nghiep-vu-trong-cong-an-nhan-dan-post447046.antd"
)
SEED_TITLE = (
    "Xây dựng đội ngũ cán bộ lãnh đạo nữ có trình độ chuyên môn, nghiệp vụ trong Công an nhân dân"
)
SEED_CAPTION = (
    "Thượng tướng Nguyễn Văn Thành, Thứ trưởng Bộ Công an và Phó Chủ tịch Trung ương Hội Liên "
    "hiệp Phụ nữ Việt Nam Bùi Thị Hòa trao Bằng khen tặng các cá nhân, tập thể có thành tích "
    "xuất sắc"
)
SEED_LEAD = (
    "ANTD.VN - Sáng 29-3, Ban Vì sự tiến bộ phụ nữ, công tác gia đình và trẻ em Công an nhân dân "
    "(CAND) tổ chức Hội nghị Tổng kết thực hiện kế hoạch hành động về bình đẳng giới giai đoạn "
    "2016 - 2020; tổng kết công tác năm 2020, triển khai nhiệm vụ trọng tâm năm 2021. Thượng "
    "tướng Nguyễn Văn Thành, Thứ trưởng Bộ Công an, Trưởng ban Vì sự tiến bộ phụ nữ, công tác gia "
    "đình và trẻ em CAND chủ trì Hội nghị."
)
IMG = "https://image.anninhthudo.vn/w800/Uploaded/2021/ranfoy/2021_03_29/hoi-nghi-binh-dang-gioi-1.jpg"
SEED_RELATED = [
    ("Hà Nội triển khai đợt cao điểm tấn công trấn áp tội phạm",
     "/ha-noi-trien-khai-dot-cao-diem-tan-cong-tran-ap-toi-pham-post447041.antd"),
    ("Công an Thủ đô ra quân bảo đảm an toàn giao thông",
     "/cong-an-thu-do-ra-quan-bao-dam-an-toan-giao-thong-post447032.antd"),
    ("Tuổi trẻ Công an tham gia Tháng Thanh niên",
     "https://www.anninhthudo.vn/tuoi-tre-cong-an-tham-gia-thang-thanh-nien-post447020.antd"),
    ('Trao tặng Kỷ niệm chương "Vì sự nghiệp bảo vệ an ninh Tổ quốc"',
     "/trao-tang-ky-niem-chuong-vi-su-nghiep-bao-ve-an-ninh-to-quoc-post447011.antd"),
]


SEED_PARAGRAPHS = [
    "Cùng dự có Thiếu tướng Nguyễn Ngọc Toàn, Cục trưởng Cục Công tác đảng và công tác chính "
    "trị, Thường trực Ban Vì sự tiến bộ phụ nữ, công tác gia đình và trẻ em CAND; đồng chí Bùi "
    "Thị Hòa, Phó Chủ tịch Trung ương Hội Liên hiệp Phụ nữ Việt Nam.",
    "Phát biểu tại Hội nghị, Thứ trưởng Nguyễn Văn Thành ghi nhận, biểu dương những thành tích "
    "mà Ban Vì sự tiến bộ phụ nữ, công tác gia đình và trẻ em trong CAND đã đạt được trong thời "
    "gian qua. Thứ trưởng Nguyễn Văn Thành nhấn mạnh, công tác bình đẳng giới, vì sự tiến bộ phụ "
    "nữ tiếp tục là vấn đề quan tâm của các nước trên thế giới nói chung, Đảng và Nhà nước ta "
    "nói riêng, điều đó tác động lớn đến việc triển khai công tác bình đẳng giới trong CAND giai "
    "đoạn tiếp theo.",
    "Đồng tình với phương hướng, nhiệm vụ công tác trọng tâm mà Ban Vì sự tiến bộ phụ nữ, công "
    "tác gia đình và trẻ em đã đề ra, đồng chí Thứ trưởng đề nghị cấp ủy, lãnh đạo Công an các "
    "đơn vị, địa phương cần nhận thức sâu sắc và có quan điểm chỉ đạo nhất quán về công tác bình "
    "đẳng giới và vì sự tiến bộ phụ nữ trong CAND. Tăng cường tập huấn nâng cao kiến thức bình "
    "đẳng giới cho lãnh đạo chỉ huy, cán bộ hoạch định chính sách, cán bộ làm công tác bình đẳng "
    "giới, công tác phụ nữ, vì sự tiến bộ phụ nữ.",
    "Xây dựng Kế hoạch và tổ chức triển khai thực hiện Chiến lược quốc gia về bình đẳng giới giai "
    "đoạn 2021-2030 trong CAND, Chương trình phòng ngừa, ứng phó với bạo lực trên cơ sở giới giai "
    "đoạn 2021-2025. Tăng cường công tác tuyên truyền về bình đẳng giới, góp phần quan trọng để "
    "đảm bảo thực hiện mục tiêu bình đẳng giới thực chất, góp phần thúc đẩy sự phát triển của xã "
    "hội; chú trọng xây dựng đội ngũ lãnh đạo nữ, cán bộ nữ có trình độ chuyên môn, nghiệp vụ, "
    "lao động nữ trong CAND.",
    "Bên cạnh đó, thường xuyên nắm tình hình, kiểm tra, đôn đốc việc triển khai thực hiện để rút "
    "kinh nghiệm trong chỉ đạo triển khai và hướng dẫn thực hiện đạt hiệu quả hơn; gắn trách "
    "nhiệm của người đứng đầu với công tác cán bộ nữ tại đơn vị; đánh giá hiệu quả hoạt động và "
    "gắn trách nhiệm của các thành viên của Ban đối với các nhiệm vụ được phân công. Xây dựng "
    "hướng dẫn tiêu chí đánh giá công tác bình đẳng giới, vì sự tiến bộ phụ nữ của Công an đơn "
    "vị, địa phương...",
]


def seed_paragraphs() -> list[str]:
    """The five body paragraphs exactly as the seed shows them."""
    return SEED_PARAGRAPHS


def test_inline_seed_copy_matches_the_seed_file() -> None:
    lines = [ln.strip() for ln in SEED_FILE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert lines[lines.index(SEED_CAPTION) + 1 : lines.index("TIN CÙNG CHUYÊN MỤC")] == (
        SEED_PARAGRAPHS
    )
    assert lines[0] == "Chính trị - Xã hội" and lines[1] == SEED_TITLE and lines[2] == "P.V"
    assert " ".join(lines[3].split()) == SEED_LEAD
    assert lines[4] == SEED_TITLE + " ảnh 1"  # the alt the reader must not show as a caption


def related_for(base: str) -> list[RelatedLink]:
    return [
        RelatedLink(title, url if url.startswith("http") else base + url)
        for title, url in SEED_RELATED
    ]


def test_seed_article_reads_as_the_site_shows_it() -> None:
    article = run("antd_current_seed.html", SEED_URL)
    assert article.title == SEED_TITLE
    assert article.category == "Chính trị - Xã hội"
    assert article.author == "P.V"
    assert article.lead == SEED_LEAD  # dateline kept, the double space collapsed
    assert article.published == datetime(2021, 3, 29, 4, 27, tzinfo=UTC)
    assert kinds(article.blocks) == ["image"] + ["paragraph"] * 5
    assert images(article.blocks) == [(IMG, SEED_CAPTION)]
    paragraphs = texts(article.blocks)
    assert len(seed_paragraphs()) == 5
    assert paragraphs == seed_paragraphs()
    assert article.tags == ["bình đẳng giới", "Công an nhân dân", "cán bộ nữ", "Nguyễn Văn Thành"]
    assert article.related == related_for("https://www.anninhthudo.vn")
    assert_clean(article)


def test_seed_article_never_shows_alt_text_chrome_or_sidebars() -> None:
    article = run("antd_current_seed.html", SEED_URL)
    everything = " ".join(
        [b.text for b in article.blocks] + [b.caption or "" for b in article.blocks]
    )
    for unwanted in ("ảnh 1", "Quảng cáo", "QUẢNG CÁO", "Chia sẻ", "Bình luận", "ĐỌC NHIỀU",
                     "Trang chủ", "Cơ quan chủ quản", "TIN CÙNG CHUYÊN MỤC"):
        assert unwanted not in everything
    assert article.lead not in texts(article.blocks)
    assert [r.title for r in article.related].count("Giá vàng hôm nay ZZJUNK-sidebar") == 0


def test_sample_edition_host_uses_the_antd_adapter_by_markup() -> None:
    """The bundled edition is served from 127.0.0.1: the markup, not the host, picks ANTD."""
    url = "http://127.0.0.1:8765/xay-dung-doi-ngu-post447046.antd"
    html = page("antd_current_seed.html")
    assert choose_adapter(url, parse(html.decode())).name == "cms"
    assert choose_adapter(SEED_URL, parse("<p>x</p>")).name == "cms"
    assert choose_adapter("https://example.com/a", parse("<p>x</p>")).name == "generic"
    article = extract(url, html)
    assert article.title == SEED_TITLE and article.author == "P.V"
    assert article.category == "Chính trị - Xã hội"
    assert images(article.blocks) == [(IMG, SEED_CAPTION)]
    assert texts(article.blocks) == seed_paragraphs()
    assert article.related == related_for("http://127.0.0.1:8765")


def test_str_and_bytes_input_give_the_same_article() -> None:
    html = page("antd_current_seed.html")
    assert extract(SEED_URL, html) == extract(SEED_URL, html.decode("utf-8"))


def test_missing_author_lazy_images_headings_lists_and_related() -> None:
    url = ("https://anninhthudo.vn/canh-sat-giao-thong-ha-noi-tang-cuong-tuan-tra-dip-cuoi-tuan-"
           "post512345.antd")
    article = run("antd_current_lazy.html", url)
    assert article.title == "Cảnh sát giao thông Hà Nội tăng cường tuần tra dịp cuối tuần"
    assert article.author is None
    assert article.category == "Giao thông"  # the last breadcrumb link, not "Trang chủ"
    assert article.published == datetime(2023, 6, 10, 14, 5, tzinfo=UTC)
    assert article.lead == (
        "ANTD.VN - Từ tối 9-6, các tổ công tác của Phòng Cảnh sát giao thông Công an TP Hà Nội "
        "đồng loạt ra quân tuần tra, kiểm soát trên các tuyến phố trung tâm."
    )
    assert kinds(article.blocks) == [
        "paragraph", "image", "paragraph", "heading", "paragraph", "heading", "paragraph",
        "list", "image", "paragraph", "image", "quote", "paragraph",
    ]
    assert [b.text for b in article.blocks if b.kind == "heading"] == [
        "Xử lý nghiêm vi phạm nồng độ cồn",
        "Nhiều tuyến phố được phân luồng",  # a <p> that is all <strong>
    ]
    assert images(article.blocks) == [
        # data-src wins over the blank.gif placeholder
        ("https://image.anninhthudo.vn/w800/Uploaded/2023/ofh/2023_06_10/tuan-tra-1.jpg",
         "Tổ công tác kiểm tra nồng độ cồn người điều khiển xe máy trên phố Trần Hưng Đạo"),
        # no src: data-photo-original-src (protocol-relative); caption from a.photo[data-desc]
        ("https://image.anninhthudo.vn/Uploaded/2023/ofh/2023_06_10/phan-luong-2.jpg",
         "Người dân chấp hành hướng dẫn phân luồng tại phố Đinh Tiên Hoàng"),
        # a data: URI placeholder; relative data-src resolved; alt "ảnh 3" is not a caption
        ("https://anninhthudo.vn/Uploaded/2023/ofh/2023_06_10/bien-bao-3.jpg", None),
    ]
    body = texts(article.blocks)
    assert body[0].startswith("Theo kế hoạch, lực lượng tuần tra")
    assert body[1] == ("Chỉ sau hai giờ triển khai, các tổ công tác đã lập biên bản hàng chục "
                       "trường hợp vi phạm, tạm giữ nhiều phương tiện.")
    assert body[-1] == ("Người dân có thể phản ánh vi phạm qua đường dây nóng của Phòng Cảnh sát "
                        "giao thông.")
    assert len(body) == 6
    assert texts(article.blocks, "list") == [
        "Phố Hàng Bài, đoạn từ Tràng Tiền đến Hai Bà Trưng;\n"
        "Phố Đinh Tiên Hoàng, quanh hồ Hoàn Kiếm;\nPhố Lý Thái Tổ."
    ]
    assert texts(article.blocks, "quote") == [
        '"Chúng tôi sẽ duy trì cao điểm đến hết tháng 6"\n- Đại diện Phòng Cảnh sát giao thông'
    ]
    # In-body relate box first, then TIN CÙNG CHUYÊN MỤC; the page itself, the javascript:
    # link and the duplicates (same URL, or the same URL with a #fragment) are left out.
    assert article.related == [
        RelatedLink("Hơn 300 trường hợp vi phạm nồng độ cồn bị xử lý",
                    "https://anninhthudo.vn/hon-300-truong-hop-vi-pham-nong-do-con-bi-xu-ly-post512200.antd"),
        RelatedLink("Phân luồng giao thông phục vụ lễ hội",
                    "https://anninhthudo.vn/phan-luong-giao-thong-phuc-vu-le-hoi-post512180.antd"),
        RelatedLink("Xe buýt điều chỉnh lộ trình",
                    "https://anninhthudo.vn/xe-buyt-dieu-chinh-lo-trinh-post512100.antd"),
    ]
    # Related stories are links, never body text.
    assert not any("Phân luồng giao thông phục vụ" in t for t in texts(article.blocks, "heading"))
    assert article.tags == ["CSGT Hà Nội", "tuần tra kiểm soát", "nồng độ cồn"]
    assert_clean(article)


def test_photo_story_captions_by_preference_and_alt_never_a_caption() -> None:
    url = "http://127.0.0.1:8765/ngam-ho-guom-trong-sac-thu-post9010.antd"
    article = run("antd_current_gallery.html", url)
    assert article.title == "Ngắm Hồ Gươm trong sắc thu"
    assert article.author == "Minh Anh"  # "Ảnh: " credit prefix dropped
    assert article.category == "Văn hóa"  # no breadcrumb: meta article:section
    assert article.lead == (
        "ANTD.VN - Những ngày đầu tháng 10, Hồ Gươm khoác lên mình tấm áo mới với nắng vàng dịu "
        "nhẹ và hàng cây thay lá."
    )
    base = "http://127.0.0.1:8765/media/2024/10/"
    assert images(article.blocks) == [
        (base + "thap-rua.jpg", "Nắng sớm phủ vàng Tháp Rùa giữa lòng hồ"),  # td.caption wins
        (base + "the-huc.jpg", "Cầu Thê Húc đỏ rực trong ánh bình minh"),  # empty td: data-desc
        (base + "ham-ca.jpg", None),  # data-desc and alt are just "ảnh 3"
        (base + "den-ngoc-son.jpg", "Đền Ngọc Sơn về chiều"),  # cms-photo-caption, tags stripped
        # the fifth table repeats the first picture: not shown twice
    ]
    assert texts(article.blocks) == [
        "Mùa thu là thời điểm nhiều người dân và du khách tìm về Hồ Gươm để tản bộ, chụp ảnh."
    ]
    assert article.related == [
        RelatedLink("Phố cổ Hà Nội về đêm", "http://127.0.0.1:8765/pho-co-ha-noi-ve-dem-post9001.antd"),
        RelatedLink("Làng hoa Nhật Tân", "http://127.0.0.1:8765/lang-hoa-nhat-tan-post9002.antd"),
    ]
    assert article.tags == ["Hồ Gươm", "mùa thu Hà Nội"]
    assert_clean(article)


def test_video_with_poster_is_an_image_and_without_is_skipped_no_related() -> None:
    article = run("antd_current_video.html", "https://www.anninhthudo.vn/dien-tap-post400100.antd")
    assert article.title == "Diễn tập phương án chữa cháy tại chung cư cao tầng"
    assert article.author == "Quang Minh"
    assert article.category == "Video"
    assert article.lead is not None and article.lead.startswith("ANTD.VN -Sáng 18-11, Công an")
    assert kinds(article.blocks) == ["image", "paragraph", "paragraph", "heading", "paragraph"]
    assert images(article.blocks) == [
        ("https://image.anninhthudo.vn/w800/Uploaded/2022/video/dien-tap-poster.jpg",
         "Lực lượng chữa cháy tiếp cận tầng 15 bằng xe thang"),
    ]
    assert texts(article.blocks, "heading") == ["Nâng cao kỹ năng thoát nạn"]
    assert article.related == []
    assert article.tags == []
    assert_clean(article)


def test_broken_markup_with_ads_share_bars_and_scripts() -> None:
    article = run("antd_current_broken.html",
                  "https://www.anninhthudo.vn/bat-giu-doi-tuong-trom-cap-post300200.antd")
    assert article.title == "Bắt giữ đối tượng trộm cắp tài sản tại chợ đầu mối"
    assert article.author == "Văn Long"
    assert article.category == "Pháp luật"
    assert article.published == datetime(2020, 7, 1, 23, 10, tzinfo=UTC)
    # The lead's <div> is never closed: it swallows the body, but not into the lead.
    assert article.lead == (
        "ANTD.VN - Công an quận Long Biên vừa bắt giữ một đối tượng chuyên trộm cắp tài sản của "
        "tiểu thương tại chợ đầu mối."
    )
    assert texts(article.blocks) == [
        "Khoảng 3h sáng 1-7, tổ công tác phát hiện một nam thanh niên có biểu hiện nghi vấn lảng "
        "vảng quanh các sạp hàng",
        "Kiểm tra hành chính, lực lượng chức năng thu giữ 2 điện thoại di động và hơn 5 triệu "
        "đồng không rõ nguồn gốc.",
        "Tại cơ quan Công an, đối tượng khai nhận đã thực hiện 4 vụ trộm trong tháng 6.",
        "Tang vật | Số lượng",
        "Điện thoại | 2",
        "Vụ việc đang được tiếp tục điều tra làm rõ.",
    ]
    assert images(article.blocks) == []  # ad pictures and the noscript pixel are gone
    assert article.tags == ["trộm cắp", "chợ Long Biên"]
    assert_clean(article)
    assert "Quảng cáo" not in " ".join(texts(article.blocks))


@pytest.mark.parametrize(
    "name",
    ["antd_current_seed.html", "antd_current_lazy.html", "antd_current_gallery.html",
     "antd_current_video.html", "antd_current_broken.html"],
)
def test_current_layout_pages_never_leak_boilerplate(name: str) -> None:
    assert_clean(run(name, "https://www.anninhthudo.vn/some-article-post1.antd"))


def test_full_size_page_chrome_does_not_change_the_article() -> None:
    """The seed article inside a 120 KiB page (mega menu, 50 sidebar stories, inline state
    JSON, CSS, 40 scripts, footer menu) reads exactly as the bare page does."""
    full = run("antd_current_fullpage.html", SEED_URL)
    assert len(page("antd_current_fullpage.html")) > 100_000
    assert full == run("antd_current_seed.html", SEED_URL)
    assert_clean(full)
