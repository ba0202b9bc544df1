"""Sign-up answers in the one shape the form writes: ``[{"question": ..., "answer": ...}]``.

The admin screens used to accept other shapes at read time (a dict, pairs,
"label"/"vraag" for the question, "value"/"antwoord" for the answer). Rows
stored in such a shape are rewritten once here, so the screens and the
exports read only what ``AanmeldenForm.answers()`` writes.
"""

from django.db import migrations

QUESTION_KEYS = ("question", "label", "vraag")
ANSWER_KEYS = ("answer", "value", "antwoord")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _first(item: dict, keys) -> object:
    return next((item[key] for key in keys if item.get(key) not in (None, "")), "")


def one_spelling(answers):
    """The answers as the form writes them; ``None`` when they already are."""
    if isinstance(answers, dict):
        items = [{"question": str(k), "answer": _text(v)} for k, v in answers.items()]
    elif isinstance(answers, list):
        items = []
        for item in answers:
            if isinstance(item, dict):
                items.append({"question": str(_first(item, QUESTION_KEYS)), "answer": _text(_first(item, ANSWER_KEYS))})
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                items.append({"question": str(item[0]), "answer": _text(item[1])})
            # Anything else was never shown to staff; it is dropped.
    else:
        items = []
    return None if items == answers else items


def forwards(apps, schema_editor):
    Aanmelding = apps.get_model("agenda", "Aanmelding")
    for pk, answers in Aanmelding.objects.exclude(answers=[]).values_list("pk", "answers").iterator():
        rewritten = one_spelling(answers)
        if rewritten is not None:
            Aanmelding.objects.filter(pk=pk).update(answers=rewritten)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0004_mail_in_outbox")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
