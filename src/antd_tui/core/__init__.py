"""Core: everything below the UI line. Nothing in this package imports Textual."""
