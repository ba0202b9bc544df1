"""The national text in the page editor, as it reads on the site.

Wagtail's read-only FieldPanel shows a StreamField as one run of text and a
JSON field as a Python list (``['ouders']``). This panel renders the national
fields the way the public page does: paragraphs and headings, audiences and
themes by their Dutch names.
"""

import functools

from wagtail.admin.panels import FieldPanel, Panel

#: What the panel shows, also in the comparison of two revisions.
FIELDS = ("title", "summary", "audiences", "themes", "national_body", "validated_on", "validated_by")


class NationalTextPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "informatieset_sync/admin/national_text_panel.html"

        def get_comparison(self):
            # The revision history compares the national text field by field, as read-only FieldPanels did.
            comparisons = []
            for name in FIELDS:
                field_panel = FieldPanel(name).bind_to_model(self.panel.model)
                comparisons.append(functools.partial(field_panel.get_comparison_class(), field_panel.db_field))
            return comparisons

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(
                {
                    "national": page,
                    "audiences": page.audience_labels(),
                    "themes": [theme.label() for theme in page.theme_objects()],
                    "request": (parent_context or {}).get("request"),
                }
            )
            return context
