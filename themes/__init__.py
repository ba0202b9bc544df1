"""Themes that ship with steunpunt-in-a-box (data, not code)."""
