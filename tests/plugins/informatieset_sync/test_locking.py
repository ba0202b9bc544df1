"""Every way to change, delete, move, unpublish or copy a national page is refused.

Each bypass attempt runs against the real Wagtail admin URLs (or the model
API) and then checks that the national page, its revisions and the whole page
tree are exactly as before. Only inside ``allow_national_changes()`` (the
sync) do the same operations succeed.
"""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from national_helpers import index_page, national_page
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from distro.core.models import ContentPage
from plugins.informatieset_sync.locking import allow_national_changes
from plugins.informatieset_sync.models import InformatiesetIndexPage, InformatiesetPage

NATIONAL_TEXT = "<p>Elk kind krijgt een plek op een school die past.</p>"


# --- Fixtures and helpers -------------------------------------------------------


@pytest.fixture
def informatie(home):
    return index_page(home)


@pytest.fixture
def national(informatie):
    return national_page(informatie, title="Wat is passend onderwijs?", slug="passend-onderwijs")


@pytest.fixture
def child(national):
    return national_page(national, title="Zorgplicht", slug="zorgplicht")


@pytest.fixture
def sibling(informatie, national):
    return national_page(informatie, title="Aanmelden bij een school", slug="aanmelden")


@pytest.fixture
def content_page(home):
    page = ContentPage(title="Over ons", slug="over-ons-locktest")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture(params=["superuser", "beheerder", "redacteur"])
def admin_user(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def snapshot(*pages):
    """Everything a bypass could change: the rows and revisions of the pages, and the whole tree."""
    state = {}
    for page in pages:
        model = page.specific_class
        state[page.pk] = {
            "row": model.objects.filter(pk=page.pk).values().first(),
            "revisions": list(
                Revision.objects.filter(object_id=str(page.pk)).order_by("pk").values_list("pk", "content")
            ),
        }
    state["tree"] = list(
        Page.objects.order_by("path").values_list("pk", "path", "depth", "numchild", "url_path", "live", "alias_of_id")
    )
    state["revision_count"] = Revision.objects.count()
    return state


def refused(response):
    """The admin answers a refusal with 403, or with a redirect and an error message."""
    assert response.status_code in (302, 403), response.status_code
    return True


def refused_by_model(attempt):
    """Run a model-level bypass attempt the way the admin does: in a transaction, which it must not get past."""
    with pytest.raises(PermissionDenied), transaction.atomic():
        attempt()


def edit_form(*, regional="<p>In onze regio helpt het steunpunt u verder.</p>", experiences=(), **extra):
    data = {
        "regional_body": streamfield([("paragraph", rich_text(regional))] if regional else []),
        "experiences": streamfield(
            [
                ("experience", {"title": title, "story": rich_text(story), "teller": teller})
                for title, story, teller in experiences
            ]
        ),
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


# --- The admin: delete, move, unpublish, copy, add, reorder ---------------------


def test_admin_page_listing_offers_no_delete_move_copy_or_unpublish(as_user, superuser, informatie, national):
    client = as_user(superuser)
    response = client.get(reverse("wagtailadmin_explore", args=[informatie.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[national.pk]) in html
    for name in ("delete", "move", "copy", "unpublish"):
        assert reverse(f"wagtailadmin_pages:{name}", args=[national.pk]) not in html, name
    assert reverse("wagtailadmin_pages:add_subpage", args=[national.pk]) not in html

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[national.pk])).content.decode()
    for name in ("delete", "move", "copy", "unpublish"):
        assert reverse(f"wagtailadmin_pages:{name}", args=[national.pk]) not in edit, name


@pytest.mark.parametrize("view", ["delete", "unpublish", "move", "copy", "set_privacy"])
def test_admin_views_refuse_national_page(as_user, admin_user, informatie, national, child, view):
    client = as_user(admin_user)
    before = snapshot(informatie, national, child)
    url = reverse(f"wagtailadmin_pages:{view}", args=[national.pk])
    assert refused(client.get(url))
    post = {
        "delete": {},
        "unpublish": {"include_descendants": "on"},
        "move": {"new_parent_page": informatie.get_parent().pk},
        "copy": {
            "new_title": "Kopie",
            "new_slug": "kopie",
            "new_parent_page": informatie.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
        "set_privacy": {"restriction_type": "login"},
    }[view]
    assert refused(client.post(url, post))
    assert snapshot(informatie, national, child) == before
    assert not PageViewRestriction.objects.filter(page=national).exists()


@pytest.mark.parametrize("view", ["delete", "unpublish", "move", "copy"])
def test_admin_views_refuse_index_page(as_user, superuser, informatie, national, view):
    client = as_user(superuser)
    before = snapshot(informatie, national)
    url = reverse(f"wagtailadmin_pages:{view}", args=[informatie.pk])
    assert refused(client.get(url))
    assert refused(client.post(url, {"new_parent_page": informatie.get_parent().pk, "new_title": "x", "new_slug": "x"}))
    assert snapshot(informatie, national) == before


def test_admin_move_confirm_refused_for_national_page(as_user, superuser, home, informatie, national, sibling):
    client = as_user(superuser)
    before = snapshot(informatie, national, sibling)
    for page, destination in [(national, sibling), (national, home), (informatie, national), (informatie, home)]:
        url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
        client.get(url)
        assert refused(client.post(url))
    assert snapshot(informatie, national, sibling) == before


def test_admin_cannot_move_another_page_under_a_national_page(
    as_user, superuser, home, informatie, national, content_page
):
    client = as_user(superuser)
    before = snapshot(informatie, national, content_page)
    for destination in (informatie, national):
        url = reverse("wagtailadmin_pages:move_confirm", args=[content_page.pk, destination.pk])
        assert refused(client.post(url))
    assert snapshot(informatie, national, content_page) == before


def test_admin_cannot_add_a_page_under_national_pages(as_user, admin_user, informatie, national):
    client = as_user(admin_user)
    before = snapshot(informatie, national)
    for parent in (informatie, national):
        assert refused(client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk])))
        for app, model in (("informatieset_sync", "informatiesetpage"), ("core", "contentpage")):
            url = reverse("wagtailadmin_pages:add", args=[app, model, parent.pk])
            assert refused(client.get(url))
            form = nested_form_data(
                {
                    "title": "Eigen pagina",
                    "slug": "eigen-pagina",
                    "intro": "",
                    "body": streamfield([]),
                    "comments": inline_formset([]),
                }
                | {"regional_body": streamfield([]), "experiences": streamfield([]), "action-publish": "publish"}
            )
            assert refused(client.post(url, form))
    assert snapshot(informatie, national) == before
    assert not Page.objects.filter(slug="eigen-pagina").exists()


def test_admin_cannot_create_a_national_page_anywhere(as_user, superuser, home):
    client = as_user(superuser)
    pages = Page.objects.count()
    for model in ("informatiesetpage", "informatiesetindexpage"):
        response = client.post(
            reverse("wagtailadmin_pages:add", args=["informatieset_sync", model, home.pk]),
            nested_form_data(
                {
                    "title": "Nep",
                    "slug": "nep",
                    "intro": rich_text(""),
                    "regional_body": streamfield([]),
                    "experiences": streamfield([]),
                    "comments": inline_formset([]),
                }
            ),
        )
        assert refused(response)
    assert Page.objects.count() == pages


def test_admin_reorder_children_refused(as_user, superuser, home, informatie, national, sibling):
    client = as_user(superuser)
    before = snapshot(informatie, national, sibling)
    # National pages keep the feed's order.
    response = client.post(reverse("wagtailadmin_pages:set_page_position", args=[sibling.pk]) + "?position=0")
    assert refused(response)
    # "Informatie" itself cannot be dragged elsewhere among the home page's children.
    response = client.post(reverse("wagtailadmin_pages:set_page_position", args=[informatie.pk]) + "?position=0")
    assert refused(response)
    assert snapshot(informatie, national, sibling) == before


def test_reordering_other_pages_of_the_home_page_still_works(as_user, superuser, home, informatie, content_page):
    client = as_user(superuser)
    response = client.post(reverse("wagtailadmin_pages:set_page_position", args=[content_page.pk]) + "?position=0")
    assert response.status_code == 200
    assert home.get_children().first().pk == content_page.pk
    informatie.refresh_from_db()
    assert informatie.get_parent().pk == home.pk and informatie.url_path.endswith("/informatie/")


def test_admin_cannot_delete_move_or_copy_the_home_page_with_the_informatieset(
    as_user, superuser, home, informatie, national
):
    client = as_user(superuser)
    before = snapshot(home, informatie, national)
    root = home.get_parent()
    delete_url = reverse("wagtailadmin_pages:delete", args=[home.pk])
    response = client.post(delete_url, {"confirm_site_name": settings.WAGTAIL_SITE_NAME})
    assert refused(response)
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[home.pk, root.pk]))
    assert refused(response)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[home.pk]),
        {"new_title": "Kopie", "new_slug": "kopie-home", "new_parent_page": root.pk, "copy_subpages": "on"},
    )
    assert refused(response)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[home.pk]),
        {
            "new_title": "Alias",
            "new_slug": "alias-home",
            "new_parent_page": root.pk,
            "copy_subpages": "on",
            "alias": "on",
        },
    )
    assert refused(response)
    assert snapshot(home, informatie, national) == before


def test_unpublishing_the_home_page_with_descendants_leaves_national_pages_live(
    as_user, superuser, home, informatie, national
):
    client = as_user(superuser)
    before = snapshot(informatie, national)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[home.pk]), {"include_descendants": "on"})
    assert response.status_code == 302
    assert not Page.objects.get(pk=home.pk).live
    assert snapshot(informatie, national) | {"tree": None, "revision_count": None} == before | {
        "tree": None,
        "revision_count": None,
    }
    assert InformatiesetPage.objects.get(pk=national.pk).live


# --- Bulk actions -------------------------------------------------------------


def bulk_url(action, *pages, parent):
    query = "&".join(f"id={page.pk}" for page in pages)
    return (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        + f"?{query}&next=/admin/pages/{parent.pk}/"
    )


@pytest.mark.parametrize("action", ["delete", "move", "unpublish"])
def test_bulk_actions_refused(as_user, admin_user, home, informatie, national, sibling, action):
    client = as_user(admin_user)
    before = snapshot(informatie, national, sibling)
    data = {"confirm_site_name": settings.WAGTAIL_SITE_NAME, "include_descendants": "on", "chooser": home.pk}
    for pages, parent in [((national, sibling), informatie), ((informatie,), home)]:
        url = bulk_url(action, *pages, parent=parent)
        client.get(url)
        response = client.post(url, data)
        assert response.status_code in (200, 302, 403)
    assert snapshot(informatie, national, sibling) == before


@pytest.mark.parametrize("action", ["delete", "move"])
def test_bulk_action_on_the_home_page_refused(as_user, superuser, home, informatie, national, action):
    client = as_user(superuser)
    before = snapshot(home, informatie, national)
    root = home.get_parent()
    url = bulk_url(action, home, parent=root)
    response = client.post(url, {"confirm_site_name": settings.WAGTAIL_SITE_NAME, "chooser": root.pk})
    assert refused(response)
    assert snapshot(home, informatie, national) == before


def test_bulk_publish_publishes_the_regional_draft_only(as_user, redacteur, informatie, national):
    draft = InformatiesetPage.objects.get(pk=national.pk)
    draft.regional_body = [{"type": "paragraph", "value": "<p>Regionaal concept.</p>"}]
    draft.title = "Gekaapt"
    draft.save_revision(user=redacteur)
    client = as_user(redacteur)
    response = client.post(bulk_url("publish", national, parent=informatie), {"include_descendants": "on"})
    assert response.status_code == 302
    page = InformatiesetPage.objects.get(pk=national.pk)
    assert page.live and page.title == "Wat is passend onderwijs?"
    assert "Regionaal concept" in str(page.regional_body)


# --- The edit view --------------------------------------------------------------


@pytest.mark.parametrize("action", [{}, {"action-publish": "publish"}])
def test_edit_post_keeps_national_fields_and_saves_regional_ones(as_user, superuser, national, action):
    client = as_user(superuser)
    national_before = InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get()
    path_before = Page.objects.filter(pk=national.pk).values("path", "url_path").get()
    form = edit_form(
        experiences=[("Wij vonden een school", "<p>Na drie gesprekken ging het goed.</p>", "een moeder")],
        title="Gekaapte titel",
        slug="gekaapt",
        summary="Gekaapte samenvatting",
        seo_title="Gekaapt",
        search_description="Gekaapt",
        validated_by="Iemand anders",
        audiences='["professionals"]',
        national_body=streamfield([("paragraph", rich_text("<p>Gekaapte landelijke tekst.</p>"))]),
        **action,
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[national.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = InformatiesetPage.objects.get(pk=national.pk)
    assert (
        InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get()
        == national_before
    )
    assert Page.objects.filter(pk=national.pk).values("path", "url_path").get() == path_before
    latest = page.get_latest_revision_as_object()
    assert latest.title == "Wat is passend onderwijs?" and latest.slug == "passend-onderwijs"
    assert "Gekaapte" not in str(latest.national_body) and NATIONAL_TEXT in str(latest.national_body.raw_data)
    assert "In onze regio helpt het steunpunt" in str(latest.regional_body)
    assert latest.experiences[0].value["title"] == "Wij vonden een school"
    if action:
        assert "In onze regio helpt het steunpunt" in str(page.regional_body)
        assert page.experiences[0].value["teller"] == "een moeder"
        response = client.get(page.url)
        html = response.content.decode()
        assert "Elk kind krijgt een plek" in html and "In onze regio helpt het steunpunt" in html
        assert "Gekaapte" not in html
    else:
        assert not page.regional_body  # a draft only


def test_redacteur_edits_and_publishes_the_regional_supplement(as_user, redacteur, national):
    client = as_user(redacteur)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[national.pk]))
    assert edit_page.status_code == 200
    html = edit_page.content.decode()
    assert "Elk kind krijgt een plek" in html  # the national text, read-only
    assert 'name="title"' not in html and 'name="summary"' not in html
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[national.pk]),
        edit_form(regional="<p>Bel ons op dinsdag.</p>", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    page = InformatiesetPage.objects.get(pk=national.pk)
    assert "Bel ons op dinsdag" in str(page.regional_body)
    assert page.title == "Wat is passend onderwijs?" and page.live
    assert page.get_latest_revision().user == redacteur


def test_index_intro_is_editable(as_user, superuser, home, informatie, national):
    client = as_user(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[informatie.pk]),
        nested_form_data(
            {
                "title": "Informatie",
                "slug": "informatie",
                "intro": rich_text("<p>Alles over passend onderwijs.</p>"),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    informatie = InformatiesetIndexPage.objects.get(pk=informatie.pk)
    assert "Alles over passend onderwijs" in informatie.intro
    assert informatie.live and informatie.get_parent().pk == home.pk


# --- Revisions --------------------------------------------------------------------


@pytest.fixture
def national_with_history(national):
    """A national page with an old revision whose national text differs, as after a sync update."""
    old_revision = national.get_latest_revision()
    with allow_national_changes():
        page = InformatiesetPage.objects.get(pk=national.pk)
        page.title = "Passend onderwijs in het kort"
        page.national_body = [{"type": "paragraph", "value": "<p>Nieuwe landelijke tekst.</p>"}]
        page.save_revision().publish()
    return InformatiesetPage.objects.get(pk=national.pk), old_revision


def test_revert_to_an_old_revision_keeps_current_national_text(as_user, superuser, national_with_history):
    page, old_revision = national_with_history
    client = as_user(superuser)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old_revision.pk])
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, edit_form(regional="<p>Terug naar vroeger.</p>", **{"action-publish": "publish"}))
    assert response.status_code == 302
    page = InformatiesetPage.objects.get(pk=page.pk)
    assert page.title == "Passend onderwijs in het kort"
    assert "Nieuwe landelijke tekst" in str(page.national_body)
    assert "Terug naar vroeger" in str(page.regional_body)
    assert page.get_latest_revision().as_object().title == "Passend onderwijs in het kort"


def test_publishing_an_old_revision_keeps_current_national_text(superuser, national_with_history):
    page, old_revision = national_with_history
    old_revision.publish(user=superuser)
    page = InformatiesetPage.objects.get(pk=page.pk)
    assert page.title == "Passend onderwijs in het kort"
    assert "Nieuwe landelijke tekst" in str(page.national_body)
    assert page.live


def test_compare_and_view_revisions_work(as_user, redacteur, national_with_history):
    page, old_revision = national_with_history
    client = as_user(redacteur)
    response = client.get(reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, old_revision.pk, "live"]))
    assert response.status_code == 200
    assert "Nieuwe landelijke tekst" in response.content.decode()
    assert client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, old_revision.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200


# --- Wagtail's own page lock still works ---------------------------------------------


def test_ordinary_lock_and_unlock_work_on_national_pages(as_user, redacteur, informatie, national):
    client = as_user(redacteur)
    before = InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get()
    response = client.post(reverse("wagtailadmin_pages:lock", args=[national.pk]))
    assert response.status_code == 302
    page = InformatiesetPage.objects.get(pk=national.pk)
    assert page.locked and page.locked_by == redacteur
    response = client.post(reverse("wagtailadmin_pages:unlock", args=[national.pk]))
    assert response.status_code == 302
    assert not InformatiesetPage.objects.get(pk=national.pk).locked
    assert InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get() == before


def test_removed_page_cannot_be_republished_by_an_editor(as_user, superuser, informatie, national):
    with allow_national_changes():
        page = InformatiesetPage.objects.get(pk=national.pk)
        page.removed_from_feed = True
        page.save()
        page.unpublish()
    client = as_user(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[national.pk]), edit_form(**{"action-publish": "publish"})
    )
    assert response.status_code in (200, 302, 403)
    assert not Page.objects.get(pk=national.pk).live
    refused_by_model(lambda: InformatiesetPage.objects.get(pk=national.pk).save_revision().publish())
    assert not Page.objects.get(pk=national.pk).live


# --- The model API (shell, other apps) ---------------------------------------------------


def test_orm_delete_refused(home, informatie, national, child):
    before = snapshot(home, informatie, national, child)
    attempts = [
        lambda: InformatiesetPage.objects.get(pk=national.pk).delete(),
        lambda: Page.objects.get(pk=national.pk).delete(),
        lambda: Page.objects.filter(pk=national.pk).delete(),
        lambda: InformatiesetPage.objects.filter(pk=child.pk).delete(),
        lambda: InformatiesetIndexPage.objects.get(pk=informatie.pk).delete(),
        lambda: Page.objects.filter(pk=informatie.pk).delete(),
        lambda: Page.objects.get(pk=home.pk).delete(),
        lambda: Page.objects.filter(pk=home.pk).delete(),
    ]
    for attempt in attempts:
        refused_by_model(attempt)
    assert snapshot(home, informatie, national, child) == before


def test_orm_move_refused(home, informatie, national, sibling, content_page):
    before = snapshot(home, informatie, national, sibling, content_page)
    root = home.get_parent()
    attempts = [
        lambda: InformatiesetPage.objects.get(pk=national.pk).move(home, pos="last-child"),
        lambda: Page.objects.get(pk=national.pk).move(sibling, pos="last-child"),
        lambda: MovePageAction(Page.objects.get(pk=national.pk), home, pos="last-child").execute(),
        lambda: Page.objects.get(pk=informatie.pk).move(content_page, pos="last-child"),
        # An ancestor that contains the informatieset.
        lambda: Page.objects.get(pk=home.pk).move(root, pos="last-child"),
        # Another page into the informatieset.
        lambda: Page.objects.get(pk=content_page.pk).move(national, pos="last-child"),
        lambda: Page.objects.get(pk=content_page.pk).move(informatie, pos="last-child"),
    ]
    for attempt in attempts:
        refused_by_model(attempt)
    assert snapshot(home, informatie, national, sibling, content_page) == before


def test_orm_unpublish_refused(informatie, national):
    before = snapshot(informatie, national)
    attempts = [
        lambda: InformatiesetPage.objects.get(pk=national.pk).unpublish(),
        lambda: Page.objects.get(pk=national.pk).unpublish(),
        lambda: UnpublishPageAction(Page.objects.get(pk=national.pk)).execute(skip_permission_checks=True),
        lambda: Page.objects.get(pk=informatie.pk).unpublish(),
    ]
    for attempt in attempts:
        refused_by_model(attempt)

    def set_live_false():
        page = Page.objects.get(pk=national.pk)
        page.live = False
        page.save()

    refused_by_model(set_live_false)
    assert snapshot(informatie, national) == before


def test_orm_copy_translate_alias_refused(home, informatie, national, child):
    from wagtail.models import Locale

    before = snapshot(informatie, national, child)
    counts = InformatiesetPage.objects.count(), InformatiesetIndexPage.objects.count()
    tr = Locale.objects.get_or_create(language_code="tr")[0]
    attempts = [
        lambda: InformatiesetPage.objects.get(pk=national.pk).copy(update_attrs={"slug": "kopie"}),
        lambda: Page.objects.get(pk=national.pk).copy(update_attrs={"slug": "kopie"}),
        lambda: CopyPageAction(Page.objects.get(pk=national.pk), update_attrs={"slug": "kopie"}).execute(),
        lambda: InformatiesetPage.objects.get(pk=national.pk).copy_for_translation(tr, copy_parents=True),
        lambda: Page.objects.get(pk=national.pk).copy_for_translation(tr, copy_parents=True),
        lambda: InformatiesetPage.objects.get(pk=national.pk).create_alias(update_slug="alias"),
        lambda: CreatePageAliasAction(Page.objects.get(pk=national.pk).specific, update_slug="alias").execute(),
        lambda: InformatiesetIndexPage.objects.get(pk=informatie.pk).copy(update_attrs={"slug": "kopie"}),
        lambda: CopyPageAction(Page.objects.get(pk=informatie.pk), update_attrs={"slug": "kopie"}).execute(),
    ]
    for attempt in attempts:
        refused_by_model(attempt)
    assert snapshot(informatie, national, child) == before
    assert (InformatiesetPage.objects.count(), InformatiesetIndexPage.objects.count()) == counts


def test_orm_add_child_under_national_pages_refused(informatie, national):
    before = snapshot(informatie, national)
    for parent in (informatie, national):
        refused_by_model(
            lambda p=parent: Page.objects.get(pk=p.pk).add_child(instance=ContentPage(title="Eigen", slug="eigen"))
        )
        refused_by_model(
            lambda p=parent: Page.objects.get(pk=p.pk).add_child(instance=InformatiesetPage(title="Nep", slug="nep"))
        )
    assert snapshot(informatie, national) == before


def test_orm_save_restores_or_refuses_national_fields(informatie, national):
    before = InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get()
    revisions = national.revisions.count()

    page = InformatiesetPage.objects.get(pk=national.pk)
    page.title = "Gekaapt"
    page.slug = "gekaapt"
    page.summary = "Gekaapt"
    page.national_body = [{"type": "paragraph", "value": "<p>Gekaapt</p>"}]
    page.regional_body = [{"type": "paragraph", "value": "<p>Regionaal</p>"}]
    page.save()
    assert InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get() == before
    assert "Regionaal" in str(InformatiesetPage.objects.get(pk=national.pk).regional_body)

    page = InformatiesetPage.objects.get(pk=national.pk)
    page.title = "Gekaapt"
    page.national_body = [{"type": "paragraph", "value": "<p>Gekaapt</p>"}]
    revision = page.save_revision()
    assert revision.content["title"] == before["title"]
    assert "Gekaapt" not in str(revision.content["national_body"])
    revision.publish()
    assert InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get() == before
    assert national.revisions.count() == revisions + 1

    # Through the plain Page row, which has no save() of its own: refused.
    for field, value in [("title", "Gekaapt"), ("slug", "gekaapt"), ("seo_title", "Gekaapt")]:
        plain = Page.objects.get(pk=national.pk)
        setattr(plain, field, value)
        refused_by_model(plain.save)
    plain = Page.objects.get(pk=national.pk)
    plain.alias_of = informatie
    refused_by_model(plain.save)
    assert InformatiesetPage.objects.filter(pk=national.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get() == before
    assert Page.objects.get(pk=national.pk).alias_of_id is None


def test_sync_can_do_all_of_it(home, informatie, national, sibling, content_page):
    """allow_national_changes() lifts every guard: the same operations succeed."""
    from wagtail.models import Locale

    with allow_national_changes():
        page = InformatiesetPage.objects.get(pk=national.pk)
        page.title = "Nieuwe titel"
        page.national_body = [{"type": "paragraph", "value": "<p>Nieuwe landelijke tekst.</p>"}]
        page.save_revision().publish()
        assert InformatiesetPage.objects.get(pk=national.pk).title == "Nieuwe titel"

        Page.objects.get(pk=sibling.pk).move(national, pos="last-child")
        assert Page.objects.get(pk=sibling.pk).get_parent().pk == national.pk

        InformatiesetPage.objects.get(pk=national.pk).unpublish()
        assert not Page.objects.get(pk=national.pk).live
        InformatiesetPage.objects.get(pk=national.pk).get_latest_revision().publish()
        assert Page.objects.get(pk=national.pk).live

        copy = InformatiesetPage.objects.get(pk=national.pk).copy(update_attrs={"slug": "kopie", "title": "Kopie"})
        assert copy.pk != national.pk
        en_copy = InformatiesetPage.objects.get(pk=national.pk).copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        assert en_copy.locale.language_code == "en"

        InformatiesetPage.objects.get(pk=copy.pk).delete()
        InformatiesetPage.objects.get(pk=sibling.pk).delete()
        assert not InformatiesetPage.objects.filter(pk__in=[copy.pk, sibling.pk]).exists()
        Page.objects.get(pk=informatie.pk).move(content_page, pos="last-child")
        assert Page.objects.get(pk=informatie.pk).get_parent().pk == content_page.pk
