# The question's e-mail state moved to the core outbox (distro.outbox).

from django.db import migrations


def copy_to_outbox(apps, schema_editor):
    """Carry each question's delivery state over, so nothing waiting or failed is lost on upgrade."""
    Vraag = apps.get_model("contact", "Vraag")
    Verzending = apps.get_model("outbox", "Verzending")
    rows = [
        Verzending(
            kind="contact.vraag",
            object_id=pk,
            status=status,
            attempts=attempts,
            error=error,
            created_at=created_at,
            queued_at=created_at,
            # Waiting or failed ones are picked up by the next run of the retry job.
            next_attempt_at=created_at,
        )
        for pk, status, attempts, error, created_at in Vraag.objects.values_list(
            "pk", "mail_status", "mail_attempts", "mail_error", "created_at"
        ).iterator()
    ]
    Verzending.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("contact", "0001_initial"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_outbox, migrations.RunPython.noop),
        migrations.RemoveField(model_name="vraag", name="mail_attempts"),
        migrations.RemoveField(model_name="vraag", name="mail_error"),
        migrations.RemoveField(model_name="vraag", name="mail_status"),
    ]
