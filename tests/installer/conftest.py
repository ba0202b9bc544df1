import pytest
from fake_machine import REPO


@pytest.fixture
def checkout(tmp_path):
    """A checkout without .venv and var/: the code it needs is linked from this repository."""
    root = tmp_path / "steunpunt"
    root.mkdir()
    for part in ("plugins", "themes", "distro"):
        (root / part).symlink_to(REPO / part)
    return root
