import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def device_for():
    def make(user):
        return TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)

    return make
