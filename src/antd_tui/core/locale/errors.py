"""A fetch or parse error as a person reads it, in the chosen language.

The fetcher and the parsers describe failures in English (``HTTP 404 Not
Found``, ``cannot connect: connection refused``); that text is also the
machine-facing ``error`` of ``refresh --json`` and never changes. What a
person reads — the reader's notices, ``refresh`` and ``show`` on a terminal —
goes through ``error_text``, which words every message the fetcher and the
parsers make in Vietnamese when ``language = "vi"``. A message it does not
know (an OS error's own words, say) is shown as it came.
"""

from __future__ import annotations

import re

# the HTTP reasons a feed reader meets; others show their number alone
_HTTP_VI = {
    400: "yêu cầu không hợp lệ", 401: "cần đăng nhập", 403: "bị từ chối truy cập",
    404: "không có trang này", 408: "máy chủ chờ quá lâu", 410: "trang đã bị gỡ",
    429: "gửi quá nhiều yêu cầu", 500: "máy chủ gặp lỗi", 502: "cổng máy chủ lỗi",
    503: "máy chủ đang bận hoặc bảo trì", 504: "cổng máy chủ chờ quá lâu",
}

_REASON_VI = {
    "connection refused": "máy chủ từ chối kết nối",
    "connection reset by peer": "máy chủ ngắt kết nối",
    "network is unreachable": "không tới được mạng",
    "no route to host": "không có đường tới máy chủ",
    "connection timed out": "hết thời gian chờ kết nối",
    "timed out": "hết thời gian chờ",
    "timed out while reading": "hết thời gian chờ khi đang tải",
    "got an HTML page, not a feed": "nhận được một trang HTML, không phải nguồn tin",
    "not a feed (no RSS, Atom or JSON Feed found)":
        "không phải nguồn tin (không thấy RSS, Atom hay JSON Feed)",
    "empty response (no feed)": "máy chủ trả về rỗng (không có nguồn tin)",
    "refused: the feed declares a DOCTYPE or entities": "từ chối: nguồn tin khai báo DOCTYPE hoặc thực thể",
    "broken XML: the DOCTYPE never ends": "XML hỏng: DOCTYPE không có chỗ kết thúc",
    "the parser process stopped while reading this feed": "tiến trình phân tích dừng khi đang đọc nguồn này",
    "JSON that is not a JSON Feed (no jsonfeed.org version)": "JSON nhưng không phải JSON Feed",
    "JSON Feed without an 'items' list": "JSON Feed không có danh sách 'items'",
    "too large to show": "quá lớn để hiển thị",  # photos (ui/photos.py)
}

# (pattern, Vietnamese with the pattern's groups); the first match wins
_PATTERNS_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), vi) for p, vi in (
    (r"^cannot connect: cannot resolve the host name \((.*)\)$",
     "không kết nối được: không tìm thấy máy chủ theo tên ({0})"),
    (r"^cannot connect: (.*)$", "không kết nối được: {0}"),
    (r"^network error: (.*)$", "lỗi mạng: {0}"),
    (r"^HTTP (\d{3}) redirect without a Location$", "HTTP {0}: chuyển hướng mà không có địa chỉ mới"),
    (r"^too many redirects \(more than (\d+)\)$", "chuyển hướng quá nhiều lần (hơn {0})"),
    (r"^response too large \((.*)\)$", "phản hồi quá lớn ({0})"),
    (r"^not a usable URL: (.*)$", "địa chỉ không dùng được: {0}"),
    (r"^unsupported Content-Encoding (.*)$", "kiểu nén không hỗ trợ {0}"),
    (r"^corrupt compressed body \((.*)\)$", "dữ liệu nén bị hỏng ({0})"),
    (r"^broken JSON: (.*)$", "JSON hỏng: {0}"),
    (r"^(\d+×\d+ px) is too large to show$", "{0}: quá lớn để hiển thị"),
    (r"^not a readable image: (.*)$", "không đọc được ảnh: {0}"),
    (r"^full text: (.*)$", "toàn văn: {0}"),  # a bookmark's problems (core/library/bookmarks.py)
    (r"^image (\S+): unexpected (.*)$", "ảnh {0}: lỗi không lường trước {1}"),
    (r"^image (\S+): (.*)$", "ảnh {0}: {1}"),
    (r"^(.*) \(the site refuses every request: not asked again in this refresh\)$",
     "{0} (trang từ chối mọi yêu cầu: không hỏi lại trong lượt cập nhật này)"),
))
_HTTP = re.compile(r"^HTTP (\d{3})(?: (.*))?$")


def error_text(error: str, language: str) -> str:
    """``error`` (as the fetcher or a parser wrote it) in ``language`` ("vi" or "en")."""
    if language == "en" or not error:
        return error
    return _vi(error)


def _vi(error: str) -> str:
    if error in _REASON_VI:
        return _REASON_VI[error]
    for pattern, template in _PATTERNS_VI:
        match = pattern.match(error)
        if match:
            return template.format(*(_vi(g) for g in match.groups()))
    http = _HTTP.match(error)
    if http:
        code = int(http.group(1))
        reason = _HTTP_VI.get(code)
        return f"lỗi HTTP {code}" + (f" ({reason})" if reason else "")
    return error
