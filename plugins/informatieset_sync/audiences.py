"""Who a page is written for: the fixed list of docs/informatieset/feed-v1.md ("Item", ``audiences``).

A module of its own because models, forms, the public listing and the export
all need it, and none of them should import another just for this list.
"""

from django.utils.translation import gettext_lazy as _

AUDIENCES = [
    ("ouders", _("Ouders")),
    ("jongeren", _("Jongeren")),
    ("kinderen", _("Kinderen")),
    ("professionals", _("Professionals")),
]
AUDIENCE_LABELS = dict(AUDIENCES)
AUDIENCE_CODES = tuple(code for code, _label in AUDIENCES)
