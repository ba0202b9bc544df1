"""The retention job: purges personal data past its retention period."""

from datetime import timedelta

from django.utils import timezone

from distro.extensions import periodic_job, retention_rules


def purge_expired_personal_data() -> str:
    now = timezone.now()
    results = []
    for rule in retention_rules.all():
        count = rule.purge(now - timedelta(days=rule.days()))
        results.append(f"{rule.name}: {count}")
    return "; ".join(results)


periodic_job("retentie", every=timedelta(hours=6), description="Purge personal data past its retention period")(
    purge_expired_personal_data
)
