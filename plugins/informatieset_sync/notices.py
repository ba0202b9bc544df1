"""Change notices: editors hear when the national text under their regional additions changed.

The sync creates a :class:`~.models.ChangeNotice` for each page whose national
text changed while the page has an "In onze regio" supplement or experience
stories. Editors see open notices on the admin dashboard (``wagtail_hooks``),
can read what changed (a word diff of the national text, ``admin_views``) and
close a notice with "Gezien". If configured, they are also told by e-mail.

Several syncs may change one page before anyone looks. The dashboard then
shows the page once, the diff runs from the oldest open notice to the newest,
and "Gezien" closes them all: what the editor checks is the page, not a run.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from distro.roles import BEHEERDER, REDACTEUR

from .grants import REVIEW_ANY_NOTICE
from .models import ChangeNotice

logger = logging.getLogger(__name__)


# --- Who may see a notice -----------------------------------------------------


def can_review_any(user) -> bool:
    return bool(user and user.is_active and user.has_perm(REVIEW_ANY_NOTICE))


def user_can_review(user, notice) -> bool:
    """Notices go to the people who look after the page's regional additions."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if can_review_any(user):
        return True
    return notice.page.permissions_for_user(user).can_edit()


def open_notices_for(user):
    """Open notices the user may see, newest first (several per page possible)."""
    notices = ChangeNotice.objects.filter(reviewed_at__isnull=True).select_related("page", "page__locale")
    if not (user and user.is_authenticated and user.is_active):
        return notices.none()
    if can_review_any(user):
        return notices
    editable = PagePermissionPolicy(Page).instances_user_has_permission_for(user, "change")
    return notices.filter(page_id__in=editable.values("pk"))


def latest_open_notice_per_page(user, limit: int | None = None) -> list:
    """One entry per page: its newest open notice, with ``open_count`` set."""
    latest = {}
    counts = {}
    for notice in open_notices_for(user).order_by("-created_at", "-pk"):
        counts[notice.page_id] = counts.get(notice.page_id, 0) + 1
        latest.setdefault(notice.page_id, notice)
    result = list(latest.values())
    for notice in result:
        notice.open_count = counts[notice.page_id]
    return result[:limit] if limit is not None else result


def open_notices_up_to(notice):
    """The open notices of the same page up to and including ``notice``, oldest first."""
    return ChangeNotice.objects.filter(
        page_id=notice.page_id, reviewed_at__isnull=True, created_at__lte=notice.created_at
    ).order_by("created_at", "pk")


# --- The national text as readable lines ---------------------------------------

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "tr", "br"}


class _TextExtractor(HTMLParser):
    """Rich text to lines of plain text: one line per paragraph or list item."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "li":
            self.current.append("• ")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self.current.append(data)

    def close(self):
        super().close()
        self._flush()


def html_to_lines(html) -> list[str]:
    parser = _TextExtractor()
    parser.feed(str(html or ""))
    parser.close()
    return parser.lines


def _plain(value) -> str:
    return " ".join(str(value or "").split())


def _block_lines(block_type: str, value) -> list[str]:
    """Readable lines for one block of the national stream, by the feed's block types."""
    if block_type == "heading":
        return [_plain((value or {}).get("text"))]
    if block_type == "paragraph":
        return html_to_lines(value)
    if block_type == "faq":
        lines = []
        for entry in value or []:
            entry = entry.get("value", entry) if isinstance(entry, dict) else {}
            lines.append(_("Vraag: %(question)s") % {"question": _plain(entry.get("question"))})
            lines.extend(html_to_lines(entry.get("answer")))
        return lines
    if block_type == "callout":
        return html_to_lines((value or {}).get("text"))
    if block_type == "steps":
        lines = []
        for number, entry in enumerate(value or [], start=1):
            entry = entry.get("value", entry) if isinstance(entry, dict) else {}
            lines.append(f"{number}. {_plain(entry.get('title'))}")
            lines.extend(html_to_lines(entry.get("text")))
        return lines
    if block_type == "image":
        value = value or {}
        lines = []
        if value.get("alt"):
            lines.append(_("Afbeelding: %(alt)s") % {"alt": _plain(value.get("alt"))})
        elif value.get("decorative"):
            lines.append(_("Afbeelding (versiering)"))
        else:
            lines.append(_("Afbeelding"))
        if value.get("caption"):
            lines.append(_plain(value.get("caption")))
        return lines
    if block_type == "regional_contact":
        return [_("[Hier staan de contactgegevens van uw steunpunt]")]
    # A block type added later still shows up, as whatever text it holds.
    return html_to_lines(value) if isinstance(value, str) else []


def national_text(page) -> list[str]:
    """Title, summary and national body of a page (or a revision's page) as lines of text."""
    lines = [page.title or ""]
    if page.summary:
        lines.append(_plain(page.summary))
    body = page.national_body
    raw = body.raw_data if hasattr(body, "raw_data") else (body or [])
    for block in raw:
        lines.extend(line for line in _block_lines(block.get("type"), block.get("value")) if line)
    return lines


# --- The diff ------------------------------------------------------------------


@dataclass
class DiffLine:
    """One line of the diff; ``parts`` are ``(op, text)`` with op "equal", "insert" or "delete"."""

    parts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(op != "equal" for op, _text in self.parts)

    def add(self, op: str, text: str):
        if not text:
            return
        if self.parts and self.parts[-1][0] == op:
            self.parts[-1] = (op, f"{self.parts[-1][1]} {text}")
        else:
            self.parts.append((op, text))


def _word_diff(old: str, new: str) -> DiffLine:
    line = DiffLine()
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            line.add("equal", " ".join(old_words[i1:i2]))
        else:
            # Deleted words first, as in a printed correction.
            line.add("delete", " ".join(old_words[i1:i2]))
            line.add("insert", " ".join(new_words[j1:j2]))
    return line


def diff_lines(old: list[str], new: list[str]) -> list[DiffLine]:
    """A line diff, refined to words where a line was changed rather than added or removed."""
    result = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(DiffLine([("equal", text)]) for text in old[i1:i2])
            continue
        old_part, new_part = old[i1:i2], new[j1:j2]
        paired = min(len(old_part), len(new_part)) if tag == "replace" else 0
        for a, b in zip(old_part[:paired], new_part[:paired], strict=True):
            if difflib.SequenceMatcher(a=a.split(), b=b.split(), autojunk=False).ratio() >= 0.4:
                result.append(_word_diff(a, b))
            else:
                result.append(DiffLine([("delete", a)]))
                result.append(DiffLine([("insert", b)]))
        result.extend(DiffLine([("delete", text)]) for text in old_part[paired:])
        result.extend(DiffLine([("insert", text)]) for text in new_part[paired:])
    return result


def _page_of(revision):
    if revision is None:
        return None
    try:
        return revision.as_object()
    except Exception:  # a revision from an older page model that no longer loads
        logger.exception("Revision %s of a national page could not be read", revision.pk)
        return None


def notice_diff(notice) -> dict:
    """What changed for ``notice``, from the oldest open notice of its page up to this one."""
    chain = list(open_notices_up_to(notice)) or [notice]
    old_revision = chain[0].old_revision
    new_revision = notice.new_revision
    old_page, new_page = _page_of(old_revision), _page_of(new_revision)
    if new_page is None:
        new_page = notice.page
    lines = diff_lines(national_text(old_page) if old_page is not None else [], national_text(new_page))
    return {
        "lines": lines,
        "has_old": old_page is not None,
        "changed": any(line.changed for line in lines),
        "old_revision": old_revision,
        "new_revision": new_revision,
        "notices": chain,
    }


# --- E-mail --------------------------------------------------------------------


def notify_email_enabled() -> bool:
    return bool(getattr(settings, "STEUNPUNT_INFORMATIESET_NOTIFY_EMAIL", True))


def schedule_change_notice_mail(notice_ids: list[int]) -> None:
    """Called by the sync inside its transaction; mails the page editors after commit.

    After commit, so nobody is mailed about a sync that was rolled back, and
    the task finds the notices it is given.
    """
    ids = [int(pk) for pk in notice_ids or []]
    if not ids or not notify_email_enabled():
        return

    def enqueue():
        try:
            send_change_notice_mail.enqueue(ids)
        except Exception:  # the sync itself succeeded; a lost mail must not look like a failed sync
            logger.exception("Could not queue the change notice mail for notices %s", ids)

    transaction.on_commit(enqueue)


def mail_recipients():
    """Active Redacteuren and Beheerders with an e-mail address."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__name__in=[REDACTEUR, BEHEERDER])
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _absolute_admin_url(path: str) -> str:
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def send_change_notice_mail_now(notice_ids: list[int]) -> int:
    """Mail the editors about these notices; returns how many mails were sent. Never raises."""
    if not notify_email_enabled():
        return 0
    try:
        notices = list(
            ChangeNotice.objects.filter(pk__in=notice_ids, reviewed_at__isnull=True)
            .select_related("page", "page__locale")
            .order_by("page__title", "pk")
        )
        if not notices:
            return 0
        recipients = [user.email for user in mail_recipients()]
        if not recipients:
            return 0
        with translation.override("nl"):
            seen_pages = set()
            items = []
            for notice in notices:
                if notice.page_id in seen_pages:
                    continue
                seen_pages.add(notice.page_id)
                items.append(
                    {
                        "title": notice.page.title,
                        "language": notice.page.locale.get_display_name() if notice.page.locale_id else "",
                        "edit_url": _absolute_admin_url(reverse("wagtailadmin_pages:edit", args=[notice.page_id])),
                        "diff_url": _absolute_admin_url(
                            reverse("informatieset_sync_admin:notice_diff", args=[notice.pk])
                        ),
                    }
                )
            context = {"items": items, "dashboard_url": _absolute_admin_url(reverse("wagtailadmin_home"))}
            subject = " ".join(render_to_string("informatieset_sync/admin/notice_email_subject.txt", context).split())
            text = render_to_string("informatieset_sync/admin/notice_email.txt", context)
            html = render_to_string("informatieset_sync/admin/notice_email.html", context)
        # One message per person: colleagues' addresses stay private.
        messages = []
        for address in recipients:
            message = mail.EmailMultiAlternatives(subject=subject, body=text, to=[address])
            message.attach_alternative(html, "text/html")
            messages.append(message)
        # Looked up at call time (django.core.mail.get_connection), as Django's own send_mail does.
        connection = mail.get_connection(fail_silently=False)
        return connection.send_messages(messages) or 0
    except Exception:  # the notices stay on the dashboard, so nothing is lost
        logger.exception("Change notice mail for notices %s failed", notice_ids)
        return 0


# The task lives with the code it runs, so the sync (which schedules it through
# schedule_change_notice_mail) and tasks.py both depend on this module, and it
# on neither. tasks.py still offers it under its old path for queued tasks.
@task()
def send_change_notice_mail(notice_ids: list[int]) -> int:
    """Tell Redacteuren and Beheerders which national pages changed; returns the number of mails sent."""
    return send_change_notice_mail_now(notice_ids)
