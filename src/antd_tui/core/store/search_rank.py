"""Search in the cache: which articles match a query and in what order.

Matching (``core/search/query.py``): every word and phrase must match. Words
without marks are looked up in ``search`` (marks folded away by its
tokenizer); words with marks in ``search_marks`` (the same text, marks kept),
as any of the spellings their typed marks allow. A query with both is the
intersection of two lookups, each read newest id first.

Order, by default (issue 19): the more of the query's neighbouring words are
found side by side, the higher; then the more of them side by side in the
title, then the more of its words in the title; then the newest. Ranking
every match of a common word is not needed (news fades with age) and at a
million articles not affordable, so the order is computed over the newest
``CANDIDATES`` matches (all of them when there are fewer; more when a larger
``limit`` is asked for), newest by storage order (ids grow as articles are
stored). ``newest_ids``: every match, newest published first.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from antd_tui.core.search.query import (
    Query,
    Unit,
    folded_expression,
    marks_expression,
    spelled_expression,
)
from antd_tui.core.search.spans import counts_in, found_in, pairs

CANDIDATES = 2000
_ROUND = 2000  # ids read at a time from the marks index when both indexes are asked


@dataclass(frozen=True)
class Plan:
    marks: str | None  # MATCH expression for search_marks
    folded: str | None  # MATCH expression for search
    exact: bool  # False: the lookups select a few more, which ``_checked`` sorts out


def plan(query: Query) -> Plan:
    """What each index is asked: words the marks index decides alone are looked up there
    only; the rest in the folded index (and their marks, if any, in the marks index too)."""
    last = len(query.units) - 1
    folded: list[str] = []
    marked: list[str] = []
    exact = True
    for n, unit in enumerate(query.units):
        prefix = query.prefix and n == last
        lookup = marks_expression(unit, prefix=prefix)
        if lookup.expression is not None:
            marked.append(lookup.expression)
        if not lookup.complete:
            folded.append(folded_expression(unit, prefix=prefix))
        exact = exact and lookup.exact
    return Plan(" AND ".join(marked) or None, " AND ".join(folded) or None, exact)


def _expression(unit: Unit, prefix: bool) -> tuple[str, str]:
    """(table, MATCH expression) deciding a two-word ``unit``: the marks index when it can alone."""
    lookup = marks_expression(unit, prefix=prefix)
    if lookup.expression is not None and lookup.complete:
        return "search_marks", lookup.expression
    return "search", folded_expression(unit, prefix=prefix)


def _category(table: str, category: str | None) -> tuple[str, list[object]]:
    if not category:
        return "", []
    return (f" AND EXISTS (SELECT 1 FROM article_categories c WHERE c.article_id = {table}.rowid "
            "AND c.slug = ?)", [category])


def _checked(conn: sqlite3.Connection, query: Query, ids: list[int]) -> list[int]:
    """Of ``ids``, those whose text ``query`` matches as Python reads it (kept in order)."""
    keep: set[int] = set()
    for rowid, *columns in conn.execute(
            "SELECT rowid, title, summary, body FROM search WHERE rowid IN "
            "(SELECT value FROM json_each(?))", (json.dumps(ids),)):
        texts = [str(c).replace("ḏ", "đ").replace("Ḏ", "Đ") for c in columns]
        if found_in(query, texts):
            keep.add(int(rowid))
    return [i for i in ids if i in keep]


def _candidates(conn: sqlite3.Connection, how: Plan, category: str | None, window: int
                ) -> list[int]:
    """The newest ``window`` matching ids, newest first."""
    if how.marks is None or how.folded is None:
        table, expression = ("search", how.folded) if how.marks is None else ("search_marks",
                                                                               how.marks)
        where, args = _category(table, category)
        return [int(r[0]) for r in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ?{where} ORDER BY rowid DESC LIMIT ?",
            [expression, *args, window])]
    # Both: read the marks index newest first a round at a time, and keep the ids the
    # folded index has in the same id range (one range read each; an "IN (subquery)"
    # would collect every match of the other side first: seconds for a common word).
    where, args = _category("search_marks", category)
    found: list[int] = []
    below = -1
    while len(found) < window:
        bound = " AND rowid < ?" if below >= 0 else ""
        ids = [int(r[0]) for r in conn.execute(
            f"SELECT rowid FROM search_marks WHERE search_marks MATCH ?{where}{bound} "
            "ORDER BY rowid DESC LIMIT ?",
            [how.marks, *args, *([below] if below >= 0 else []), _ROUND])]
        if not ids:
            break
        folded = {int(r[0]) for r in conn.execute(
            "SELECT rowid FROM search WHERE search MATCH ? AND rowid BETWEEN ? AND ?",
            (how.folded, ids[-1], ids[0]))}
        found += [i for i in ids if i in folded]
        below = ids[-1]
    return found[:window]


def _marks_only(query: Query, how: Plan) -> Plan:
    """``how`` with its folded part spelled out in the marks index, when it can be.

    Newest first reads every match; two lookups would be intersected through a
    list of one side's matches (0.34 s for "công an" at 100k articles, 1.1 s at
    1M), one lookup is what a query without marks costs. The price: a word typed
    without marks then finds only Vietnamese marks (``spelled_expression``).
    """
    if how.marks is None or how.folded is None:
        return how
    last = len(query.units) - 1
    parts = [how.marks]
    for n, unit in enumerate(query.units):
        if marks_expression(unit).complete:
            continue
        spelled = spelled_expression(unit, prefix=query.prefix and n == last)
        if spelled is None:
            return how
        parts.append(spelled)
    return Plan(" AND ".join(parts), None, how.exact)


def newest_ids(conn: sqlite3.Connection, query: Query, *, category: str | None, limit: int
               ) -> list[int]:
    how = _marks_only(query, plan(query))
    table = "search" if how.folded is not None else "search_marks"
    where = f"{table} MATCH ?"
    args: list[object] = [how.folded if how.folded is not None else how.marks]
    if how.folded is not None and how.marks is not None:
        # "+": not handed to FTS5 as a rowid lookup per listed id (seconds), but checked
        # against the list the subquery makes once
        where += " AND +search.rowid IN (SELECT rowid FROM search_marks WHERE search_marks MATCH ?)"
        args.append(how.marks)
    in_category, more = _category(table, category)
    sql = (f"SELECT a.id FROM {table} JOIN articles a ON a.id = {table}.rowid WHERE {where}"
           f"{in_category} ORDER BY a.published DESC, a.id DESC")
    if how.exact:
        return [int(r[0]) for r in conn.execute(sql + " LIMIT ?", [*args, *more, limit])]
    found: list[int] = []
    rows = conn.execute(sql, [*args, *more])
    while len(found) < limit and (batch := [int(r[0]) for r in rows.fetchmany(500)]):
        found += _checked(conn, query, batch)
    return found[:limit]


def ranked_ids(conn: sqlite3.Connection, query: Query, *, category: str | None, limit: int
               ) -> list[int]:
    how = plan(query)
    ids = _candidates(conn, how, category, max(CANDIDATES, limit))
    if not how.exact:
        ids = _checked(conn, query, ids)
    if len(ids) <= 1:
        return ids[:limit]
    low, high = ids[-1], ids[0]
    together = dict.fromkeys(ids, 0)
    words = query.words
    for n, pair in enumerate(pairs(query)):
        table, expression = _expression(pair, query.prefix and n == len(words) - 2)
        for (rowid,) in conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?",
                (expression, low, high)):
            if rowid in together:
                together[rowid] += 1
    rank: dict[int, tuple[int, int, int, int, int]] = {}
    for rowid, title, published in conn.execute(
            "SELECT id, title, published FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),)):
        in_title = counts_in(query, str(title))
        rank[rowid] = (together[rowid], *in_title, int(published), rowid)
    ids.sort(key=lambda i: rank.get(i, (0, 0, 0, 0, i)), reverse=True)
    return ids[:limit]
