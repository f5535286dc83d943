"""What the reader keeps and hands out: bookmarks, exports, OPML, pruning, article output."""
