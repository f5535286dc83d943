"""The SQLite cache: schema, writes per feed, queries. No UI code here."""
