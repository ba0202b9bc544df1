"""Existing sites: the default workflow gets Dutch names and the Beheerder as approver."""

from django.db import migrations

from distro.roles.workflow import setup_workflow


def forwards(apps, schema_editor):
    setup_workflow(
        apps.get_model("auth", "Group"),
        apps.get_model("wagtailcore", "Workflow"),
        apps.get_model("wagtailcore", "GroupApprovalTask"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        # 0048 creates the default workflow; 0083 is the last one that changes the workflow tables.
        ("wagtailcore", "0083_workflowcontenttype"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
