"""The approval workflow: a Redacteur sends a page, the Beheerder approves it.

Wagtail's migrations create a workflow "Moderators approval" whose task is
approved by the example group "Moderators". setup_roles() deletes that group
(the distro works with its four roles), which left a task nobody could
approve. Here the default workflow gets Dutch names and the Beheerder as
approver, and no approval task stays without a group.

The function takes the model classes, so that the data migration (historical
models) and setup_roles() (real models, after every migrate) share it.
"""

from . import BEHEERDER

#: The names Wagtail's migration 0048 gives the default workflow and its task.
WAGTAIL_DEFAULT_NAMES = ("Moderators approval",)

#: The submit button reads "Stuur door naar Beheerder" (Wagtail: "Submit to <workflow>").
WORKFLOW_NAME = "Beheerder"
TASK_NAME = "Goedkeuring door de Beheerder"


def setup_workflow(Group, Workflow, GroupApprovalTask, using="default"):
    """Name the default workflow in Dutch and let the Beheerder approve; safe to run again."""
    beheerder, _ = Group.objects.using(using).get_or_create(name=BEHEERDER)
    tasks = GroupApprovalTask.objects.using(using)
    for task in tasks.filter(name__in=WAGTAIL_DEFAULT_NAMES):
        task.name = TASK_NAME
        task.save(update_fields=["name"])
        task.groups.add(beheerder)
    # A task without a group can be sent to but never approved: the page would be stuck.
    for task in tasks.filter(groups__isnull=True):
        task.groups.add(beheerder)
    Workflow.objects.using(using).filter(name__in=WAGTAIL_DEFAULT_NAMES).update(name=WORKFLOW_NAME)
