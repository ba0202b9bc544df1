# The distro's fixtures: site, home, a user per role, outbox, browser (see distro/testing).
pytest_plugins = ["distro.testing.pytest_plugin"]
