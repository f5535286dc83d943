"""What a person reads, in Vietnamese and English: the message catalogue and the reader's command table."""
