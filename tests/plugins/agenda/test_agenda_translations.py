"""Translation catalogues of the agenda plugin (plugins/agenda/locale).

The plugin carries its own catalogues; Django finds an installed app's
locale/ directory by itself. Every language the site offers needs a complete
catalogue (no empty or fuzzy entries, every plural form, the same
placeholders as the Dutch text, a compiled .mo that matches the .po, and every
text the plugin's code and templates mark for translation). A visitor on
/en/ or /ar/ must see the agenda, a meeting and the sign-up form in that
language, and the mails to people who signed up come in their language.

polib comes with wagtail-localize, so it is always installed.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from plugin_catalogue_checks import (  # noqa: F401 - pytest runs the imported tests here
    TRANSLATED,
    catalogue,
    marked_texts,
    test_catalogue_header_is_final,
    test_catalogue_is_complete_and_not_fuzzy,
    test_compiled_catalogue_matches_the_po_file,
    test_every_default_language_has_a_po_and_mo_file,
    test_every_text_marked_in_the_plugin_is_in_the_catalogue,
    test_shared_texts_agree_with_other_plugins,
    test_shared_texts_agree_with_the_core_catalogue,
    test_translations_keep_the_placeholders,
)
from wagtail.models import Locale

from distro.core.models import ContentPage
from plugins.agenda import listing, mails
from plugins.agenda.models import Aanmelding, AgendaIndexPage, Bijeenkomst, Doelgroep, Sessie

REPO = Path(__file__).resolve().parents[3]
PLUGIN = REPO / "plugins" / "agenda"


# Texts every visitor of the agenda meets ("Online" is left out: the English word is the same).
VISITOR_STRINGS = [
    "Toon bijeenkomsten",
    "Online of op locatie",
    "Waar",
    "Wanneer",
    "Soort",
    "Thema-avond",
    "Aanmelden",
    "Uw naam",
    "Met hoeveel personen komt u?",
    "U bent aangemeld",
    "U staat op de wachtlijst",
    "Vol - wachtlijst",
    "Zet in uw agenda",
    "U bent aangemeld: %(titel)s",
    "Met vriendelijke groet,",
]


# Gettext functions whose first argument (after the context for p*gettext) is a msgid.
def test_the_marked_texts_are_found():
    # Guards the test above: it must see texts from Python, templates, plurals and contexts.
    texts = marked_texts(PLUGIN)
    for expected in [
        (None, "Vul uw naam in."),
        (None, "%(counter)s bijeenkomst gepland"),
        (None, "Aanmelden: %(titel)s"),
        (None, "Beste %(naam)s,"),
        ("time of day format", "G.i"),
    ]:
        assert expected in texts, expected


# --- The catalogue at runtime -----------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_visitor_texts_are_translated_at_runtime(lang):
    with translation.override(lang):
        for text in VISITOR_STRINGS:
            assert translation.gettext(text) != text, f"{text!r} is not translated into {lang}"
        assert translation.ngettext("Nog %(count)d plaats", "Nog %(count)d plaatsen", 5) != "Nog %(count)d plaatsen"


def test_dutch_stays_dutch():
    with translation.override("nl"):
        for text in VISITOR_STRINGS:
            assert translation.gettext(text) == text


def test_arabic_polish_and_ukrainian_plural_forms_of_the_agenda_count():
    singular, plural = "%(counter)s bijeenkomst gepland", "%(counter)s bijeenkomsten gepland"
    with translation.override("ar"):
        arabic = {n: translation.ngettext(singular, plural, n) % {"counter": n} for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(arabic.values())) == 6, arabic
    assert arabic[1] == "لقاء واحد مخطط له"
    with translation.override("pl"):
        polish = [translation.ngettext(singular, plural, n) % {"counter": n} for n in (1, 3, 5, 22)]
    assert polish == [
        "1 zaplanowane spotkanie",
        "3 zaplanowane spotkania",
        "5 zaplanowanych spotkań",
        "22 zaplanowane spotkania",
    ]
    with translation.override("uk"):
        ukrainian = [translation.ngettext(singular, plural, n) % {"counter": n} for n in (1, 3, 5, 21)]
    assert ukrainian == [
        "1 запланована зустріч",
        "3 заплановані зустрічі",
        "5 запланованих зустрічей",
        "21 запланована зустріч",
    ]


# --- What a visitor sees -------------------------------------------------------------------


def visible_text(html):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def dutch_words(text):
    # Links hold Dutch path words (/agenda/afmelden/...); they are addresses, not text to read.
    return DUTCH_IN_MAILS.findall(re.sub(r"https?://\S+", "", text))


@pytest.fixture(autouse=True)
def _captcha_passes(captcha_passes):
    """Every test here signs up through the form."""


@pytest.fixture
def activiteiten(home):
    """An agenda of its own (so the demo meetings do not mix in) with one meeting, both in Dutch."""
    parent = home.add_child(instance=ContentPage(title="Activiteiten", slug="activiteiten"))
    parent.save_revision().publish()
    index = parent.add_child(instance=AgendaIndexPage(title="Activiteiten", slug="agenda-vertaald"))
    index.save_revision().publish()
    start = (
        (timezone.now() + timedelta(days=12))
        .astimezone(listing.AMSTERDAM)
        .replace(hour=19, minute=30, second=0, microsecond=0)
    )
    meeting = Bijeenkomst(
        title="Ouderavond passend onderwijs",
        slug="ouderavond",
        soort=Bijeenkomst.Soort.THEMA_AVOND,
        audiences=Doelgroep.named(["ouders"]),
        location_name="Buurthuis De Linde",
        address="Lindelaan 1, Testdorp",
        capacity=10,
        max_persons=2,
    )
    meeting.sessies.add(Sessie(start=start, end=start + timedelta(hours=2)))
    index.add_child(instance=meeting)
    meeting.save_revision().publish()
    return AgendaIndexPage.objects.get(pk=index.pk), Bijeenkomst.objects.get(pk=meeting.pk)


def translated(page, lang, **fields):
    """The page's translation into ``lang``, as an editor makes it with wagtail-localize."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=lang), copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(page).objects.get(pk=copy.pk)


INDEX_EXPECTED = {
    "en": {
        "labels": {"id_voor": "Who is it for", "id_plaats": "Online or in person"},
        "options": ["Everyone", "Parents", "Young people", "Children", "Professionals"],
        "button": "Show meetings",
        "count": "1 meeting planned",
        "badge": "10 places left",
        "meta": ["Where", "Who is it for", "Type"],
        "values": ["Parents", "Theme evening"],
        "feed": "All meetings in your own calendar (iCalendar)",
        "archive": "Meetings that are over (archive)",
    },
    "ar": {
        "labels": {"id_voor": "لِمَن", "id_plaats": "عبر الإنترنت أو حضوريًا"},
        "options": ["الجميع", "أولياء الأمور", "الشباب", "الأطفال", "المختصون"],
        "button": "اعرض اللقاءات",
        "count": "لقاء واحد مخطط له",
        "badge": "بقيت 10 أماكن",
        "meta": ["أين", "لِمَن", "النوع"],
        "values": ["أولياء الأمور", "أمسية حول موضوع"],
        "feed": "كل اللقاءات في تقويمك الخاص (iCalendar)",
        "archive": "لقاءات انتهت (الأرشيف)",
    },
}

DUTCH_ON_THE_INDEX = [
    "Toon bijeenkomsten",
    "bijeenkomst gepland",
    "Voor wie",
    "Nog 10 plaatsen",
    "Waar",
    "Thema-avond",
    "Ouders",
    " uur",
]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_agenda_index_follows_the_visitors_language(client, activiteiten, lang):
    index, meeting = activiteiten
    page = translated(index, lang)
    assert page.url.startswith(f"/{lang}/")
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    expected = INDEX_EXPECTED[lang]
    for field_id, label in expected["labels"].items():
        assert html.find("label", attrs={"for": field_id}).get_text(strip=True) == label
    assert [o.get_text(strip=True) for o in html.find("select", attrs={"name": "voor"}).find_all("option")] == expected[
        "options"
    ]
    assert html.select_one("form.filter-form button[type=submit]").get_text(strip=True) == expected["button"]
    assert html.select_one("#resultaten").get_text(strip=True) == expected["count"]
    [card] = html.select("main .agenda-card")
    assert card.select_one(".agenda-badge").get_text(strip=True) == expected["badge"]
    assert [dt.get_text(strip=True) for dt in card.select("dt")] == expected["meta"]
    assert [dd.get_text(strip=True) for dd in card.select("dd")][1:] == expected["values"]
    with translation.override(lang):
        when = listing.format_sessie(meeting.sessies.first().start, meeting.sessies.first().end)
    assert card.select_one(".agenda-dates time").get_text(strip=True) == when
    # Only <main>: the header and footer hold the steunpunt's own (Dutch) contact details.
    text = visible_text(str(html.select_one("main")))
    assert expected["feed"] in text and expected["archive"] in text
    for dutch in DUTCH_ON_THE_INDEX:
        assert dutch not in text, f"{dutch!r} left in Dutch on /{lang}/"


MEETING_EXPECTED = {
    "en": {
        "title": "Parents' evening on inclusive education",
        "facts": ["When", "Where", "Who is it for", "Type", "Places"],
        "calendar": "Add to your calendar",
        "signup": "Sign up",
        "labels": ["Your name (required)", "Email address (required)", "How many people are coming? (required)"],
        "role": "I am (required)",
        "roles": ["Parent or carer", "Young person", "Professional"],
        "consent": "I give permission to use my details for this meeting (required)",
        "retention": "We keep your details until 30 days after the meeting.",
    },
    "ar": {
        "title": "أمسية للأهل عن التعليم المناسب",
        "facts": ["متى", "أين", "لِمَن", "النوع", "الأماكن"],
        "calendar": "أضف إلى تقويمك",
        "signup": "التسجيل",
        "labels": ["اسمك (إلزامي)", "البريد الإلكتروني (إلزامي)", "كم شخصًا سيحضر؟ (إلزامي)"],
        "role": "من أنت؟ (إلزامي)",
        "roles": ["أحد الوالدين أو ولي الأمر", "شاب", "مختص"],
        "consent": "أوافق على استخدام بياناتي لهذا اللقاء (إلزامي)",
        "retention": "نحتفظ ببياناتك حتى 30 يومًا بعد اللقاء.",
    },
}

DUTCH_ON_THE_MEETING = [
    "Wanneer",
    "Waar",
    "Plaatsen",
    "Zet in uw agenda",
    "Uw naam",
    "Met hoeveel personen",
    "Ik geef toestemming",
    "We bewaren",
    "Aanmelden",
    "verplicht",
]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_meeting_page_and_sign_up_form_follow_the_visitors_language(client, activiteiten, lang):
    _index, meeting = activiteiten
    expected = MEETING_EXPECTED[lang]
    page = translated(meeting, lang, title=expected["title"])
    assert page.url.startswith(f"/{lang}/")
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("html")["lang"] == lang
    assert [dt.get_text(strip=True) for dt in html.select(".agenda-facts dt")] == expected["facts"]
    assert html.select_one("a.agenda-ics").get_text(strip=True) == expected["calendar"]
    assert html.select_one("#aanmelden-titel").get_text(strip=True) == expected["signup"]
    link = html.select_one(".agenda-signup a.button")
    assert link.get_text(strip=True) == expected["signup"]
    text = visible_text(str(html.select_one("main")))
    for dutch in DUTCH_ON_THE_MEETING:
        assert dutch not in text, f"{dutch!r} left in Dutch on /{lang}/"

    # The form is on the sign-up page the button leads to, in the same language.
    html = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert html.find("html")["lang"] == lang
    form = html.select_one("form.agenda-aanmelden-form")
    labels = [" ".join(label.get_text(" ", strip=True).split()) for label in form.select("label.form__label")]
    assert labels[:3] == expected["labels"]
    assert " ".join(form.select_one("fieldset legend").get_text(" ", strip=True).split()) == expected["role"]
    assert [label.get_text(strip=True) for label in form.select("fieldset .form__choice label")] == expected["roles"]
    consent = form.find("input", attrs={"name": "consent"})
    consent_label = form.find("label", attrs={"for": consent["id"]})
    assert " ".join(consent_label.get_text(" ", strip=True).split()) == expected["consent"]
    assert expected["retention"] in visible_text(str(form))
    assert form.select_one("button[type=submit]").get_text(strip=True) == expected["signup"]


def post_signup(client, bijeenkomst, capture, prefix):
    data = {
        "name": "Fatima Yilmaz",
        "email": "fatima@example.org",
        "persons": "2",
        "role": "ouder",
        "consent": "on",
        "website": "",
        "captcha_0": "any-hashkey",
        "captcha_1": "PASSED",
    }
    with capture(execute=True):
        return client.post(f"{prefix}/agenda/aanmelden/{bijeenkomst.pk}/", data)


MAIL_EXPECTED = {
    "en": {
        "thanks": "You are signed up",
        "subject": "You are signed up: {title}",
        "lines": [
            "Dear Fatima Yilmaz,",
            "You are signed up for {title}.",
            "You signed up 2 people.",
            "Attached is a calendar file.",
            "Where",
            "Number of people",
            "We keep your details until 30 days after the meeting. Then we delete them.",
            "Kind regards,",
        ],
        "text_only": ["Meeting: {title}", "Can't come? Then cancel your registration with this link:"],
        "html_only": ["More information about the meeting", ">Cancel registration</a>"],
        "direction": "ltr",
    },
    "ar": {
        "thanks": "تم تسجيلك",
        "subject": "تم تسجيلك: {title}",
        "lines": [
            "مرحبًا Fatima Yilmaz،",
            "تم تسجيلك في لقاء «{title}».",
            "عدد الأشخاص المسجَّلين: 2.",
            "في المرفق ملف تقويم.",
            "أين",
            "عدد الأشخاص",
            "نحتفظ ببياناتك حتى 30 يومًا بعد اللقاء. بعد ذلك نحذفها.",
            "مع أطيب التحيات،",
        ],
        "text_only": ["اللقاء: {title}", "لا تستطيع الحضور؟ ألغِ تسجيلك عبر هذا الرابط:"],
        "html_only": ["مزيد من المعلومات عن اللقاء", ">إلغاء التسجيل</a>"],
        "direction": "rtl",
    },
}

# Fixed Dutch words of the agenda mails; none may be left in a translated mail.
DUTCH_IN_MAILS = re.compile(
    r"\b(Beste|groet|Wanneer|Waar|Datums|personen|bijeenkomst|aangemeld|wachtlijst|afmelden|Afmelden|gegevens|"
    r"uw|het|een|niet|hoeft|krijgt|Vragen|Telefoon|Meer informatie|Bijeenkomst)\b"
)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_sign_up_in_the_visitors_language_gets_its_confirmation_mail_in_that_language(
    client, maak_bijeenkomst, django_capture_on_commit_callbacks, lang
):
    meeting = maak_bijeenkomst(title="Coffee morning", slug="coffee-morning", capacity=10, max_persons=2)
    expected = MAIL_EXPECTED[lang]
    response = post_signup(client, meeting, django_capture_on_commit_callbacks, prefix=f"/{lang}")
    assert response.status_code == 302 and response["Location"].startswith(f"/{lang}/agenda/aanmelden/")
    assert expected["thanks"] in visible_text(client.get(response["Location"]).content.decode())

    [message] = mail.outbox
    title = meeting.title
    assert message.subject == expected["subject"].format(title=title)
    [(html, _mimetype)] = message.alternatives
    assert f'<html lang="{lang}" dir="{expected["direction"]}">' in html
    with translation.override(lang):
        when = mails.sessie_lines(meeting)[0]
    for body in (message.body, visible_text(html)):
        for line in expected["lines"]:
            assert line.format(title=title) in body, (line, body)
        assert when in body
    for line in expected["text_only"]:
        assert line.format(title=title) in message.body
    for line in expected["html_only"]:
        assert line in html
    for part in (message.subject, message.body, visible_text(html)):
        leftover = [w for w in dutch_words(part) if w not in title]
        assert not leftover, f"Dutch left in the {lang} mail: {leftover}"


@pytest.fixture
def mail_meetings(maak_bijeenkomst):
    """A meeting on location with one date and an online course with two: together every part of the mail."""
    start = timezone.now() + timedelta(days=5)
    on_location = maak_bijeenkomst(
        title="Coffee morning",
        slug="coffee",
        location_name="Community centre",
        address="Main Street 1",
        accessibility="Lift available.",
        capacity=10,
    )
    online = maak_bijeenkomst(
        title="Online course",
        slug="online-course",
        online=True,
        meeting_link="https://meet.example.org/abc",
        location_name="",
        address="",
        capacity=10,
        sessies=[(start, start + timedelta(hours=1)), (start + timedelta(days=7), start + timedelta(days=7, hours=1))],
    )
    return [on_location, online]


def registration(meeting, lang, status=Aanmelding.Status.BEVESTIGD, **fields):
    values = {"name": "Sam Jones", "email": "sam@example.org", "persons": 3, "role": "ouder", **fields}
    return Aanmelding.objects.create(bijeenkomst=meeting, status=status, language=lang, **values)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_kind_of_status_mail_is_fully_translated(mail_meetings, lang):
    assert mails.translated_languages() >= {"nl", *TRANSLATED}
    kinds = [mails.AANMELDING, mails.WACHTLIJST, mails.PROMOTIE, mails.WIJZIGING, mails.AFGELAST, mails.HERINNERING]
    for meeting in mail_meetings:
        aanmelding = registration(meeting, lang, email=f"{meeting.slug}@example.org")
        # The language the mail task would choose for this registration.
        assert mails.mail_language(aanmelding, meeting.get_site()) == lang
        for soort in kinds:
            aanmelding.status = (
                Aanmelding.Status.WACHTLIJST if soort == mails.WACHTLIJST else Aanmelding.Status.BEVESTIGD
            )
            with translation.override(lang):
                message = mails.build_message(aanmelding, soort)
            [(html, _mimetype)] = message.alternatives
            assert f'<html lang="{lang}"' in html
            for part in (message.subject, message.body, visible_text(html)):
                leftover = dutch_words(part)
                assert not leftover, f"Dutch left in the {lang} {soort} mail about {meeting.title}: {leftover}\n{part}"


@pytest.mark.django_db
def test_dutch_mail_keeps_the_dutch_text(mail_meetings):
    # The check above would pass for an empty mail; the same words are there in Dutch.
    aanmelding = registration(mail_meetings[0], "nl")
    with translation.override("nl"):
        message = mails.build_message(aanmelding, mails.AANMELDING)
    assert {"Beste", "Wanneer", "Waar", "groet", "bijeenkomst"} <= set(dutch_words(message.body))


@pytest.mark.django_db
def test_staff_message_is_wrapped_in_the_registrants_language(
    client, steunpunt_medewerker, mail_meetings, django_capture_on_commit_callbacks
):
    meeting = mail_meetings[0]
    registration(meeting, "en")
    client.force_login(steunpunt_medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agenda_admin:message", args=[meeting.pk]),
            {"aan": "alle", "onderwerp": "Parking", "tekst": "Park behind the building."},
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Parking"
    assert message.body.startswith("Dear Sam Jones,")
    assert "You get this email because you signed up for “Coffee morning”" in message.body
    assert "Can't come? Then cancel your registration with this link:" in message.body
    [(html, _mimetype)] = message.alternatives
    assert '<html lang="en">' in html and "Dear Sam Jones," in html
    assert not dutch_words(message.body)


@pytest.mark.django_db
def test_staff_screens_follow_the_admin_language(client, steunpunt_medewerker, maak_bijeenkomst, gegevens):
    # The Wagtail admin speaks Dutch or English (WAGTAILADMIN_PERMITTED_LANGUAGES), per user.
    from wagtail.users.models import UserProfile

    from plugins.agenda import services

    profile = UserProfile.get_for_user(steunpunt_medewerker)
    profile.preferred_language = "en"
    profile.save()
    meeting = maak_bijeenkomst(title="Coffee morning", capacity=10)
    services.aanmelden(meeting, **gegevens(name="Sam Jones", email="sam@example.org"))
    client.force_login(steunpunt_medewerker)

    overview = BeautifulSoup(client.get(reverse("agenda_admin:overview")).content, "html.parser")
    assert [th.get_text(strip=True) for th in overview.select("table.listing th")] == [
        "Meeting",
        "Date",
        "Signed up",
        "Places",
        "Waiting list",
        "Status",
        "Actions",
    ]
    assert {a.get_text(" ", strip=True) for a in overview.select("nav a")} >= {"Upcoming", "Past"}

    attendees = BeautifulSoup(client.get(reverse("agenda_admin:attendees", args=[meeting.pk])).content, "html.parser")
    assert [th.get_text(strip=True) for th in attendees.select("table.listing th")][:4] == [
        "Name",
        "Email address",
        "People",
        "I am",
    ]
    row = attendees.select_one("table.listing tbody tr")
    assert "Sam Jones" in row.get_text() and "Signed up" in row.get_text() and "Parent or carer" in row.get_text()
    text = visible_text(str(attendees.select_one("main") or attendees))
    for english in (
        "Download as CSV",
        "Download as Excel",
        "Message to everyone signed up",
        "Move",
        "Cancel registration",
    ):
        assert english in text
    for dutch in ("Deelnemers", "Aangemeld", "Verplaatsen", "Afmelden", "Bericht aan alle aanmeldingen"):
        assert dutch not in text, f"{dutch!r} left in Dutch in the English admin"
