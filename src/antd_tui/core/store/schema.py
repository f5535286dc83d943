"""Schema migrations, applied forward in order; ``PRAGMA user_version`` is the version.

Add a migration by appending to ``MIGRATIONS``; never edit a released one.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: feeds, articles, per-category membership, body blocks, related, FTS.
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        category TEXT NOT NULL,
        slug TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        status TEXT,
        error TEXT,
        warning TEXT,
        checked_at INTEGER,
        ok_at INTEGER,
        new_count INTEGER NOT NULL DEFAULT 0,
        item_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        url TEXT,
        guid TEXT,
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        image TEXT,
        published INTEGER NOT NULL,
        date_known INTEGER NOT NULL DEFAULT 1,
        first_seen INTEGER NOT NULL,
        updated_at INTEGER,
        read INTEGER NOT NULL DEFAULT 0,
        bookmarked_at INTEGER,
        full_text TEXT NOT NULL DEFAULT 'pending',
        full_text_error TEXT,
        full_text_tries INTEGER NOT NULL DEFAULT 0,
        lead TEXT,
        page_category TEXT,
        tags TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX articles_newest ON articles (published DESC, id DESC);
    CREATE INDEX articles_bookmarked ON articles (bookmarked_at) WHERE bookmarked_at IS NOT NULL;
    CREATE TABLE article_categories (
        slug TEXT NOT NULL,
        published INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        aggregate INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (slug, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX categories_newest ON article_categories (slug, published DESC, article_id DESC);
    CREATE INDEX categories_article ON article_categories (article_id);
    CREATE TABLE blocks (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        src TEXT,
        caption TEXT,
        PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE related (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE search USING fts5(
        title, summary, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: local copies of images (offline bookmarks, the reader's image cache).
    """
    CREATE TABLE images (
        url TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        used_at INTEGER NOT NULL
    );
    CREATE INDEX images_used ON images (used_at);
    """,
    # 3: big refreshes index new articles for search in batches (search_index.py);
    # articles above ``indexed_upto`` may still be waiting for their search row.
    """
    CREATE TABLE search_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_upto INTEGER NOT NULL
    );
    INSERT INTO search_state (id, indexed_upto) SELECT 1, COALESCE(MAX(id), 0) FROM articles;
    """,
    # 4: the hash of a feed's last compressed body as it came over the wire, so a
    # server that ignores validators but resends the same bytes is not even decompressed.
    """
    ALTER TABLE feeds ADD COLUMN wire_hash TEXT;
    """,
    # 5: each category row carries its article's read flag, so the tabs' unread
    # counts are one covering-index range (read = 0) instead of a join over every
    # row (100k articles: ~50 -> ~10 ms). The trigger keeps it in step with every
    # change of ``articles.read``; the ingest writes it for new rows.
    """
    ALTER TABLE article_categories ADD COLUMN read INTEGER NOT NULL DEFAULT 0;
    UPDATE article_categories SET read = 1
        WHERE article_id IN (SELECT id FROM articles WHERE read != 0);
    CREATE INDEX categories_unread ON article_categories (read, slug);
    CREATE TRIGGER categories_follow_read AFTER UPDATE OF read ON articles
        WHEN OLD.read IS NOT NEW.read
    BEGIN
        UPDATE article_categories SET read = NEW.read WHERE article_id = NEW.id;
    END;
    """,
    # 6: the cache's place in the reader's record (core/record): the last journal entry
    # it reflects, whether it was ever given the record, and read flags logged for
    # articles it does not hold yet (applied by the refresh that brings them back).
    """
    CREATE TABLE record_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        applied INTEGER NOT NULL,
        restored INTEGER NOT NULL
    );
    INSERT INTO record_state (id, applied, restored) VALUES (1, 0, 0);
    CREATE TABLE pending_reads (key TEXT PRIMARY KEY) WITHOUT ROWID;
    """,
    # 7: search that keeps marks (issue 19). ``search_marks`` indexes the same text as
    # ``search`` with its marks kept (``Đà Nẵng`` is not ``đã ... năng``); it stores no
    # copy of the text (``content=''``), ``search_index.remove`` deletes a row with the
    # values ``search`` holds. ``search`` now stores đ as ḏ (``folding.index_form``):
    # its tokenizer still folds it to d, the marks index keeps it apart from d. Both
    # are rebuilt from the articles and their blocks: one pass over the cache, once
    # (``db.py`` says so while it runs).
    """
    DROP TABLE search;
    CREATE VIRTUAL TABLE search USING fts5(
        title, summary, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE search_marks USING fts5(
        title, summary, body, content = '', tokenize = 'unicode61 remove_diacritics 0'
    );
    INSERT INTO search (rowid, title, summary, body)
        SELECT a.id,
               replace(replace(a.title, 'đ', 'ḏ'), 'Đ', 'Ḏ'),
               replace(replace(CASE WHEN COALESCE(a.lead, '') = '' THEN a.summary
                                    WHEN a.summary = '' THEN a.lead
                                    ELSE a.summary || ' ' || a.lead END, 'đ', 'ḏ'), 'Đ', 'Ḏ'),
               replace(replace(COALESCE((
                   SELECT group_concat(part, ' ') FROM (
                       SELECT position, 0 AS k, text AS part FROM blocks
                           WHERE article_id = a.id AND text != ''
                       UNION ALL
                       SELECT position, 1, caption FROM blocks
                           WHERE article_id = a.id AND COALESCE(caption, '') != ''
                       ORDER BY 1, 2)), ''), 'đ', 'ḏ'), 'Đ', 'Ḏ')
        FROM articles a ORDER BY a.id;
    INSERT INTO search_marks (rowid, title, summary, body)
        SELECT rowid, title, summary, body FROM search ORDER BY rowid;
    UPDATE search_state SET indexed_upto = (SELECT COALESCE(MAX(id), 0) FROM articles);
    """,
    # 8: the marks index may lag behind ``search`` (``search_index.catch_up_marks``): a
    # search row above ``marks_upto`` has no twin in ``search_marks`` yet, one at or below
    # it always has. A refresh leaves the new articles' twins to the next search or the
    # next refresh's start (cold 100x50 refresh: the second index cost ~0.1 s of it).
    """
    ALTER TABLE search_state ADD COLUMN marks_upto INTEGER NOT NULL DEFAULT 0;
    UPDATE search_state SET marks_upto = (SELECT COALESCE(MAX(rowid), 0) FROM search);
    """,
    # 9: sync with a feed server (core/sync/). ``sync_state``: the account the cache
    # follows and the highest server item id it has. ``sync_items``: the server's item
    # ids -> article keys (a pruned article's row stays, so its id is not asked for
    # again, and an article back from any feed is the same one), whether the server
    # had it saved at the last sync (a bookmark is removed here only when the server had
    # it and lost it), ``gone`` when the server answered that it no longer has it.
    # ``sync_unsent``: local changes to articles the server had not sent yet when they
    # were sent (a ``[[feeds]]`` entry brought them first), kept until it does.
    # ``sync_groups``: the server's groups, the reader's categories beside the config's.
    """
    CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        account TEXT NOT NULL,
        since_id INTEGER NOT NULL DEFAULT 0,
        synced_at INTEGER,
        tried_at INTEGER,
        error TEXT
    );
    CREATE TABLE sync_items (
        remote_id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        saved INTEGER NOT NULL DEFAULT 0,
        gone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sync_items_key ON sync_items (key);
    CREATE TABLE sync_unsent (
        key TEXT PRIMARY KEY,
        read INTEGER,
        saved INTEGER,
        at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE sync_groups (
        slug TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
