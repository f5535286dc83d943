"""Pages that are not text (PDFs, images, random bytes) are refused with a reason."""

from __future__ import annotations

import random

import pytest

from antd_tui.core.extract import ExtractionError, extract

URL = "https://e.vn/x"
_BODY = ("<p>Công an quận Hà Đông vừa phát hiện, bắt giữ một đối tượng trộm cắp tài sản "
         "trên địa bàn, thu giữ nhiều tang vật có liên quan.</p>") * 3


def _noise(size: int) -> bytes:
    return random.Random(size).randbytes(size)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_noise(50_000), "control or undecodable"),
        (b"%PDF-1.4\n" + _noise(20_000), "a PDF document"),
        (b"\x89PNG\r\n\x1a\n" + _noise(5_000), "a PNG image"),
        (b"\xff\xd8\xff\xe0" + _noise(5_000), "a JPEG image"),
        (b"PK\x03\x04" + _noise(5_000), "ZIP archive"),
        (b"<html><body>" + _noise(30_000) + b"</body></html>", "control or undecodable"),
    ],
    ids=["random", "pdf", "png", "jpeg", "zip", "noise-in-html"],
)
def test_binary_pages_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError, match=f"not a text page .*{reason}"):
        extract(URL, data)


def test_a_stray_nul_or_a_few_bad_bytes_do_not_refuse_a_real_page() -> None:
    html = f"<html><body><article>{_BODY}\x00<p>Hết \udcff.</p></article></body></html>"
    data = html.encode("utf-8", errors="surrogateescape")
    assert extract(URL, data).blocks


def test_a_vietnamese_page_in_an_undeclared_legacy_encoding_is_still_read() -> None:
    html = f"<html><head><title>Tin</title></head><body><article>{_BODY}</article></body></html>"
    data = html.encode("cp1258", errors="replace")
    assert extract(URL, data).blocks
