"""What the reader made (bookmarks, read flags), kept beside the cache so losing the cache loses neither."""
