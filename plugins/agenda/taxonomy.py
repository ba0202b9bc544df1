"""The lists editors choose from on a meeting: "Voor wie" (Doelgroep) and "Thema's" (Thema).

Both are small models that a Redacteur extends in the admin (menu "Thema's en
doelgroepen", see wagtail_hooks.py); a meeting links to them with a
``ParentalManyToManyField``, so there is one shape (no JSON, no free text that
turns into a public filter the moment it is typed). The public filter value is
the ``slug``, which stays the same when an editor corrects the spelling of a name.

Labels: the lists that ship with the agenda ("Ouders", "Passend onderwijs", ...)
are msgids of the agenda's catalogue, so ``label`` reads them in the visitor's
language; a name an editor adds reads as typed (in Dutch).
"""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class _Keuze(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(
        _("korte naam voor het webadres"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Leeg laten: de site maakt hem zelf uit de naam."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        # A shipped name is in the catalogue; anything else comes back as typed.
        return gettext(self.name) if self.name else ""

    def meeting_count(self) -> int:
        """How many meetings (all languages, drafts' published versions included) use this entry."""
        return self.bijeenkomsten.count()

    meeting_count.short_description = _("bijeenkomsten")

    @classmethod
    def named(cls, names) -> list:
        """The entries with these names (any case), made when missing: for the demo content and tests."""
        found = []
        for name in names:
            item = cls.objects.filter(name__iexact=name).first() or cls.objects.filter(slug=name).first()
            found.append(item or cls.objects.create(name=name))
        return found

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:90] or "keuze"
            slug, n = base, 2
            while type(self).objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)


class Doelgroep(_Keuze):
    """Who a meeting is for: ouders, jongeren, kinderen, professionals, or what the editor adds."""

    class Meta(_Keuze.Meta):
        # In the order they were added: the shipped ones first, as the agenda always listed them.
        ordering = ["pk"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


class Thema(_Keuze):
    """What a meeting is about. A theme is a public filter only while an upcoming meeting uses it."""

    class Meta(_Keuze.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


# The lists a new site starts with (migration 0006 writes them; an editor may rename or add).
DEFAULT_AUDIENCES = [
    ("ouders", gettext_noop("Ouders")),
    ("jongeren", gettext_noop("Jongeren")),
    ("kinderen", gettext_noop("Kinderen")),
    ("professionals", gettext_noop("Professionals")),
]
DEFAULT_THEMES = [
    gettext_noop("Passend onderwijs"),
    gettext_noop("Ondersteuning op school"),
    gettext_noop("Overstap naar het voortgezet onderwijs"),
    gettext_noop("Samenwerken met school"),
    gettext_noop("Thuiszitten"),
]


def ensure_default_lists() -> None:
    """Fill an empty list with the shipped entries (setup_site; migration 0006 does the same on upgrade).

    Only an empty list: an entry an editor deleted from a list in use stays deleted.
    """
    if not Doelgroep.objects.exists():
        Doelgroep.objects.bulk_create([Doelgroep(slug=slug, name=name) for slug, name in DEFAULT_AUDIENCES])
    if not Thema.objects.exists():
        for name in DEFAULT_THEMES:
            Thema.objects.create(name=name)
