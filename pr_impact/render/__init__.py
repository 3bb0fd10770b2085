"""Renderers: verdicts turned into strings (Markdown, terminal text, JSON)."""
