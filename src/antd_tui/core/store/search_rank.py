"""Search in the cache: which articles match a query and in what order.

Matching (``core/search/query.py``): every word and phrase must match. Words
without marks are looked up in ``search`` (marks folded away by its
tokenizer); words with marks in ``search_marks`` (the same text, marks kept),
as any of the spellings their typed marks allow.

Order, by default (issue 19): the more of the query's neighbouring words are
found side by side, the higher; then the more of them side by side in the
title, then the more of its words in the title; then the newest. Ranking
every match of a common word is not needed (news fades with age) and at a
million articles not affordable, so the order is computed over the newest
``CANDIDATES`` matches (all of them when there are fewer; more when a larger
``limit`` is asked for), newest by storage order (ids grow as articles are
stored). ``newest=True``: every match, newest published first.
"""

from __future__ import annotations

import json
import sqlite3

from antd_tui.core.search.query import Query, Unit, folded_expression, marks_expression
from antd_tui.core.search.spans import found_in

CANDIDATES = 2000


def _expression(unit: Unit, prefix: bool) -> tuple[str, str]:
    """(table, MATCH expression) that decides ``unit``: the marks index when it can alone."""
    lookup = marks_expression(unit, prefix=prefix)
    if lookup.expression is not None and lookup.complete:
        return "search_marks", lookup.expression
    return "search", folded_expression(unit, prefix=prefix)


def match_clause(query: Query) -> tuple[str, str, list[object], bool]:
    """(table, WHERE clause, args, exact) selecting the articles that match ``query``.

    Words the marks index decides alone are looked up there only; the rest in
    the folded index, and then the marks they have in the marks index too.
    ``exact`` False: the clause selects a few more (a phrase with marks on
    some of its words), which ``_checked`` sorts out.
    """
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
    if not folded:
        return "search_marks", "search_marks MATCH ?", [" AND ".join(marked)], exact
    where = "search MATCH ?"
    args: list[object] = [" AND ".join(folded)]
    if marked:
        where += " AND rowid IN (SELECT rowid FROM search_marks WHERE search_marks MATCH ?)"
        args.append(" AND ".join(marked))
    return "search", where, args, exact


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


def _in_category(table: str) -> str:
    return (f" AND EXISTS (SELECT 1 FROM article_categories c WHERE c.article_id = {table}.rowid "
            "AND c.slug = ?)")


def newest_ids(conn: sqlite3.Connection, query: Query, *, category: str | None, limit: int
               ) -> list[int]:
    table, where, args, exact = match_clause(query)
    if category:
        where += _in_category(table)
        args.append(category)
    sql = (f"SELECT a.id FROM {table} JOIN articles a ON a.id = {table}.rowid WHERE {where} "
           "ORDER BY a.published DESC, a.id DESC")
    if exact:
        return [int(r[0]) for r in conn.execute(sql + " LIMIT ?", [*args, limit])]
    found: list[int] = []
    rows = conn.execute(sql, args)
    while len(found) < limit and (batch := [int(r[0]) for r in rows.fetchmany(500)]):
        found += _checked(conn, query, batch)
    return found[:limit]


def ranked_ids(conn: sqlite3.Connection, query: Query, *, category: str | None, limit: int
               ) -> list[int]:
    table, where, args, exact = match_clause(query)
    if category:
        where += _in_category(table)
        args.append(category)
    window = max(CANDIDATES, limit)
    ids = [int(r[0]) for r in conn.execute(
        f"SELECT rowid FROM {table} WHERE {where} ORDER BY rowid DESC LIMIT ?", [*args, window])]
    if not exact:
        ids = _checked(conn, query, ids)
    if len(ids) <= 1:
        return ids[:limit]
    low, high = ids[-1], ids[0]
    score = dict.fromkeys(ids, 0)

    def add(unit: Unit, prefix: bool, weight: int, title: bool) -> None:
        table, expression = _expression(unit, prefix)
        if title:
            expression = f"title : ({expression})"
        for (rowid,) in conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?",
                (expression, low, high)):
            if rowid in score:
                score[rowid] += weight

    words = query.words
    count = len(words)
    # weights keep the criteria in order: pairs anywhere, pairs in the title, units in the title
    title_units = len(query.units) + 1
    title_pairs = count * title_units
    for i in range(count - 1):
        pair = Unit((words[i], words[i + 1]), True)
        prefix = query.prefix and i + 1 == count - 1
        add(pair, prefix, title_pairs * count, title=False)
        add(pair, prefix, title_units, title=True)
    last = len(query.units) - 1
    for n, unit in enumerate(query.units):
        add(unit, query.prefix and n == last, 1, title=True)
    published = dict(conn.execute(
        "SELECT id, published FROM articles WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),)).fetchall())
    ids.sort(key=lambda i: (score[i], published.get(i, 0), i), reverse=True)
    return ids[:limit]
