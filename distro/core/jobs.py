"""The retention job: purges personal data past its retention period."""

from datetime import timedelta

from django.utils import timezone

from distro.extensions import RetentionRule, periodic_job, retention_rules


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


def prune_task_results(cutoff) -> int:
    # Finished background tasks keep their arguments and tracebacks in the
    # database backend; they are operational data and need not outlive a week.
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return deleted


retention_rules.register(
    RetentionRule("taakresultaten", "Finished background task results", lambda: 7, prune_task_results, __name__)
)
