"""distro.testing: what plugin authors get must work as documented (docs/plugins.md, "Testen")."""

from distro.outbox import services
from distro.outbox.notifications import NOTIFICATION_KIND
from distro.roles import BEHEERDER, BESTUUR, REDACTEUR, STEUNPUNT
from distro.testing import PASSWORD, role_user


def test_the_outbox_fixture_shows_what_waits_sends_it_and_shows_what_went(outbox):
    # Inside the test's transaction nothing commits, so nothing goes out by itself.
    services.send_notification(["team@example.org"], "Nieuw lid", "Er is een nieuw lid van het team.")

    assert [row.kind for row in outbox.queued()] == [NOTIFICATION_KIND]
    assert outbox.sent() == []

    assert outbox.run() == 1

    assert outbox.queued() == []
    [message] = outbox.sent(to="team@example.org")
    assert message.subject == "Nieuw lid"
    assert outbox.sent(to="iemand-anders@example.org") == []


def test_a_delivery_of_another_kind_is_left_alone(outbox):
    services.send_notification(["team@example.org"], "Nieuw lid", "Tekst")

    assert outbox.run(kind="agenda.status") == 0
    assert len(outbox.queued(NOTIFICATION_KIND)) == 1


def test_the_role_fixtures_are_in_their_roles_with_the_documented_password(
    redacteur, steunpunt_medewerker, beheerder, bestuurder
):
    for user, role in [
        (redacteur, REDACTEUR),
        (steunpunt_medewerker, STEUNPUNT),
        (beheerder, BEHEERDER),
        (bestuurder, BESTUUR),
    ]:
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password(PASSWORD)


def test_role_user_makes_more_users_in_a_role(site):
    collega = role_user("collega", STEUNPUNT)

    assert collega.email == "collega@example.org"
    assert collega.groups.filter(name=STEUNPUNT).exists()


def test_the_site_fixture_is_the_demo_site(home):
    assert home.title
    assert home.get_children().live().exists()
