import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, Locale, Page, Site

from distro.contact.models import ContactPage
from distro.core import initial_content as text
from distro.core.demo import create_demo_content
from distro.core.demo_translations import translate_demo_pages
from distro.core.models import ContentPage, FooterMenuItem, HomePage, MainMenuItem, Navigatie, SteunpuntSettings
from distro.core.translation_links import link_language_copies
from distro.extensions import site_setup
from distro.roles import BEHEERDER, STEUNPUNT
from distro.roles.setup import setup_roles
from distro.socialekaart.models import Gemeente, SocialeKaartPage
from distro.theming.themes import available_themes

#: The top of the page tree, above the home page of every language.
ROOT_TITLE = "Alle pagina's"


class Command(BaseCommand):
    help = (
        "Create or update the site: locales, home page, contact, sociale kaart, privacy and "
        "accessibility pages, menus, settings, roles and the first administrator. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", help="Name of the samenwerkingsverband (SWV).")
        parser.add_argument("--steunpunt-name", help="Name of the steunpunt shown on the site.")
        parser.add_argument("--domain", help="Host name of the site, e.g. steunpunt.swv.nl.")
        parser.add_argument(
            "--port", type=int, default=None, help="Port of the site (default 80, or 8000 with --demo)."
        )
        parser.add_argument("--theme", help="Theme of the site.")
        parser.add_argument("--mailbox", help="Mailbox of the steunpunt that receives questions.")
        parser.add_argument("--admin-email", help="E-mail address of the first administrator.")
        parser.add_argument(
            "--admin-password", help="Password of the first administrator (default: generated and printed once)."
        )
        parser.add_argument(
            "--gemeenten",
            help="Comma-separated municipalities of the SWV (for the sociale kaart and the registrations); "
            "only adds, never removes.",
        )
        parser.add_argument("--demo", action="store_true", help="Add example content.")
        parser.add_argument(
            "--demo-steunpunt",
            action="store_true",
            help="Demo only: add a steunpunt employee 'steunpunt' (password printed once) if the team is empty.",
        )

    def handle(self, *args, **opts):
        if opts["theme"] and opts["theme"] not in available_themes():
            raise CommandError(f"onbekend thema: '{opts['theme']}'. Beschikbaar: {', '.join(available_themes())}.")
        with transaction.atomic():
            locales = self.setup_locales()
            home, site = self.setup_home(opts)
            existing = set(home.get_children().values_list("pk", flat=True))
            pages = self.setup_pages(home, opts)
            if self.home_created:
                self.link_home(home, pages)
            self.setup_settings(site, pages, opts)
            setup_roles()
            self.setup_municipalities(opts.get("gemeenten"))
            self.name_root_collection()
            site_setup.send(
                sender=self.__class__,
                home_page=home,
                site=site,
                demo=opts["demo"],
                demo_steunpunt=opts["demo_steunpunt"],
            )
            if opts["demo"]:
                create_demo_content(home, site)
            # The demo and plugins may have published a new revision: copy that one into the other languages.
            home = HomePage.objects.get(pk=home.pk)
            # Last, so that pages made by plugins and the demo in this run are
            # translated in this run too, and a second run has nothing to add.
            new_pages = home.get_children().exclude(pk__in=existing).values_list("pk", flat=True)
            self.setup_translations(home, locales, {p.pk for p in pages.values()} | set(new_pages))
            if opts["demo"]:
                translate_demo_pages(home)
            password = self.setup_admin(opts)
            steunpunt_password = self.setup_demo_steunpunt() if opts["demo_steunpunt"] else None
        # Printed by install.sh: Dutch, like everything the operator reads there.
        self.stdout.write(self.style.SUCCESS(f"Site '{site.site_name}' staat klaar op {site.root_url}/"))
        if password:
            self.stdout.write(
                f"Beheerder: {opts['admin_email']} (gebruikersnaam {self.admin_username})  wachtwoord: {password}\n"
                "Dit wachtwoord ziet u maar één keer. Verander het nadat u bent ingelogd."
            )
        if steunpunt_password:
            self.stdout.write(
                f"Medewerker steunpunt (demo): gebruikersnaam steunpunt  wachtwoord: {steunpunt_password}\n"
                "Alleen dit account ziet de vragen; de beheerder niet (docs/roles.md)."
            )

    def setup_municipalities(self, names: str | None):
        """The SWV's municipalities: chosen from in the sociale kaart and in registrations."""
        for name in [n.strip() for n in (names or "").split(",") if n.strip()]:
            if len(name) > 100:
                raise CommandError(f"de naam van een gemeente is te lang (meer dan 100 tekens): '{name[:40]}...'.")
            Gemeente.objects.get_or_create(name=name)

    def name_root_collection(self):
        """Wagtail names the collection every image and document starts in "Root"; editors read Dutch."""
        Collection.objects.filter(depth=1, name="Root").update(name="Algemeen")

    def setup_locales(self):
        return [Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES]

    def setup_home(self, opts):
        nl = Locale.objects.get(language_code="nl")
        root = Page.get_first_root_node()
        if root is None:
            raise CommandError("de paginaboom heeft geen wortel. Draai eerst 'steunpunt migrate'.")
        if root.title == "Root":
            # Wagtail's name for the top of the page tree, shown in the Dutch admin's breadcrumbs.
            Page.objects.filter(pk=root.pk).update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
        home = HomePage.objects.filter(locale=nl).first()
        self.home_created = home is None
        if home is None:
            home = root.add_child(
                instance=HomePage(
                    title=opts["steunpunt_name"] or "Ouder- en jeugdsteunpunt",
                    slug="home-steunpunt",
                    locale=nl,
                    intro=text.HOME_INTRO,
                    pillars=[
                        ("pillar", {"title": t, "text": body, "page": None, "link_text": ""})
                        for t, body in text.PILLARS
                    ],
                )
            )
            # Replace Wagtail's "Welcome to your new Wagtail site!" page; move
            # the site first, because deleting its root page deletes the site.
            welcome = Page.objects.filter(depth=2, content_type__app_label="wagtailcore").first()
            if welcome:
                Site.objects.filter(root_page=welcome).update(root_page=home)
                welcome.delete()
            home.slug = "home"
            home.save_revision().publish()
            # publish() saves a fresh copy of the page; without reloading, the
            # stale url_path in memory would be given to every child page.
            home = HomePage.objects.get(pk=home.pk)
        self.repair_url_paths(home)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.root_page = home
        if opts["domain"]:
            site.hostname = opts["domain"]
        elif not site.pk:
            site.hostname = "localhost"
        if opts["port"]:
            site.port = opts["port"]
        elif opts["demo"]:
            site.port = 8000
        site.site_name = opts["name"] or site.site_name or "Samenwerkingsverband"
        site.save()
        return home, site

    def link_home(self, home, pages):
        """A new home page's button "Stel je vraag" and pillar cards lead to the pages just made."""
        targets = {"Informeren": pages["sociale_kaart"], "Steunen": pages["contact"], "Signaleren": pages["contact"]}
        home.cta_page = pages["contact"]
        home.pillars = [
            ("pillar", {**block.value, "page": block.value["page"] or targets.get(block.value["title"])})
            for block in home.pillars
        ]
        home.save_revision().publish()

    def repair_url_paths(self, home):
        """Fix pages that earlier versions of this command gave a stale url_path.

        Such pages are served, but have no URL in menus and links. The url_path
        is recomputed from the parent the same way Wagtail does when a page is saved.
        """
        stale = home.get_descendants().exclude(url_path__startswith=home.url_path).order_by("path")
        for page in stale:
            # Parents come first in path order, so each parent is already fixed.
            Page.objects.filter(pk=page.pk).update(url_path=page.set_url_path(page.get_parent()))

    def child(self, parent, model, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = parent.add_child(instance=model(slug=slug, locale=parent.locale, **fields))
        page.save_revision().publish()
        return page

    def setup_pages(self, home, opts):
        name = opts["steunpunt_name"] or home.title
        return {
            "contact": self.child(
                home,
                ContactPage,
                "stel-je-vraag",
                title="Stel je vraag",
                intro=text.CONTACT_INTRO,
                form_intro=text.CONTACT_FORM_INTRO,
            ),
            "sociale_kaart": self.child(
                home, SocialeKaartPage, "sociale-kaart", title="Sociale kaart", intro=text.SOCIALE_KAART_INTRO
            ),
            "privacy": self.child(
                home,
                ContentPage,
                "privacy",
                title="Privacyverklaring",
                show_in_menus=False,
                body=text.privacy_body(name),
            ),
            "toegankelijkheid": self.child(
                home,
                ContentPage,
                "toegankelijkheid",
                title="Toegankelijkheidsverklaring",
                show_in_menus=False,
                body=text.accessibility_body(name),
            ),
        }

    def setup_settings(self, site, pages, opts):
        site_settings = SteunpuntSettings.for_site(site)
        if opts["name"]:
            site_settings.swv_name = opts["name"]
        if opts["steunpunt_name"]:
            site_settings.steunpunt_name = opts["steunpunt_name"]
        if opts["theme"]:
            site_settings.theme = opts["theme"]
        if opts["mailbox"]:
            site_settings.mailbox = opts["mailbox"]
        site_settings.save()
        if Navigatie.objects.filter(site=site).exists():
            # Menus are the editors' from the first run on: a menu they emptied stays empty.
            return
        navigatie = Navigatie.for_site(site)
        for order, key in enumerate(["contact", "sociale_kaart"]):
            MainMenuItem.objects.create(navigatie=navigatie, page=pages[key], sort_order=order)
        for order, key in enumerate(["privacy", "toegankelijkheid", "contact"]):
            FooterMenuItem.objects.create(navigatie=navigatie, page=pages[key], sort_order=order)

    def setup_translations(self, home, locales, page_ids):
        """Give every offered language a home page and the pages made by this command.

        They start as copies of the Dutch text so the language switcher always
        leads somewhere; editors translate them with wagtail-localize. Pages
        that editors made themselves are left alone: copying them into every
        language on each upgrade would publish Dutch text under /en/, /ar/, ...
        """
        pages = [home, *Page.objects.filter(pk__in=page_ids).order_by("path").specific()]
        for locale in locales:
            if locale.language_code == "nl":
                continue
            for page in pages:
                if page.has_translation(locale):
                    continue
                copy = page.copy_for_translation(locale, copy_parents=True)
                copy.save_revision().publish()
        # The copies, also those of earlier runs, get wagtail-localize's "Vertalen" editor.
        link_language_copies()

    def setup_demo_steunpunt(self):
        """A demo's steunpunt employee, so a visitor can see a question arrive.

        Only the Steunpunt group reads questions, and only its members add
        members; a fresh demo has none, so the demo gets one (once).
        """
        User = get_user_model()
        group = Group.objects.get(name=STEUNPUNT)
        if group.user_set.exists() or User.objects.filter(username="steunpunt").exists():
            return None
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username="steunpunt",
            email="steunpunt@example.org",
            password=password,
            first_name="Medewerker",
            last_name="Steunpunt",
        )
        user.groups.add(group)
        return password

    def setup_admin(self, opts):
        email = opts["admin_email"]
        if not email:
            return None
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return None
        password = opts["admin_password"] or secrets.token_urlsafe(12)
        username = slugify(email.split("@")[0]) or "beheerder"
        user = User.objects.create_superuser(username=username, email=email, password=password)
        self.admin_username = username
        user.groups.add(Group.objects.get(name=BEHEERDER))
        return None if opts["admin_password"] else password
