import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Uploaded test images and documents go to a throw-away folder.
    settings.MEDIA_ROOT = tmp_path / "media"
