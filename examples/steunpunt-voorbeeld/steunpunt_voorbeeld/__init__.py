"""An example third-party steunpunt plugin: a welcome panel on the home page (see docs/plugins.md)."""
