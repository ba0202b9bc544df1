"""The purge runs as a background task: a publish does not wait for hundreds of PURGE requests."""

from django_tasks import task

from .purge import purge_everything


@task()
def purge_front_cache() -> int:
    return purge_everything()
