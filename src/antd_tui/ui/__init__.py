"""The Textual reader. Only this package (and ``cli.reader.open_reader``) imports Textual."""
