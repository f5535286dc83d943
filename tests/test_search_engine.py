"""Search's engine (issue 19): how marks, phrases and whole syllables are read, the two indexes
kept in step with the articles, the schema 7 upgrade, and bad input through the real CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antd_tui.core.folding import index_form
from antd_tui.core.models import FeedSource, ParsedItem
from antd_tui.core.search.marks import matches, spellings, syllable
from antd_tui.core.search.query import MAX_WORDS, QueryTooLong, parse
from antd_tui.core.search.spans import _TOKEN, _unit_spans, counts_in, match_spans, pairs, score
from antd_tui.core.store import ingest, search_index
from antd_tui.core.store.db import connect
from antd_tui.core.store.queries import search_articles
from antd_tui.core.store.schema import MIGRATIONS

FEED = FeedSource(url="https://example.vn/rss/thoi-su.rss", category="Thời sự", slug="thoi-su")


def _store(conn: sqlite3.Connection, titles: list[str], summaries: list[str] | None = None,
           *, start: int = 0) -> list[int]:
    items = [ParsedItem(f"https://example.vn/bai-{start + n}-post{start + n}.antd", None, title,
                        (summaries or [""] * len(titles))[n], "", None,
                        datetime(2026, 11, 1, 8, n % 60, tzinfo=UTC))
             for n, title in enumerate(titles)]
    state = ingest.feed_states(conn, [FEED])[FEED.url]
    return ingest.store_items(conn, FEED, state, items, title="", etag=None, last_modified=None,
                              body_hash=str(start) + str(len(items)), warning=None, now=1).new_ids


def _titles(conn: sqlite3.Connection, query: str, **kw: object) -> list[str]:
    return [r.title for r in search_articles(conn, query, **kw)]  # type: ignore[arg-type]


# -- how a typed word is read ------------------------------------------------------------

@pytest.mark.parametrize(("typed", "found", "expected"), [
    ("Nang", "Nẵng", True),     # no marks typed: any marks
    ("năng", "nẵng", True),     # the breve typed, no tone: any tone on ă
    ("năng", "nâng", False),    # ...but not another vowel mark
    ("nẵng", "năng", False),    # the tilde typed: only the tilde
    ("đa", "đà", True), ("đa", "đá", True), ("đa", "da", False),  # đ constrains only itself
    ("da", "đã", True),         # and without it, d is d or đ
    ("hoà", "hòa", True), ("hòa", "hoà", True), ("Hoá", "hóa", True),  # tone placement
    ("thuỷ", "thủy", True), ("thủy", "thuý", False),
    ("Đà", "ĐÀ", True), ("đà", "Đa", False),
    ("an", "anh", False),       # whole syllables
])
def test_a_typed_mark_constrains_only_itself(typed: str, found: str, expected: bool) -> None:
    assert matches(syllable(typed), syllable(found)) is expected


def test_decomposed_typing_reads_as_composed() -> None:
    assert syllable("Na\u0306\u0303ng") == syllable("Nẵng")
    assert syllable("Nẵng").base == "nang" and syllable("Nẵng").marked
    assert not syllable("nang").marked


@given(st.sampled_from(["đà", "nẵng", "hoà", "thuỷ", "người", "đa", "năng", "Nguyễn", "quốc",
                        "ưu", "khuya", "giữa", "oà"]))
def test_every_spelling_matches_and_every_matching_word_is_spelled(word: str) -> None:
    typed = syllable(word)
    spelled = spellings(typed)
    assert spelled is not None and spelled
    assert all(matches(typed, syllable(s)) for s in spelled)
    for other in ("đà", "đá", "da", "nẵng", "năng", "nâng", "hòa", "hoà", "hóa", "thủy", "thuỷ",
                  "người", "ngươi", "Nguyễn", "quốc", "ưu", "khuya", "giữa", "òa", "oà"):
        if matches(typed, syllable(other)):
            assert other.lower() in spelled, other


def test_fts5_operators_quotes_and_control_characters_are_text() -> None:
    query = parse('NEAR(cong an) * -x ^y z:w "da nang')  # an unclosed quote runs to the end
    assert [(tuple(w.base for w in u.words), u.phrase) for u in query.units] == [
        (("near",), False), (("cong",), False), (("an",), False), (("x",), False),
        (("y",), False), (("z",), False), (("w",), False), (("da", "nang"), True)]
    assert [w.base for w in parse("\x00công\x07\x1b an\u202e").words] == ["cong", "an"]
    assert not parse('*** "" - ^ :')
    with pytest.raises(QueryTooLong, match="at most 32 words; this one has 5,000"):
        parse("a " * 5000)
    assert len(parse("a " * MAX_WORDS).words) == MAX_WORDS
    assert [w.base for w in parse("“cong an”").units[0].words] == ["cong", "an"]  # curly quotes


def test_the_palette_matches_without_marks_and_lights_the_words() -> None:
    assert score(parse("cap nhat", prefix=True), "Cập nhật tất cả") > 0
    assert score(parse("cap nh", prefix=True), "Cập nhật mục này") > 0
    assert score(parse("cap nh"), "Cập nhật mục này") == 0  # whole words once typing is over
    assert score(parse("thoat", prefix=True), "Cập nhật tất cả") == 0
    # side by side above the same words apart
    assert score(parse("cap nhat", prefix=True), "Cập nhật tất cả") > \
        score(parse("cap nhat", prefix=True), "Nhật ký cập")
    text = "Cập nhật tất cả"
    assert [text[a:b] for a, b in match_spans(text, parse('"cap nhat"'))] == ["Cập nhật"]


# -- the indexes follow the articles -----------------------------------------------------

def test_marks_are_kept_apart_and_a_changed_title_leaves_nothing_behind(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    [first, second] = _store(conn, ["Công an Đà Nẵng bắt nhóm lừa đảo",
                                    "Nhật Bản: đã có năng lượng dự phòng"])
    assert _titles(conn, "da nang") == ["Công an Đà Nẵng bắt nhóm lừa đảo",
                                        "Nhật Bản: đã có năng lượng dự phòng"]
    assert _titles(conn, "Đà Nẵng") == ["Công an Đà Nẵng bắt nhóm lừa đảo"]
    assert _titles(conn, '"da nang"') == ["Công an Đà Nẵng bắt nhóm lừa đảo"]
    # the first article comes back with another title: its old words leave both indexes
    _store(conn, ["Công an Hà Nội bắt nhóm lừa đảo", "Nhật Bản: đã có năng lượng dự phòng"])
    assert _titles(conn, "Đà Nẵng") == [] and _titles(conn, "da nang") == [
        "Nhật Bản: đã có năng lượng dự phòng"]
    assert _titles(conn, "Hà Nội") == ["Công an Hà Nội bắt nhóm lừa đảo"]
    search_index.remove(conn, [first, second, 999])  # an id without rows is skipped
    assert _titles(conn, "nhat ban") == [] and _titles(conn, "Nhật Bản") == []
    conn.execute("INSERT INTO search_marks (search_marks) VALUES ('integrity-check')")
    conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")


def test_deferred_articles_get_both_rows_at_catch_up(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    state = ingest.feed_states(conn, [FEED])[FEED.url]
    item = ParsedItem("https://example.vn/a-post1.antd", None, "Đà Nẵng đón khách", "", "", None,
                      datetime(2026, 11, 1, tzinfo=UTC))
    ingest.store_items(conn, FEED, state, [item], title="", etag=None, last_modified=None,
                       body_hash="x", warning=None, now=1, defer_index=True)
    assert _titles(conn, "Đà Nẵng") == []
    assert search_index.catch_up(conn) == 1
    assert _titles(conn, "Đà Nẵng") == ["Đà Nẵng đón khách"] == _titles(conn, "da nang")


def test_a_tone_typed_before_its_vowel_still_finds_the_new_placement(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    _store(conn, ["Hoà giải thành", "Hòa bình", "Hoa hậu", "Hỏa hoạn"])
    # "hò" typed on the way to hoà/hòa: the grave is the syllable's, wherever it lands
    assert sorted(_titles(conn, "hò", prefix=True)) == ["Hoà giải thành", "Hòa bình"]
    assert sorted(_titles(conn, "hò", prefix=True, newest=True)) == ["Hoà giải thành", "Hòa bình"]
    assert _titles(conn, "hò") == []  # as a whole word, "hò" is neither


def test_relevance_then_newest_and_sort_newest(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    titles = ["Giá vàng hôm nay", "Vàng miếng: giá tăng", "Thời tiết Hà Nội", "Giá vàng lập đỉnh"]
    _store(conn, titles)  # published 8:00, 8:01, 8:02, 8:03
    assert _titles(conn, "gia vang") == ["Giá vàng lập đỉnh", "Giá vàng hôm nay",
                                         "Vàng miếng: giá tăng"]
    assert _titles(conn, "gia vang", newest=True) == ["Giá vàng lập đỉnh", "Vàng miếng: giá tăng",
                                                      "Giá vàng hôm nay"]
    assert _titles(conn, "gia vang", limit=1) == ["Giá vàng lập đỉnh"]
    assert _titles(conn, "vang mi", prefix=True) == ["Vàng miếng: giá tăng"]
    assert _titles(conn, "vang mi") == []


def test_a_match_in_the_title_ranks_above_one_in_the_lead(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    _store(conn, ["Tin sáng", "Lũ miền Trung", "Tin chiều"],
           ["Mưa lũ miền Trung gây ngập", "Nước rút", "Miền Trung có lũ"])
    assert _titles(conn, "lu mien trung") == ["Lũ miền Trung", "Tin sáng", "Tin chiều"]
    assert _titles(conn, "mien trung lu") == ["Lũ miền Trung", "Tin chiều", "Tin sáng"]


def test_a_category_narrows_every_kind_of_lookup(tmp_path: Path) -> None:
    conn = connect(tmp_path)
    _store(conn, ["Công an Đà Nẵng phá án", "Công an Hà Nội phá án"])
    sport = FeedSource(url="https://example.vn/rss/the-thao.rss", category="Thể thao", slug="the-thao")
    state = ingest.feed_states(conn, [sport])[sport.url]
    ingest.store_items(conn, sport, state, [ParsedItem(
        "https://example.vn/bong-da-post9.antd", None, "Công an Hà Nội thắng SHB Đà Nẵng", "", "",
        None, datetime(2026, 11, 2, tzinfo=UTC))], title="", etag=None, last_modified=None,
        body_hash="s", warning=None, now=1)
    for query in ("da nang", "Đà Nẵng", "công an Da Nang", '"công an" đà'):
        for newest in (False, True):
            assert _titles(conn, query, category="the-thao", newest=newest) == [
                "Công an Hà Nội thắng SHB Đà Nẵng"], (query, newest)
            assert _titles(conn, query, category="thoi-su", newest=newest) == [
                "Công an Đà Nẵng phá án"], (query, newest)


# -- property: the SQL engine finds exactly what the Python reading of the query finds --------

VOCABULARY = ["Đà", "Nẵng", "đã", "năng", "nặng", "da", "nàng", "hòa", "hoà", "hóa", "thủy",
              "thuỷ", "công", "an", "anh", "Ảnh", "cổng", "đan", "dân"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.sampled_from([*VOCABULARY, "nang", "Nang", "đa", "hoa", "thuy", "Hoá"]),
                      min_size=1, max_size=3), quoted=st.booleans(), prefix=st.booleans(),
       newest=st.booleans())
def test_sql_and_python_agree(corpus: tuple[sqlite3.Connection, list[str]], query: list[str],
                              quoted: bool, prefix: bool, newest: bool) -> None:
    conn, titles = corpus
    text = " ".join(query)
    if quoted:
        text = f'"{text}"'
    parsed = parse(text, prefix=prefix)
    expected = {t for t in titles if score(parsed, t) > 0}
    found = _titles(conn, text, limit=1000, prefix=prefix, newest=newest)
    assert set(found) == expected and len(found) == len(expected)
    # and the ranking's count of words side by side and in the title is the spans' count
    for title in found[:20]:
        tokens = [(m.start(), m.end(), syllable(m.group())) for m in _TOKEN.finditer(title)]
        slow = (sum(bool(_unit_spans(p, title, tokens, parsed.prefix and n == len(parsed.words) - 2))
                    for n, p in enumerate(pairs(parsed))),
                sum(bool(_unit_spans(u, title, tokens, parsed.prefix and n == len(parsed.units) - 1))
                    for n, u in enumerate(parsed.units)))
        assert counts_in(parsed, title) == slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[sqlite3.Connection, list[str]]:
    import random

    rng = random.Random(19)
    titles = sorted({" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(2, 6)))
                     for _ in range(400)})
    conn = connect(Path(tmp_path_factory.mktemp("corpus")))
    _store(conn, titles)
    return conn, titles


# -- schema 7: an existing cache is upgraded, and says so --------------------------------

def test_a_version_5_cache_is_reindexed_with_its_bodies_and_says_so(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "antd.sqlite3")
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 5")
    db.execute("INSERT INTO articles (id, key, title, summary, published, first_seen, lead, "
               "full_text) VALUES (7, 'k7', 'Tin Đà Nẵng', 'Tóm tắt', 1, 1, 'Sa pô về đường dây', "
               "'done')")
    db.execute("INSERT INTO blocks (article_id, position, kind, text, caption) VALUES "
               "(7, 0, 'p', 'Đoạn một nói về hòa giải', NULL), (7, 1, 'image', '', 'Ảnh: Đức Anh')")
    old = [("Tin Dà Nẵng", "Tóm tắt Sa pô về dường dây", "Doạn một nói về hòa giải Ảnh: Dức Anh")]
    db.execute("INSERT INTO search (rowid, title, summary, body) VALUES (7, ?, ?, ?)", old[0])
    db.commit()
    db.close()
    said: list[str] = []
    conn = connect(tmp_path, notice=said.append)
    assert said[0].startswith("antd-tui: updating the search index of ") and "1 articles" in said[0]
    assert said[1].startswith("antd-tui: search index updated in ")
    row = conn.execute("SELECT title, summary, body FROM search WHERE rowid = 7").fetchone()
    assert row == (index_form("Tin Đà Nẵng"), index_form("Tóm tắt Sa pô về đường dây"),
                   index_form("Đoạn một nói về hòa giải Ảnh: Đức Anh"))
    for query in ("Đà Nẵng", '"duong day"', "đường", "hoà giải", "Đức", "sa po"):
        assert _titles(conn, query) == ["Tin Đà Nẵng"], query
    assert _titles(conn, "đướng") == []  # the acute is typed: not đường
    conn.close()
    said.clear()
    connect(tmp_path, notice=said.append).close()
    assert said == []  # once


# -- bad input through the real CLI ------------------------------------------------------

def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "antd_tui", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def small_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = Path(tmp_path_factory.mktemp("cli"))
    conn = connect(data)
    _store(conn, ["Công an Đà Nẵng triệt phá đường dây", "Giá vàng: NEAR mức đỉnh"])
    conn.close()
    return data


@pytest.mark.parametrize(("query", "titles"), [
    ('"cong an', ["Công an Đà Nẵng triệt phá đường dây"]),  # an unclosed quote: a phrase to the end
    ('cong an"', ["Công an Đà Nẵng triệt phá đường dây"]),
    ("NEAR(gia vang)", ["Giá vàng: NEAR mức đỉnh"]),  # NEAR is a word
    ("gia* -vang ^muc :dinh", ["Giá vàng: NEAR mức đỉnh"]),
    ("\x01đà\x1f nẵng\x7f", ["Công an Đà Nẵng triệt phá đường dây"]),
    ("x" * 10_000, []),
    ("***", []), ("cong a", []), ("zzz", []),  # no match, or no word: exit 0 and []
])
def test_bad_input_is_text_and_no_match_is_an_empty_list(small_cache: Path, query: str,
                                                         titles: list[str]) -> None:
    done = _cli(small_cache, "search", query, "--json")
    assert done.returncode == 0, done.stderr
    assert [r["title"] for r in json.loads(done.stdout)] == titles
    assert done.stderr == ""


def test_a_query_of_too_many_words_is_refused_with_a_message(small_cache: Path) -> None:
    done = _cli(small_cache, "search", "cong an " * 2500, "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert "at most 32 words; this one has 5,000" in done.stderr and "Traceback" not in done.stderr


def test_sort_newest_and_a_bad_sort_value(small_cache: Path) -> None:
    done = _cli(small_cache, "search", "dinh", "--sort", "newest", "--json")
    assert done.returncode == 0 and [r["title"] for r in json.loads(done.stdout)] == [
        "Giá vàng: NEAR mức đỉnh"]
    done = _cli(small_cache, "search", "dinh", "--sort", "oldest")
    assert done.returncode == 2 and "--sort" in done.stderr
