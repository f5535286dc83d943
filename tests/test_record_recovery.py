"""What the reader made survives losing the cache: a scrambled header, a deleted file, a
truncated file. Bookmarks are back before any network (listed, readable in full offline with
captions and photos, exportable); read flags come back with the next refresh; nothing twice."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antd_tui.sample import SAMPLE_FEEDS
from tests.test_bookmarks_export import Site, _id, site_fixture  # noqa: F401 (fixture)
from tests.test_full_text import SEED_CAPTION, SEED_TITLE

DANANG = "Công an Đà Nẵng xuyên đêm"


def snapshot_of(folder: Path, title: str) -> Path:
    return next(f for f in folder.glob("*.json")
                if json.loads(f.read_bytes())["article"]["title"].startswith(title))


def damage(data: Path, how: str) -> None:
    db = data / "antd.sqlite3"
    for suffix in ("-wal", "-shm"):  # as when a cache is copied or restored without them
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if how == "scrambled":
        with open(db, "r+b") as handle:
            handle.write(os.urandom(100))
    elif how == "deleted":
        db.unlink()
    elif how == "truncated":
        with open(db, "r+b") as handle:
            handle.truncate(4096)  # its first page only
    else:
        raise AssertionError(how)




@pytest.fixture
def made(cli_factory: Any, site: Site) -> Iterator[tuple[Any, Site, dict[str, Any]]]:
    """A cache with two bookmarks (four photos), two articles read and one category read."""
    cli = cli_factory([{"url": f"{site.server.base_url}/{p}", "category": n} for p, n in SAMPLE_FEEDS])
    cli("refresh", "--json", "--no-full-text")
    marks = [_id(cli, "Xây dựng đội ngũ"), _id(cli, DANANG)]
    assert cli("bookmark", "add", *map(str, marks))[0] == 0
    read = [_id(cli, "Giá xăng"), _id(cli, "Triệt phá đường dây")]
    assert cli("mark-read", *map(str, read))[0] == 0
    assert cli("mark-read", "--all", "--category", "the-thao")[0] == 0
    before = {a["title"]: a for a in cli.json("list", "--json", "--limit", "100")}
    yield cli, site, before


@pytest.mark.parametrize("how", ["scrambled", "deleted", "truncated"])
def test_bookmarks_and_read_flags_survive_a_lost_cache(made: Any, how: str, tmp_path: Path) -> None:
    cli, site, before = made
    site.stop()
    damage(cli.data_dir, how)

    # before any network: the bookmarks are listed, complete offline, and the message says so
    code, out, err = cli("bookmark", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert sorted(b["title"] for b in listed) == sorted(
        t for t, a in before.items() if a["bookmarked"])
    assert all(b["offline"] for b in listed)
    assert "đã khôi phục từ" in err and "2 bài đã lưu với 4 ảnh" in err, err  # language "vi"
    if how != "deleted":
        assert "đã chuyển sang" in err and list(cli.data_dir.glob("antd.sqlite3.broken-*"))

    seed = next(b["id"] for b in listed if b["title"] == SEED_TITLE)
    code, text, _ = cli("show", "--offline", str(seed))
    assert code == 0 and SEED_CAPTION.split(",")[0] in text and "[Ảnh 1]" in text
    shown = cli.json("show", "--offline", "--json", str(seed))
    assert shown["full_text"] is True and shown["blocks"][0]["caption"] == SEED_CAPTION
    page = tmp_path / "saved.html"
    assert cli("export", "--bookmarked", "--format", "html", "-o", str(page))[0] == 0
    assert page.read_text(encoding="utf-8").count('<img src="data:image/jpeg;base64,') == 4
    assert cli("search", "--json", "bang khen")[0] == 0  # the restored body is searchable
    assert [a["title"] for a in cli.json("search", "bang khen", "--json")] == [SEED_TITLE]

    # the next refresh brings the articles back with their read flags; nothing twice
    site.start()
    report = cli.json("refresh", "--json", "--no-full-text")
    assert report["errors"] == 0
    after = cli.json("list", "--json", "--limit", "100")
    assert len(after) == len({a["title"] for a in after}) == len(before) == 19
    assert {a["title"]: (a["read"], a["bookmarked"]) for a in after} == {
        t: (a["read"], a["bookmarked"]) for t, a in before.items()}
    assert sum(a["read"] for a in after) >= 5  # the two, and the-thao's four

    code, out, _ = cli("doctor", "--json")
    doctor = json.loads(out)
    assert code == 0 and doctor["integrity"] == "ok" and doctor["bookmarks"] == 2
    record = doctor["record"]
    assert record["healthy"] and record["snapshots"] == 2 and record["photos"] == 4
    assert record["photos_missing"] == 0 and record["flags_waiting"] == 0
    assert record["flags_logged"] == sum(a["read"] for a in after)


def test_a_damaged_or_edited_snapshot_is_skipped_by_name_and_the_others_restored(made: Any) -> None:
    cli, site, _ = made
    folder = cli.data_dir / "record" / "bookmarks"
    files = sorted(folder.glob("*.json"))
    assert len(files) == 2
    danang = snapshot_of(folder, DANANG)
    seed = next(f for f in files if f != danang)
    danang.write_bytes(danang.read_bytes()[:200])  # cut short, by hand
    site.stop()
    damage(cli.data_dir, "deleted")
    code, out, err = cli("bookmark", "list", "--json")
    assert code == 0 and [b["title"] for b in json.loads(out)] == [SEED_TITLE]
    assert f"bookmark snapshot {danang} skipped" in err
    code, out, _ = cli("doctor", "--json")
    record = json.loads(out)["record"]
    assert code == 1 and not record["healthy"] and str(danang) in record["damaged"][0]
    assert danang.read_bytes()[:10] == b'{\n "format'  # left for a person to look at
    # a snapshot edited into something hostile: restored, sanitized, no unsafe link
    data = json.loads(seed.read_text(encoding="utf-8"))
    data["article"]["title"] = "Sửa tay\u202e <b>đậm</b>\x07"
    data["article"]["url"] = "javascript:alert(1)"
    data["blocks"][0]["caption"] = "chú\u200b thích\x1b[31m"
    seed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    damage(cli.data_dir, "deleted")
    shown = cli.json("show", "--offline", "--json", str(cli.json("bookmark", "list", "--json")[0]["id"]))
    assert shown["title"] == "Sửa tay <b>đậm</b>" and shown["url"] is None
    assert not re.search(r"[\x00-\x1f\u202e\u200b]", json.dumps(shown, ensure_ascii=False)
                         .replace("\\n", ""))


def test_a_snapshot_from_a_newer_version_is_kept_as_it_is(made: Any) -> None:
    cli, _, _ = made
    folder = cli.data_dir / "record" / "bookmarks"
    newer = snapshot_of(folder, DANANG)
    data = json.loads(newer.read_text(encoding="utf-8"))
    data["version"] = 2
    data["new_field"] = {"from": "the future"}
    newer.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kept = newer.read_bytes()
    damage(cli.data_dir, "deleted")
    out, err = cli("bookmark", "list", "--json")[1:]
    assert [b["title"] for b in json.loads(out)] == [SEED_TITLE]
    assert "written by a newer antd-tui (format 2" in err and "kept as it is" in err
    cli("refresh", "--json", "--no-full-text")
    again = _id(cli, DANANG)
    assert cli("bookmark", "add", str(again))[0] == 0
    assert cli("bookmark", "remove", str(again))[0] == 0
    assert newer.read_bytes() == kept  # never overwritten nor deleted
    damage(cli.data_dir, "deleted")  # its photos: in no cache row, only in the newer file
    for photo in (cli.data_dir / "images").rglob("*.*"):
        os.utime(photo, (1_000_000_000, 1_000_000_000))
    record = cli.json("doctor", "--json")["record"]
    assert record["newer"] and record["healthy"]
    assert all((cli.data_dir / "images" / i["path"]).is_file() for i in data["images"])


def test_doctor_repairs_what_it_can(made: Any) -> None:
    cli, _, _ = made
    folder = cli.data_dir / "record" / "bookmarks"
    snapshot, behind = sorted(folder.glob("*.json"))
    snapshot.unlink()  # a snapshot lost by hand: the cache still has the bookmark
    data = json.loads(behind.read_bytes())  # written before the bookmark was completed
    data["article"]["full_text"], data["blocks"], data["images"] = "pending", [], []
    behind.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / ".part-x1y2").write_bytes(b'{"half')  # a temp file a kill -9 left
    orphan = cli.data_dir / "images" / "ab" / ("ab" + "0" * 62 + ".jpg")  # its cache was lost
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"\xff\xd8\xff" + bytes(1000))
    os.utime(orphan, (1_000_000_000, 1_000_000_000))
    journal = cli.data_dir / "record" / "journal.jsonl"
    bookmark, two_read, sport, end = journal.read_bytes().split(b"\n")
    assert b'"read"' in two_read and end == b""  # an entry lost: the cache still has its flags
    journal.write_bytes(b"\n".join([bookmark, sport, end]))
    with open(journal, "ab") as handle:
        handle.write(b'{"at":1,"op":"read","keys":["antd:1"')  # a line cut short by a crash
    code, out, _ = cli("doctor", "--json")
    record = json.loads(out)["record"]
    assert code == 0 and record["healthy"], record
    assert len(record["repaired"]) == 5 and snapshot.is_file()
    assert record["repaired"][4] == "logged 2 read flag(s) the cache had and the journal lacked"
    assert "wrote 2 missing, damaged or out-of-date bookmark snapshot(s)" in record["repaired"][2]
    assert "removed 1 photo file(s) (1003 bytes)" in record["repaired"][3] and not orphan.exists()
    assert record["photos"] == 4 and record["photos_missing"] == 0
    assert json.loads(behind.read_bytes())["article"]["full_text"] == "done"
    assert not list(folder.glob(".part-*")) and journal.read_bytes().endswith(b"}\n")
    assert cli.json("doctor", "--json")["record"]["repaired"] == []
