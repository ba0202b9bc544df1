"""The demo's core pages in English, Arabic, Turkish, Polish and Ukrainian.

``setup_site`` gives every offered language a copy of the Dutch pages. For a
demo, :func:`translate_demo_pages` then replaces the Dutch texts in those
copies by the texts in ``en.py``, ``ar.py``, ... Only copies that still hold
the Dutch text are touched: a page an editor translated stays as it is.

Texts are matched by their Dutch wording, not by position, so a Dutch text
that changes simply stays Dutch in the copy (and
``tests/distro/core/test_languages.py`` says which one).
"""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop
from wagtail.fields import StreamField
from wagtail.models import Page

from distro.core import demo
from distro.core import initial_content as text
from distro.core.languages import is_copy_of

from . import ar, en, pl, tr, uk

LANGUAGES = {"en": en, "ar": ar, "tr": tr, "pl": pl, "uk": uk}

DEFAULT_NAME = "Ouder- en jeugdsteunpunt"

#: The Dutch texts of the demo, by the names the language modules use.
DUTCH = {
    "home_title": DEFAULT_NAME,
    "home_intro": text.HOME_INTRO,
    **{f"pillar_{n}_title": title for n, (title, _body) in enumerate(text.PILLARS, 1)},
    **{f"pillar_{n}_text": body for n, (_title, body) in enumerate(text.PILLARS, 1)},
    "contact_title": "Stel je vraag",
    "contact_intro": text.CONTACT_INTRO,
    "contact_form_intro": text.CONTACT_FORM_INTRO,
    "kaart_title": "Sociale kaart",
    "kaart_intro": text.SOCIALE_KAART_INTRO,
    "privacy_title": "Privacyverklaring",
    "toegankelijkheid_title": "Toegankelijkheidsverklaring",
    # The agenda and the informatieset are plugins: the core knows their pages' texts, not their code.
    "agenda_title": "Agenda",
    "ervaring_title": "Deel je ervaring",
    "agenda_intro": (
        "<p>Thema-avonden, ouderbijeenkomsten, spreekuren en cursussen van het steunpunt. "
        "Meedoen is gratis. Meld u aan, dan weten we hoeveel mensen er komen.</p>"
    ),
    "informatie_title": "Informatie",
    "informatie_intro": (
        "<p>Hier vindt u betrouwbare informatie over passend onderwijs. Voor ouders, voor jongeren en voor kinderen. "
        "De teksten komen uit de landelijke informatieset en worden vanzelf bijgewerkt. Bij veel onderwerpen leest u "
        "ook wat het steunpunt in onze regio voor u kan doen.</p>"
    ),
    # The example page of distro/core/demo.py.
    "regio_title": "Zo werkt het in onze regio",
    "regio_intro": "Een voorbeeldpagina: zo vraagt u extra ondersteuning aan in onze regio.",
    "regio_p1": "<p>Heeft uw kind meer hulp nodig dan de school gewoon geeft? Dan zoekt de school samen met u naar een oplossing.</p>",
    "regio_steps_title": "Zo gaat het",
    "regio_step_1_title": "Praat met de leerkracht of mentor",
    "regio_step_1_text": "<p>Vertel wat u ziet en wat uw kind nodig heeft.</p>",
    "regio_step_2_title": "De school maakt een plan",
    "regio_step_2_text": "<p>Samen met u. U mag altijd iemand meenemen naar het gesprek.</p>",
    "regio_step_3_title": "Lukt het niet? Bel het steunpunt",
    "regio_step_3_text": "<p>We denken met u mee.</p>",
    "regio_faq_title": "Veelgestelde vragen",
    "regio_q1": "Kost het steunpunt geld?",
    "regio_a1": "<p>Nee, het steunpunt is gratis.</p>",
    "regio_q2": "Vertelt het steunpunt iets aan school?",
    "regio_a2": "<p>Nee, alleen als u dat zelf wilt.</p>",
    "regio_tip_title": "Neem iemand mee",
    "regio_tip_text": "<p>Het is vaak fijn om iemand mee te nemen naar een gesprek op school.</p>",
    # The home page's entry points per audience, and the page for professionals (distro/core/demo.py).
    **{f"audience_{n}_title": title for n, (title, _body) in enumerate(demo.AUDIENCES, 1)},
    **{f"audience_{n}_text": body for n, (_title, body) in enumerate(demo.AUDIENCES, 1)},
    "professionals_title": demo.PROFESSIONALS_TITLE,
    "professionals_intro": demo.PROFESSIONALS_INTRO,
}


#: The demo's opening hours (site settings, one value for every language): the catalogues
#: translate them, and the contact details show them through the ``site_text`` filter.
SETTINGS_TEXTS = [
    gettext_noop("Maandag tot en met donderdag, 9.00 - 17.00 uur"),
    gettext_noop("Woensdag 13.00 - 15.00 uur in de bibliotheek van Beekdal"),
]


def _block_texts(body) -> list[str]:
    """The texts of an initial_content body, in order: paragraphs, headings, callouts."""
    texts = []
    for kind, value in body:
        if kind == "paragraph":
            texts.append(value)
        elif kind == "heading":
            texts.append(value["text"])
        elif kind == "callout":
            texts += [value["title"], value["text"]]
    return texts


def mapping(code: str, name: str) -> dict[str, str]:
    """Dutch text -> text in ``code`` for every demo text, with the steunpunt's name filled in."""
    module = LANGUAGES[code]
    translated_name = module.NAME if name == DEFAULT_NAME else name
    result = {DUTCH[key]: value for key, value in module.TEXTS.items() if key in DUTCH}
    if name != DEFAULT_NAME:
        result.pop(DEFAULT_NAME, None)
        result[name] = name
    days = settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN
    for dutch_body, translated in (
        (text.privacy_body(name), module.privacy(translated_name, days)),
        (text.accessibility_body(name), module.accessibility(translated_name)),
        (demo.PROFESSIONALS_BODY, module.PROFESSIONALS_BODY),
    ):
        dutch = _block_texts(dutch_body)
        if len(dutch) == len(translated):
            result.update(zip(dutch, translated, strict=True))
    return result


def _replace(value, texts):
    if isinstance(value, str):
        return texts.get(value, value)
    if isinstance(value, list):
        return [_replace(item, texts) for item in value]
    if isinstance(value, dict):
        return {key: (item if key in ("id", "type") else _replace(item, texts)) for key, item in value.items()}
    return value


def translate_copy(page, texts: dict[str, str]) -> bool:
    """Replace the known Dutch texts in ``page``; True when anything changed."""
    changed = False
    page.title = texts.get(page.title, page.title)
    page_fields = {f.name for f in Page._meta.concrete_fields}
    for field in type(page)._meta.concrete_fields:
        if field.name in page_fields:
            continue
        value = field.value_from_object(page)
        if isinstance(field, StreamField):
            raw = field.get_prep_value(value) or "[]"
            raw = json.loads(raw) if isinstance(raw, str) else raw
            new = _replace(raw, texts)
            if new != raw:
                setattr(page, field.name, json.dumps(new))
                changed = True
        elif isinstance(field, models.TextField | models.CharField) and isinstance(value, str) and value in texts:
            setattr(page, field.name, texts[value])
            changed = True
    return changed or page.title in texts.values()


def translate_demo_pages(home) -> int:
    """Put the translated texts in the untouched copies of the home page and its children; returns how many."""
    dutch_pages = [home.specific, *home.get_children().specific()]
    name = home.title
    done = 0
    for code in LANGUAGES:
        if code not in dict(settings.LANGUAGES):
            continue
        texts = mapping(code, name)
        for dutch in dutch_pages:
            copy = (
                Page.objects.filter(translation_key=dutch.translation_key, locale__language_code=code)
                .specific()
                .first()
            )
            if copy is None or not is_copy_of(copy, dutch):
                continue
            if translate_copy(copy, texts):
                copy.save_revision().publish()
                done += 1
    return done
