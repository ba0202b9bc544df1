"""A site as ``steunpunt setup_site --demo`` builds it, and users in the built-in roles."""

import importlib
import os

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, GroupApprovalTask, Locale, Page, Workflow, WorkflowPage, WorkflowTask

#: The password of every user made by :func:`role_user` (and the role fixtures).
PASSWORD = "wachtwoord-123"


def restore_migration_data(root):
    """Put back the rows that data migrations make, after a transactional test flushed them.

    A flush empties every table; Django's post_migrate signal brings back the
    content types and model permissions, but not what migrations create:
    wagtail-localize's "submit_translation" permission (it belongs to no model)
    and Wagtail's default workflow on the root page (migration 0048), which
    setup_roles() names "Beheerder" and gives the Beheerder to approve. Without
    them a Redacteur would miss "Vertalen" and could publish without approval.
    Safe to run again.
    """
    localize = importlib.import_module("wagtail_localize.migrations.0006_create_submit_translation_permission")
    localize.create_submit_translation_permission(apps, None)
    if not Workflow.objects.exists():
        # As Wagtail's migration 0048 makes it; setup_workflow() gives it Dutch names and the Beheerder.
        task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
        workflow = Workflow.objects.create(name="Moderators approval", active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=root)


def build_site():
    """Run setup_site --demo; rebuilds the tree roots after a transactional test flushed them.

    Every enabled plugin adds its own pages through the ``site_setup`` extension point.
    """
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=nl))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    restore_migration_data(Page.objects.get(depth=1))
    with open(os.devnull, "w") as devnull:
        call_command(
            "setup_site",
            "--demo",
            "--name",
            "SWV Testregio",
            "--mailbox",
            "mailbox@steunpunt.test",
            verbosity=0,
            stdout=devnull,
        )


def role_user(username, role=None, **extra):
    """A user ``username`` (e-mail ``username@example.org``, password PASSWORD), in ``role`` if given."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def skip_with_printed_reason(request, reason):
    """Skip, printing the reason past pytest's capture so it shows without -rs (like the browser tests)."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{reason}")
    pytest.skip(reason)
