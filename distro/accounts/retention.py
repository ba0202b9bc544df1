"""Failed login attempts hold a user name, an IP address and a browser: they do not stay.

django-axes clears expired attempts only when someone logs in again; this
rule clears what is left once a day has passed.
"""

from axes.models import AccessAttempt

from distro.extensions import RetentionRule, retention_rules


def purge_login_attempts(cutoff) -> int:
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted


def register():
    """Called by AccountsConfig.ready()."""
    retention_rules.register(
        RetentionRule(
            "inlogpogingen",
            "Failed admin login attempts (user name, IP address, browser)",
            lambda: 1,
            purge_login_attempts,
            __name__,
        )
    )
