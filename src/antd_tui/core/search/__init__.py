"""Search queries: how typed words are read (marks, phrases, prefixes) and matched against text."""
