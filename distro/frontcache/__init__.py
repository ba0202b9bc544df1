"""Purges the front cache (nginx, Varnish) whenever the page cache is invalidated. See docs/caching.md."""
