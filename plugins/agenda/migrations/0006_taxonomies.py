"""The lists "Voor wie" and "Thema's" become managed lists (Doelgroep, Thema) instead of JSON.

Before, a meeting stored audiences as a JSON list of slugs (``["ouders"]``) and
themes as a JSON list of labels (``["Passend onderwijs"]``), and editors typed
that JSON. Now both are ``ParentalManyToManyField``s to small models an editor
extends in the admin. This migration:

1. creates the lists, with the audiences the agenda always had and the usual themes;
2. turns every meeting's JSON into links, making a list entry for any value not
   there yet (an unknown audience slug, a theme label typed by an editor), so
   nothing is lost;
3. rewrites the same fields in the meetings' page revisions (and wagtail-localize's
   stored sources), so the editor, "Vergelijken" and reverting to an older version
   keep working.

It is reversible: going back writes the links out as JSON again (audience slugs,
theme names) in the pages and their revisions.
"""

import json

import modelcluster.fields
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models
from django.utils.text import slugify

AUDIENCES = [
    ("ouders", "Ouders"),
    ("jongeren", "Jongeren"),
    ("kinderen", "Kinderen"),
    ("professionals", "Professionals"),
]
THEMES = [
    "Passend onderwijs",
    "Ondersteuning op school",
    "Overstap naar het voortgezet onderwijs",
    "Samenwerken met school",
    "Thuiszitten",
]


def _values(raw) -> list[str]:
    """The strings in a stored JSON value; tolerates a JSON text, None and stray non-strings."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = [raw]
    if not isinstance(raw, (list, tuple)):
        return []
    return [str(v).strip() for v in raw if isinstance(v, (str, int)) and str(v).strip()]


def _unique_slug(model, base: str) -> str:
    base = (slugify(base) or "keuze")[:90]
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class _Lookup:
    """Finds or makes the list entry for a stored value (audiences by slug, themes by label)."""

    def __init__(self, model, by: str):
        self.model, self.by = model, by

    def __call__(self, value: str):
        model = self.model
        found = model.objects.filter(slug=value).first() if self.by == "slug" else None
        found = found or model.objects.filter(name__iexact=value).first()
        if found is None and self.by == "name":
            found = model.objects.filter(slug=slugify(value)).first()
        if found is None:
            name = value.replace("-", " ").capitalize() if self.by == "slug" else value
            slug = value if self.by == "slug" and value == slugify(value) else slugify(value)
            if model.objects.filter(slug=slug).exists() or not slug:
                slug = _unique_slug(model, value)
            found = model.objects.create(name=name[:100], slug=slug)
        return found


def _stored_models(apps):
    """The places a meeting's fields are stored as JSON besides the page row: revisions, translation sources."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="agenda", model="bijeenkomst").first()
    if content_type is None:
        return []
    found = []
    try:
        Revision = apps.get_model("wagtailcore", "Revision")
        found.append(Revision.objects.filter(base_content_type=content_type))
    except LookupError:
        pass
    try:
        TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
        found.append(TranslationSource.objects.filter(specific_content_type=content_type))
    except LookupError:
        pass
    return found


def _rewrite_stored(apps, convert) -> None:
    """Apply ``convert(content: dict) -> bool`` to each stored copy of a meeting; save the changed ones."""
    for queryset in _stored_models(apps):
        field = "content" if queryset.model.__name__ == "Revision" else "content_json"
        for row in queryset.iterator():
            content = getattr(row, field)
            as_text = isinstance(content, str)
            if as_text:
                try:
                    content = json.loads(content)
                except ValueError:
                    continue
            if not isinstance(content, dict) or not convert(content):
                continue
            if as_text:
                content = json.dumps(content, cls=DjangoJSONEncoder)
            setattr(row, field, content)
            row.save(update_fields=[field])


def forwards(apps, schema_editor):
    Doelgroep = apps.get_model("agenda", "Doelgroep")
    Thema = apps.get_model("agenda", "Thema")
    Bijeenkomst = apps.get_model("agenda", "Bijeenkomst")
    for slug, name in AUDIENCES:
        if not Doelgroep.objects.filter(slug=slug).exists():
            Doelgroep.objects.create(slug=slug, name=name)
    for name in THEMES:
        if not Thema.objects.filter(name__iexact=name).exists():
            Thema.objects.create(name=name, slug=_unique_slug(Thema, name))
    audience, theme = _Lookup(Doelgroep, "slug"), _Lookup(Thema, "name")

    for meeting in Bijeenkomst.objects.all().iterator():
        meeting.audiences.set([audience(v).pk for v in _values(meeting.audiences_json)])
        meeting.themes.set([theme(v).pk for v in _values(meeting.themes_json)])

    def convert(content):
        changed = False
        for key, lookup in (("audiences", audience), ("themes", theme)):
            if key in content and not all(isinstance(v, int) for v in (content[key] or [])):
                content[key] = [lookup(v).pk for v in _values(content[key])]
                changed = True
        return changed

    _rewrite_stored(apps, convert)


def backwards(apps, schema_editor):
    Doelgroep = apps.get_model("agenda", "Doelgroep")
    Thema = apps.get_model("agenda", "Thema")
    Bijeenkomst = apps.get_model("agenda", "Bijeenkomst")
    slugs = dict(Doelgroep.objects.values_list("pk", "slug"))
    names = dict(Thema.objects.values_list("pk", "name"))
    for meeting in Bijeenkomst.objects.all().iterator():
        meeting.audiences_json = [d.slug for d in meeting.audiences.order_by("name")]
        meeting.themes_json = [t.name for t in meeting.themes.order_by("name")]
        meeting.save(update_fields=["audiences_json", "themes_json"])

    def convert(content):
        changed = False
        for key, by_pk in (("audiences", slugs), ("themes", names)):
            values = content.get(key)
            if isinstance(values, list) and all(isinstance(v, int) for v in values):
                content[key] = [by_pk[v] for v in values if v in by_pk]
                changed = True
        return changed

    _rewrite_stored(apps, convert)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0005_answers_one_spelling"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="Doelgroep",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="naam")),
                (
                    "slug",
                    models.SlugField(
                        blank=True,
                        help_text="Leeg laten: de site maakt hem zelf uit de naam.",
                        max_length=100,
                        unique=True,
                        verbose_name="korte naam voor het webadres",
                    ),
                ),
            ],
            options={
                "verbose_name": "doelgroep",
                "verbose_name_plural": "doelgroepen",
                "ordering": ["pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Thema",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="naam")),
                (
                    "slug",
                    models.SlugField(
                        blank=True,
                        help_text="Leeg laten: de site maakt hem zelf uit de naam.",
                        max_length=100,
                        unique=True,
                        verbose_name="korte naam voor het webadres",
                    ),
                ),
            ],
            options={
                "verbose_name": "thema",
                "verbose_name_plural": "thema's",
                "ordering": ["name"],
                "abstract": False,
            },
        ),
        migrations.RenameField(model_name="bijeenkomst", old_name="audiences", new_name="audiences_json"),
        migrations.RenameField(model_name="bijeenkomst", old_name="themes", new_name="themes_json"),
        migrations.AddField(
            model_name="bijeenkomst",
            name="audiences",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="Mist er een groep? Voeg hem toe in het menu Thema's en doelgroepen.",
                related_name="bijeenkomsten",
                to="agenda.doelgroep",
                verbose_name="voor wie",
            ),
        ),
        migrations.AddField(
            model_name="bijeenkomst",
            name="themes",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="Mist er een thema? Voeg het toe in het menu Thema's en doelgroepen.",
                related_name="bijeenkomsten",
                to="agenda.thema",
                verbose_name="thema's",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="bijeenkomst", name="audiences_json"),
        migrations.RemoveField(model_name="bijeenkomst", name="themes_json"),
    ]
