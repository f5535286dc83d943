"""A refresh: feeds fetched, parsed, stored, then their pages fetched and extracted."""
