"""Plugins that ship with steunpunt-in-a-box."""
