"""The scripting CLI. Nothing on these paths imports Textual (a test proves it)."""
