"""Failed login attempts hold a user name, an IP address and a browser: they do not stay.

django-axes clears expired attempts only when someone logs in again; this
rule clears what is left once a day has passed.
"""

from axes.models import AccessAttempt

from distro.extensions import retention_rule


@retention_rule("inlogpogingen", "Failed admin login attempts (user name, IP address, browser)", days=lambda: 1)
def purge_login_attempts(cutoff) -> int:
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted
