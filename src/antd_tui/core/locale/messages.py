"""Every string the reader and the CLI show, in Vietnamese (default) and English.

One word per meaning: "lưu" / "saved" is a bookmark only ("Bài đã lưu",
"★ đã lưu"); what the cache holds is "đã tải về" / "cached" and the cache
itself "bộ nhớ đệm" (``tests/ui/test_i18n_and_paging.py`` checks every entry).

``Tr(settings.language)("refresh.progress", done=3, total=6, new=12)`` picks
the language and fills the placeholders. Command descriptions live beside
their commands in ``commands.py`` (each command is declared once); everything
else is here. Times: ``relative_time`` for list rows ("5 phút trước",
"hôm qua 19:05"), ``clock_time`` for bylines, ``long_date`` for the title bar.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

VI, EN = 0, 1

CATALOGUE: dict[str, tuple[str, str]] = {
    # chrome
    "brand": ("AN NINH THỦ ĐÔ", "AN NINH THỦ ĐÔ"),
    "brand.site": ("ANTD.VN", "ANTD.VN"),
    "demo": ("bản mẫu ngoại tuyến", "offline sample edition"),
    "screen.bookmarks": ("Bài đã lưu", "Saved articles"),
    "screen.search": ("Tìm kiếm", "Search"),
    "screen.help": ("Phím tắt", "Keys"),
    "help.close": ("Esc, ? hoặc q để đóng", "Esc, ? or q to close"),
    "help.palette": ("Mở bảng lệnh", "Open the command palette"),
    "help.group.app": ("Chung", "Everywhere"),
    "help.group.pane": ("Chuyên mục", "Sections"),
    "help.group.list": ("Danh sách bài", "Article list"),
    "help.group.reader": ("Đọc bài", "Reading"),
    "help.group.other": ("Khác", "Other"),
    "palette.placeholder": ("Tìm lệnh…", "Search for commands…"),
    "palette.none": ("Không có lệnh nào khớp", "No matching commands"),
    "quit.title": ("Muốn thoát?", "Do you want to quit?"),
    "quit.how": ("Nhấn {shortcut} để thoát.", "Press {shortcut} to quit."),
    "help.related": ("Cuối bài: ↓ để vào “Tin cùng chuyên mục”, Enter mở, o mở trong trình duyệt.",
                     "At the end: ↓ moves into the related list, Enter opens, o opens in a browser."),
    "help.unknown_keys": ("Không có lệnh tên: {names}", "No command named: {names}"),
    # lists
    "list.empty": ("Chưa có bài nào trong chuyên mục này.", "No articles in this section yet."),
    "list.empty_hint": ("Nhấn r để cập nhật chuyên mục, R để cập nhật tất cả.",
                        "Press r to refresh this section, R to refresh everything."),
    "list.loading": ("Đang tải…", "Loading…"),
    "list.count": ("{name} · {total} bài · {unread} chưa đọc",
                   "{name} · {total} articles · {unread} unread"),
    "bookmarks.empty": ("Chưa lưu bài nào.", "Nothing saved yet."),
    "bookmarks.empty_hint": ("Nhấn b trên một bài để lưu đọc sau (kể cả khi ngoại tuyến).",
                             "Press b on an article to save it for later (offline too)."),
    "bookmarks.count": ("{n} bài đã lưu", "{n} saved articles"),
    "search.placeholder": ("Gõ để tìm, không cần dấu: da nang, cong an…",
                           "Type to search, accents optional: da nang, cong an…"),
    "search.prompt": ("Nhập từ khoá để tìm trong các bài đã tải về.",
                      "Type words to search the cached articles."),
    "search.none": ("Không tìm thấy bài nào cho “{q}”.", "No articles found for “{q}”."),
    "search.none_hint": ("Thử từ khác, hoặc bớt một từ.", "Try other words, or fewer of them."),
    "search.count": ("{n} kết quả cho “{q}”", "{n} results for “{q}”"),
    "search.many": ("{n}+ kết quả cho “{q}” (hiện {n} bài mới nhất)",
                    "{n}+ results for “{q}” (newest {n} shown)"),
    "search.many_relevant": ("{n}+ kết quả cho “{q}” (hiện {n} bài liên quan nhất)",
                             "{n}+ results for “{q}” (the {n} most relevant shown)"),
    "search.by_relevance": ("liên quan nhất trước", "most relevant first"),
    "search.by_newest": ("mới nhất trước", "newest first"),
    "search.too_long": ("Tối đa {max} từ cho một lần tìm (đang có {n}).",
                        "A search can have at most {max} words (this one has {n})."),
    "flag.unread": ("● chưa đọc", "● unread"),
    "flag.read": ("đã đọc", "read"),
    "flag.saved": ("★ đã lưu", "★ saved"),
    # reading view
    "reader.related": ("TIN CÙNG CHUYÊN MỤC", "MORE FROM THIS SECTION"),
    "reader.suggested": ("BÀI LIÊN QUAN (GỢI Ý)", "RELATED (SUGGESTED)"),
    "reader.image": ("Ảnh {n}", "Photo {n}"),
    "photo.loading": ("Đang tải ảnh…", "Loading the photo…"),
    "photo.unavailable": ("Không hiển thị được ảnh ({reason}).", "Image unavailable ({reason})."),
    "photo.on": ("Hiện ảnh", "Photos on"),
    "photo.off": ("Ẩn ảnh (chỉ chú thích)", "Photos off (captions only)"),
    "reader.tags": ("Từ khoá: ", "Tags: "),
    "reader.source": ("Nguồn: ", "Source: "),
    "reader.loading": ("Đang tải toàn văn…", "Loading the full text…"),
    "reader.summary_only": ("Chưa có toàn văn: đây là phần tóm tắt đã tải về.",
                            "No full text yet: this is the cached summary."),
    "reader.offline": ("Không tải được toàn văn ({error}). Đang hiển thị phần tóm tắt đã tải về.",
                       "Could not load the full text ({error}). Showing the cached summary."),
    "reader.missing": ("Bài này không còn trong bộ nhớ đệm.", "This article is no longer cached."),
    "reader.not_cached": ("Bài này chưa được tải về để đọc ngoại tuyến. Nhấn o để mở trong trình duyệt.",
                          "This article is not cached for offline reading. Press o to open it in a browser."),
    "reader.uncached_mark": ("  (chưa tải về)", "  (not cached)"),
    "reader.position": ("Bài {n}/{total}", "Article {n}/{total}"),
    "reader.no_next": ("Đây là bài cuối cùng của danh sách.", "This is the last article in the list."),
    "reader.no_prev": ("Đây là bài đầu tiên của danh sách.", "This is the first article in the list."),
    "reader.no_list": ("Bài này được mở từ một liên kết, không có danh sách để chuyển bài.",
                       "This article was opened from a link; there is no list to step through."),
    "notify.offline": ("Đang ngoại tuyến: vẫn đọc được mọi bài đã tải về.",
                       "Offline: every cached article can still be read."),
    # article actions
    "bookmark.on": ("Đã lưu bài.", "Saved."),
    "bookmark.off": ("Đã bỏ lưu bài. Nhấn u để hoàn tác.", "Removed from saved. Press u to undo."),
    "bookmark.offline": ("Đã lưu toàn văn và ảnh: đọc được cả khi ngoại tuyến.",
                         "Saved with full text and photos: readable offline."),
    "bookmark.incomplete": ("Đã lưu bài; toàn văn hoặc ảnh sẽ được tải nốt ở lần cập nhật sau.",
                            "Saved; the full text or photos will be completed by the next refresh."),
    "bookmarks.incomplete": ("{n} bài chưa đủ để đọc ngoại tuyến", "{n} not yet complete offline"),
    "undo.nothing": ("Không có gì để hoàn tác.", "Nothing to undo."),
    "read.on": ("Đã đánh dấu là đã đọc.", "Marked as read."),
    "read.off": ("Đã đánh dấu là chưa đọc.", "Marked as unread."),
    "pane.read": ("Đã đánh dấu {n} bài là đã đọc.", "Marked {n} articles as read."),
    "pane.none_unread": ("Không còn bài chưa đọc.", "Nothing unread here."),
    "link.none": ("Bài này không có liên kết.", "This article has no link."),
    "link.refused": ("Không mở liên kết này: chỉ mở được địa chỉ http/https.",
                     "Not opening this link: only http/https addresses are opened."),
    "link.opened": ("Đã mở trong trình duyệt.", "Opened in the browser."),
    "link.no_browser": ("Không tìm thấy trình duyệt. Nhấn y để sao chép liên kết.",
                        "No web browser found. Press y to copy the link."),
    "link.copied": ("Đã sao chép liên kết.", "Link copied."),
    "nothing_selected": ("Chưa chọn bài nào.", "No article selected."),
    # refresh
    "refresh.starting": ("Đang cập nhật…", "Refreshing…"),
    "refresh.progress": ("Đang cập nhật {done}/{total} nguồn · {new} bài mới",
                         "Refreshing {done}/{total} feeds · {new} new"),
    "refresh.full_text": ("Đang tải toàn văn {done}/{total} bài · {new} bài mới",
                          "Fetching full text {done}/{total} · {new} new"),
    "refresh.done": ("Đã cập nhật {feeds} nguồn · {new} bài mới",
                     "Refreshed {feeds} feeds · {new} new"),
    "refresh.done_title": ("Cập nhật xong", "Refresh finished"),
    "refresh.failed_title": ("Cập nhật chưa trọn vẹn", "Refresh incomplete"),
    "refresh.failed": ("{n} nguồn lỗi:", "{n} feeds failed:"),
    "refresh.busy": ("Một lượt cập nhật khác đang chạy (có thể từ cron). Thử lại sau ít phút.",
                     "Another refresh is running (perhaps from cron). Try again in a few minutes."),
    "refresh.already": ("Đang cập nhật rồi.", "Already refreshing."),
    "refresh.error": ("Không cập nhật được: {error}", "Refresh failed: {error}"),
    "refresh.no_feeds": ("Không có nguồn nào để cập nhật.", "No feeds to refresh."),
    "cli.crash": ("antd-tui: trình đọc dừng vì một lỗi không lường trước ({error}); "
                  "chi tiết trong {log}",
                  "antd-tui: the reader stopped on an unexpected error ({error}); details in {log}"),
    "keys.unknown": ("Cấu hình phím: không có lệnh “{name}”.", "Key config: there is no command “{name}”."),
    # the CLI: its messages on stderr and the text of `show`, `refresh`
    "cli.error": ("antd-tui: lỗi: {message}", "antd-tui: error: {message}"),
    "cli.warning": ("antd-tui: cảnh báo: {message}", "antd-tui: warning: {message}"),
    "cache.new": ("đã tạo bộ nhớ đệm mới trong {dir}", "a new cache was started in {dir}"),
    "cache.moved_aside": ("bộ nhớ đệm {path} bị hỏng ({reason}); đã chuyển sang {backup}; đã tạo "
                          "bộ nhớ đệm mới", "the cache {path} is damaged ({reason}); it was moved "
                          "to {backup}; a fresh cache was started"),
    "cache.salvaged": ("{n} bài đã lưu được ghi vào {path} và thêm lại",
                       "{n} bookmark(s) saved to {path} and re-added"),
    "record.restored": ("đã khôi phục từ {dir}: {n} bài đã lưu với {photos} ảnh",
                        "restored from {dir}: {n} bookmark(s) with {photos} photo(s)"),
    "record.photos_missing": (" (thiếu {n} ảnh: lần cập nhật sau sẽ tải về)",
                              " ({n} photo(s) missing: the next refresh fetches them)"),
    "record.reads": ("; {n} dấu đã đọc", "; {n} read flag(s)"),
    "record.reads_waiting": (" ({n} dấu chờ bài trở lại ở lần cập nhật sau)",
                             " ({n} to be applied as their articles come back with the next refresh)"),
    "record.refused": ("{what}: không ghi được vào {dir}: {error}; không có gì thay đổi",
                       "{what}: cannot write the record in {dir}: {error}; nothing was changed"),
    "record.refused_full": ("{what}: không ghi được vào {dir}: {error} (ổ đĩa đã đầy); không có "
                            "gì thay đổi", "{what}: cannot write the record in {dir}: {error} "
                            "(the disk is full); nothing was changed"),
    "record.behind": ("bài đã lưu {id}: không cập nhật được bản sao trong {dir}: {error} (bộ nhớ "
                      "đệm vẫn giữ bài; `antd-tui doctor` sẽ ghi lại)",
                      "bookmark {id}: its snapshot in {dir} could not be brought up to date: "
                      "{error} (the cache has it; `antd-tui doctor` writes it again)"),
    "record.unusable": ("không đọc hoặc ghi được {dir}: {error}",
                        "the record in {dir} cannot be read or written: {error}"),
    "record.unusable_full": ("không đọc hoặc ghi được {dir}: {error} (ổ đĩa đã đầy: còn {free} "
                             "byte; không có gì thay đổi)",
                             "the record in {dir} cannot be read or written: {error} (the disk is "
                             "full: {free} bytes free; nothing was changed)"),
    "cli.interrupted": ("antd-tui: đã dừng theo yêu cầu", "antd-tui: interrupted"),
    "cli.unusable": ("antd-tui: lỗi: không dùng được thư mục dữ liệu hoặc cơ sở dữ liệu: {error}",
                     "antd-tui: error: the data dir or database cannot be used: {error}"),
    "cli.doctor_damaged": ("antd-tui: bộ nhớ đệm {path} bị hỏng; lệnh tiếp theo sẽ đổi tên để "
                           "giữ lại nó và bắt đầu bộ nhớ đệm mới (bài đã lưu và trạng thái đã đọc "
                           "được khôi phục từ bản ghi)",
                           "antd-tui: the cache {path} is damaged; the next command moves it aside "
                           "and starts a fresh one (bookmarks and read flags come back from the "
                           "record)"),
    "cli.ids_in_damaged_cache": ("bộ nhớ đệm bị hỏng đã được thay bằng một bộ mới, trong đó mã số "
                                 "bài đã khác; không làm gì cả: tìm lại bài bằng `antd-tui list` "
                                 "hoặc `search` rồi chạy lại lệnh",
                                 "the damaged cache was replaced by a fresh one, where article ids "
                                 "differ; nothing was done: find the article again with `antd-tui "
                                 "list` or `search`, then run the command again"),
    "cli.needs_terminal": ("antd-tui: trình đọc cần một cửa sổ dòng lệnh; trong script hãy dùng "
                           "`antd-tui list`, `show` hoặc `search` (xem --help)",
                           "antd-tui: the reader needs a terminal; for scripts use "
                           "`antd-tui list`, `show` or `search` (see --help)"),
    "cli.no_full_text": ("antd-tui: không tải được toàn văn ({error}); đang hiển thị phần tóm tắt "
                         "từ nguồn tin",
                         "antd-tui: full text unavailable ({error}); showing the feed summary"),
    "cli.offline_incomplete": ("  (chưa đủ để đọc ngoại tuyến)", "  (not yet complete offline)"),
    "cli.bookmarked": ("★ {id} đã lưu, đọc được cả khi ngoại tuyến",
                       "★ {id} bookmarked and saved for offline reading"),
    "cli.bookmarked_incomplete": ("★ {id} đã lưu; chưa đủ để đọc ngoại tuyến (lần cập nhật sau sẽ "
                                  "thử lại): {problems}",
                                  "★ {id} bookmarked; not yet complete offline (the next refresh "
                                  "retries): {problems}"),
    "cli.unbookmarked": ("Đã bỏ lưu {n} bài", "{n} bookmark(s) removed"),
    "cli.unbookmarked_none": ("Không bài nào trong số này đang được lưu: không có gì thay đổi",
                              "None of these is bookmarked: nothing changed"),
    "cli.marked_read": ("Đã đánh dấu {n} bài là đã đọc", "{n} article(s) marked read"),
    "cli.exported": ("Đã ghi {n} bài vào {path}", "{n} article(s) written to {path}"),
    "cli.imported": ("Đã thêm {added} nguồn vào {path}, {skipped} nguồn đã có, {rejected} bị từ chối",
                     "{added} feed(s) added to {path}, {skipped} already present, {rejected} rejected"),
    "lock.busy_pid": ("một lượt cập nhật khác đang chạy (tiến trình {pid}); đã chờ {waited} giây",
                      "another refresh is running (process {pid}); waited {waited} s"),
    "lock.busy": ("một lượt cập nhật khác đang chạy; đã chờ {waited} giây",
                  "another refresh is running (another process); waited {waited} s"),
    "show.image": ("Ảnh {n}", "Photo {n}"),
    "show.summary_only": ("(Chưa có toàn văn: bài chỉ có phần tóm tắt từ RSS.)",
                          "(No full text yet: only the feed's summary.)"),
    "links.title": ("Liên kết trong bài", "Links in this article"),
    "links.page": ("Bài gốc trên trang báo", "This article on its site"),
    "links.none": ("Bài này không có liên kết.", "This article has no links."),
    "links.foot": ("Gõ số hoặc Enter để mở · y sao chép · Esc đóng",
                   "Type a number or Enter to open · y copies · Esc closes"),
    "links.typed": ("Mở liên kết số {n}… (Enter)", "Open link {n}… (Enter)"),
    "links.no_such": ("Không có liên kết số {n}.", "There is no link {n}."),
    "refresh.line_error": ("✗ {name}: {url}: {error}", "✗ {name}: {url}: {error}"),
    "refresh.line_same": ("· {name}: không có gì mới", "· {name}: not modified"),
    "refresh.line_new": ("✓ {name}: {new} bài mới", "✓ {name}: {new} new"),
    "refresh.line_updated": (", {n} bài cập nhật", ", {n} updated"),
    "refresh.line_warning": (" (cảnh báo: {warning})", " (warning: {warning})"),
    "refresh.bar_feeds": ("Nguồn tin", "Feeds"),
    "refresh.bar_pages": ("Toàn văn", "Full text"),
    "refresh.summary": ("{new} bài mới từ {feeds} nguồn, {errors} nguồn lỗi; toàn văn: tải được "
                        "{fetched}, lỗi {failed}",
                        "{new} new article(s) from {feeds} feed(s), {errors} failed; full text "
                        "{fetched} fetched, {failed} failed"),
    # sync with a feed server (core/sync)
    "sync.login_failed": ("{server}: đăng nhập thất bại (sai tên người dùng hoặc mật khẩu); "
                          "không có gì thay đổi",
                          "{server}: login failed (wrong user name or password); "
                          "nothing was changed"),
    "sync.ungrouped": ("Khác", "Other"),
    "sync.warn_readable": ("cảnh báo: {path} chứa mật khẩu đồng bộ và người khác đọc được; "
                           "hãy chạy chmod 600 {path} (hoặc dùng password_command)",
                           "warning: {path} holds the sync password and others can read it; "
                           "run chmod 600 {path} (or use password_command)"),
    "sync.warn_clear": ("cảnh báo: {server} dùng http:// tới máy khác: mật khẩu (băm MD5) đi qua "
                        "mạng không mã hoá; nên dùng https://",
                        "warning: {server} is http:// on another machine: the password (as an "
                        "MD5 hash) crosses the network unencrypted; use https://"),
    "sync.not_set": ("chưa có [sync] trong tệp cấu hình ({path}); xem mục “Đồng bộ” trong README",
                     "no [sync] in the config file ({path}); see “Sync” in the README"),
    "sync.line_ok": ("⇄ {server}: {new} bài mới; đã gửi {sent} thay đổi, nhận {received}",
                     "⇄ {server}: {new} new; {sent} change(s) sent, {received} received"),
    "sync.full_text": ("; toàn văn: tải được {fetched}, lỗi {failed}",
                       "; full text: {fetched} fetched, {failed} failed"),
    "sync.line_error": ("✗ đồng bộ {server}: {error}", "✗ sync {server}: {error}"),
    "sync.first": ("Chưa có bài nào: nhấn r để đồng bộ với {server}",
                   "No articles yet: press r to sync with {server}"),
    "sync.status_at": ("đồng bộ {when}", "synced {when}"),
    "sync.status_never": ("chưa đồng bộ", "not synced yet"),
    "sync.status_failed": ("đồng bộ lỗi {when}", "sync failed {when}"),
    # time
    "time.just_now": ("vừa xong", "just now"),
    "time.minutes": ("{n} phút trước", "{n} min ago"),
    "time.hours": ("{n} giờ trước", "{n} h ago"),
    "time.yesterday": ("hôm qua {hm}", "yesterday {hm}"),
}

WEEKDAYS = (
    ("Thứ Hai", "Monday"), ("Thứ Ba", "Tuesday"), ("Thứ Tư", "Wednesday"),
    ("Thứ Năm", "Thursday"), ("Thứ Sáu", "Friday"), ("Thứ Bảy", "Saturday"),
    ("Chủ Nhật", "Sunday"),
)

TIME_WIDTH = {"vi": 13, "en": 15}  # widest relative time ("hôm qua 19:05", "yesterday 19:05")


class Tr:
    """The catalogue in one language."""

    def __init__(self, language: str = "vi") -> None:
        self.language = "en" if language == "en" else "vi"
        self.index = EN if self.language == "en" else VI

    def __call__(self, key: str, **values: object) -> str:
        text = CATALOGUE[key][self.index]
        return text.format(**values) if values else text

    def pick(self, vi: str, en: str) -> str:
        return en if self.index == EN else vi

    def number(self, value: int) -> str:
        """``100.000`` in Vietnamese, ``100,000`` in English."""
        text = f"{value:,}"
        return text if self.index == EN else text.replace(",", ".")

    # -- times ---------------------------------------------------------------
    def relative_time(self, when: datetime, now: datetime, zone: tzinfo) -> str:
        local, today = when.astimezone(zone), now.astimezone(zone)
        seconds = (now - when).total_seconds()
        hm = local.strftime("%H:%M")
        if seconds < -60:
            return local.strftime("%d/%m %H:%M")
        if seconds < 60:
            return self("time.just_now")
        if seconds < 3600:
            return self("time.minutes", n=int(seconds // 60))
        if local.date() == today.date():
            return self("time.hours", n=int(seconds // 3600))
        if local.date() == (today - timedelta(days=1)).date():
            return self("time.yesterday", hm=hm)
        if local.year == today.year:
            return local.strftime("%d/%m %H:%M")
        return local.strftime("%d/%m/%Y")

    def clock_time(self, when: datetime, zone: tzinfo) -> str:
        """Byline time: ``19:05, 25/11/2026``."""
        return when.astimezone(zone).strftime("%H:%M, %d/%m/%Y")

    def long_date(self, now: datetime, zone: tzinfo) -> str:
        local = now.astimezone(zone)
        return f"{WEEKDAYS[local.weekday()][self.index]}, {local:%d/%m/%Y}"
