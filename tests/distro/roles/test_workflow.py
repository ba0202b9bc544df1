"""The approval workflow: Dutch names, the Beheerder approves, and no task is left without a group."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import GroupApprovalTask, Page, Workflow

from distro.roles import BEHEERDER
from distro.roles.setup import setup_roles
from distro.roles.workflow import TASK_NAME, WORKFLOW_NAME

pytestmark = pytest.mark.django_db

migration = importlib.import_module("distro.roles.migrations.0001_dutch_workflow")


def run_migration():
    migration.forwards(apps, SimpleNamespace(connection=connection))


def default_workflow():
    root = Page.get_first_root_node()
    return root.workflowpage.workflow


def test_a_new_site_sends_pages_to_the_beheerder(site):
    workflow = default_workflow()
    assert workflow.name == WORKFLOW_NAME == "Beheerder"
    tasks = [task.specific for task in workflow.tasks.all()]
    assert [task.name for task in tasks] == [TASK_NAME]
    assert [group.name for group in tasks[0].groups.all()] == [BEHEERDER]
    assert not GroupApprovalTask.objects.filter(groups__isnull=True).exists()


def test_the_migration_fixes_a_site_whose_task_lost_its_group(site):
    # An existing site: Wagtail's names, and the Moderators group deleted by an earlier setup_roles.
    workflow = default_workflow()
    task = workflow.tasks.first().specific
    Workflow.objects.filter(pk=workflow.pk).update(name="Moderators approval")
    GroupApprovalTask.objects.filter(pk=task.pk).update(name="Moderators approval")
    task.groups.clear()
    orphan = GroupApprovalTask.objects.create(name="Extra controle")

    run_migration()

    assert Workflow.objects.get(pk=workflow.pk).name == WORKFLOW_NAME
    task.refresh_from_db()
    assert task.name == TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == [BEHEERDER]
    # A task the operator made keeps its name, but gets someone who can approve it.
    orphan.refresh_from_db()
    assert orphan.name == "Extra controle"
    assert list(orphan.groups.values_list("name", flat=True)) == [BEHEERDER]


def test_the_operators_own_choices_stay(site):
    task = default_workflow().tasks.first().specific
    bestuur = Group.objects.get(name="Bestuur")
    task.groups.set([bestuur])
    Workflow.objects.filter(pk=default_workflow().pk).update(name="Eigen workflow")

    setup_roles()
    run_migration()

    assert default_workflow().name == "Eigen workflow"
    assert list(task.groups.values_list("name", flat=True)) == ["Bestuur"]


def test_the_migration_works_before_the_roles_exist(site):
    # On a fresh database the migration runs before setup_roles creates the groups.
    Group.objects.filter(name=BEHEERDER).delete()
    task = default_workflow().tasks.first().specific
    GroupApprovalTask.objects.filter(pk=task.pk).update(name="Moderators approval")

    run_migration()

    assert list(task.groups.values_list("name", flat=True)) == [BEHEERDER]
