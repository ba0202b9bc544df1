"""The installer behind ``./install.sh``: install or upgrade a steunpunt in its own directory.

``install.sh`` only finds a Python 3.11 or newer and runs ``python -m distro.installer``
with it. Until ``.venv`` exists this package runs on that bare Python, so the
modules that check the options (``options``, ``checks``, and the shared
``distro.settings.validation``) use the standard library only: everything is
checked before anything is written, and a typo never leaves a half-made
installation behind. Running it again upgrades: var/ (configuration,
database, uploads) is kept.

Messages are in Dutch: the people who run this work for Dutch SWVs. They start
with ``install.sh:`` because that is the command the operator typed.
"""
