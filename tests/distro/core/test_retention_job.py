from datetime import timedelta

import pytest
from django.utils import timezone

from distro.contact.models import Vraag
from distro.core.jobs import RetentionFailed, purge_expired_personal_data
from distro.extensions import RetentionRule, retention_rules


@pytest.fixture
def broken_rule():
    def purge(cutoff):
        raise RuntimeError("database weg")

    # Named to sort before "vragen", so it runs first.
    retention_rules.register(RetentionRule("aaa-kapot", "broken", lambda: 1, purge, "distro.core.tests"))
    yield
    retention_rules.unregister("aaa-kapot")


def test_a_failing_rule_does_not_stop_the_others(site, broken_rule):
    old = Vraag.objects.create(role="ouder", question="Oud", email="a@example.org")
    Vraag.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=Vraag.retention_days() + 1))

    with pytest.raises(RetentionFailed, match="aaa-kapot: database weg"):
        purge_expired_personal_data()

    assert not Vraag.objects.filter(pk=old.pk).exists()
