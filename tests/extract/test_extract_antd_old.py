"""ANTD.VN pages in the 2016–2020 and 2010–2013 layouts."""

from __future__ import annotations

from datetime import UTC, datetime

from extract_helpers import assert_clean, images, kinds, run, texts

from antd_tui.core.models import RelatedLink

IMG_2018 = "https://image.anninhthudo.vn/Uploaded/2018/pbzqv/2018_09_12/"


def test_2016_article_bold_lead_em_captions_and_in_body_author() -> None:
    url = "https://www.anninhthudo.vn/phap-luat/lat-tay-thu-doan-lua-dao-qua-mang-xa-hoi/790123.antd"
    article = run("antd_2016_article.html", url)
    assert article.title == "Lật tẩy thủ đoạn lừa đảo qua mạng xã hội"
    assert article.category == "Pháp luật"
    assert article.author == "HOÀNG NAM"  # span.cms-author in the body; meta author "ANTD.VN" ignored
    assert article.published == datetime(2018, 9, 12, 1, 30, tzinfo=UTC)
    assert article.lead == (
        "ANTD.VN - Giả danh nhân viên ngân hàng, các đối tượng gửi đường link giả mạo để chiếm "
        "đoạt tài khoản của bị hại."
    )
    assert kinds(article.blocks) == [
        "paragraph", "image", "paragraph", "image", "heading", "paragraph", "image",
        "paragraph", "image", "paragraph",
    ]
    # The bold <p><b>ANTD.VN - …</b></p> repeat of the lead is gone.
    assert texts(article.blocks)[0] == (
        "Ngày 11-9, Công an quận Đống Đa tiếp nhận đơn trình báo của chị N.T.H. về việc bị "
        "chiếm đoạt 120 triệu đồng trong tài khoản ngân hàng."
    )
    assert texts(article.blocks)[-1] == (
        "Người dân có thông tin liên quan đề nghị liên hệ Công an quận Đống Đa."
    )
    assert len(texts(article.blocks)) == 5
    assert images(article.blocks) == [
        # cms-photo-caption, and the identical <em> after it is consumed, not repeated
        (IMG_2018 + "lua-dao-1.jpg", "Đối tượng Trần Văn K. tại cơ quan điều tra"),
        # only the <em> after <br>
        (IMG_2018 + "tin-nhan-2.jpg", "Tin nhắn mạo danh ngân hàng (Ảnh chụp màn hình)"),
        # the caption is an all-italic paragraph right after the picture
        (IMG_2018 + "canh-bao-3.jpg",
         "Người dân cần báo ngay cho cơ quan Công an khi phát hiện dấu hiệu lừa đảo"),
        # data-desc="ảnh 4": no caption at all
        (IMG_2018 + "hien-truong-4.jpg", None),
    ]
    assert texts(article.blocks, "heading") == ["Cảnh giác với tin nhắn lạ"]
    body = " ".join(texts(article.blocks))
    assert "HOÀNG NAM" not in body and "Đối tượng Trần Văn K." not in body
    assert article.tags == ["lừa đảo", "mạng xã hội", "Công an Hà Nội"]
    assert article.related == [
        RelatedLink("Cảnh báo lừa đảo mạo danh Công an",
                    "https://www.anninhthudo.vn/phap-luat/canh-bao-lua-dao-mao-danh-cong-an/789900.antd"),
        RelatedLink("Bắt nhóm lừa đảo bán hàng online",
                    "https://www.anninhthudo.vn/phap-luat/bat-nhom-lua-dao-ban-hang-online/789850.antd"),
    ]
    assert_clean(article)


def test_2016_gallery_picitems_with_title_em_captions() -> None:
    article = run("antd_2016_gallery.html",
                  "https://www.anninhthudo.vn/phong-su-anh/pho-di-bo-ho-guom/780001.antd")
    assert article.title == "Phố đi bộ Hồ Gươm ngày cuối tuần"
    assert article.author == "Khánh Huy"
    assert article.category == "Phóng sự ảnh"
    assert article.published == datetime(2019, 4, 20, 12, 45, tzinfo=UTC)
    assert article.lead == (
        "(ANTĐ) - Mỗi tối cuối tuần, không gian quanh Hồ Gươm trở thành điểm vui chơi của hàng "
        "nghìn người dân và du khách."
    )
    gal = "https://image.anninhthudo.vn/Uploaded/2019/gal/"
    assert images(article.blocks) == [
        (gal + "pho-di-bo-1.jpg",
         "Các nghệ sĩ đường phố biểu diễn tại quảng trường Đông Kinh Nghĩa Thục"),
        (gal + "pho-di-bo-2.jpg", "Trẻ em thích thú với các trò chơi dân gian"),  # lazy data-src
        (gal + "pho-di-bo-3.jpg", None),  # "<title> ảnh 3" is not a caption
    ]
    assert kinds(article.blocks) == ["image", "image", "image", "paragraph"]
    assert texts(article.blocks) == [
        "Phố đi bộ được duy trì từ năm 2016, góp phần tạo nên diện mạo mới cho Thủ đô."
    ]
    assert article.tags == ["phố đi bộ", "Hồ Gươm"]
    assert article.related == []
    assert_clean(article)


def test_2010_article_p_title_date_author_tags_and_article_links() -> None:
    url = "http://antd.vn/an-ninh-doi-song/bat-qua-tang-nhom-danh-bac-tai-nha-rieng/412345.antd"
    article = run("antd_2010_article.html", url)
    assert article.title == "Bắt quả tang nhóm đánh bạc tại nhà riêng"
    assert article.author == "Hải Anh"
    assert article.category is None  # the old pages have no breadcrumb
    assert article.published == datetime(2012, 3, 29, 1, 15, tzinfo=UTC)  # 08:15 Hà Nội time
    assert article.lead == (
        "ANTĐ - Tối 28-3, Công an phường Phương Liệt phối hợp Đội Cảnh sát hình sự Công an quận "
        "Thanh Xuân bắt quả tang 6 đối tượng đang đánh bạc."
    )
    assert kinds(article.blocks) == ["paragraph", "image", "paragraph", "paragraph"]
    assert images(article.blocks) == [
        ("http://antd.vn/Uploaded/2012/3/29/danhbac.jpg", "Tang vật thu giữ tại hiện trường"),
    ]
    assert texts(article.blocks)[0].startswith("Khoảng 21h, tổ công tác ập vào căn nhà")
    assert texts(article.blocks)[-1] == (
        "Hiện vụ việc đang được Công an quận Thanh Xuân củng cố hồ sơ để xử lý theo quy định của "
        "pháp luật."
    )
    assert article.tags == ["đánh bạc", "Thanh Xuân"]  # "Đánh bạc" is the same tag
    assert article.related == [
        RelatedLink("Triệt phá ổ cờ bạc lớn",
                    "http://antd.vn/an-ninh-doi-song/triet-pha-o-co-bac-lon/412300.antd"),
        RelatedLink("Bắt đối tượng cướp giật",
                    "http://antd.vn/an-ninh-doi-song/bat-doi-tuong-cuop-giat/412280.antd"),
        # the list's link to this very article is left out
    ]
    joined = " ".join(b.text for b in article.blocks)
    assert "Các tin khác" not in joined and "Hải Anh" not in joined and "Tags" not in joined
    assert_clean(article)


def test_2012_br_separated_text_and_a_mislabelled_charset() -> None:
    """The page says windows-1252 but is UTF-8, as many old templates did."""
    article = run("antd_2012_br.html", "http://antd.vn/giao-thong/ha-noi-cam-xe-tai/500200.antd")
    assert article.title == "Hà Nội: Cấm xe tải vào nội thành giờ cao điểm"
    assert article.author is None
    assert article.published == datetime(2012, 9, 15, 0, 45, tzinfo=UTC)
    assert article.lead == (
        "(ANTĐ) - Từ ngày 1-10, xe tải có tải trọng trên 1,25 tấn không được lưu thông vào khu "
        "vực nội thành trong giờ cao điểm."
    )
    assert kinds(article.blocks) == ["paragraph", "paragraph", "paragraph", "image", "paragraph"]
    assert texts(article.blocks) == [
        "Theo quyết định của UBND thành phố, khung giờ cấm là từ 6h đến 9h và từ 16h30 đến 19h30 "
        "hằng ngày.",
        "Ngoại lệ",
        "Xe chở hàng thiết yếu được cấp phép riêng vẫn được lưu thông.",
        "Lực lượng Cảnh sát giao thông sẽ tăng cường kiểm tra, xử lý vi phạm.",
    ]
    assert images(article.blocks) == [
        ("http://antd.vn/Uploaded/2012/9/15/xetai.jpg", "Xe tải ùn ứ trên đường Giải Phóng"),
    ]
    assert article.tags == ["xe tải", "cấm đường"]
    assert article.related == [
        RelatedLink("Điều chỉnh tuyến buýt",
                    "http://antd.vn/giao-thong/dieu-chinh-tuyen-buyt/500100.antd"),
    ]
    assert_clean(article)
