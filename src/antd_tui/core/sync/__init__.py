"""Keeping this reader in step with a feed server (``[sync]``): items fetched once by the
server, read flags and bookmarks both ways. ``protocol`` is what any server protocol
offers, ``fever`` the one built, ``account`` the password and its warnings, ``store`` the
cache's side (items, the id map, the server's groups), ``engine`` one sync."""
