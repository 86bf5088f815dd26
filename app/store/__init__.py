"""Saved sessions: SQLite through sqlite-utils, beside the engine (never inside it)."""
