"""Article photos on disk: downloads, the bookmarks' copies and the LRU cache."""
