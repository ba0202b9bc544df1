"""Shared by the independence and team tests: what was mailed and logged, a login code."""

from wagtail.models import ModelLogEntry


def recipients(messages):
    return {address for message in messages for address in message.to}


def log_entries(action, **filters):
    return ModelLogEntry.objects.filter(action=action, **filters)


def give_2fa(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
