"""steunpunt-in-a-box: the distro core (Django project and core apps)."""

__version__ = "0.1.0"
