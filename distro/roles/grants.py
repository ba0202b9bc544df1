"""The core's grants. Plugins register theirs the same way, from their own grants.py."""

from distro.extensions import RoleGrant, role_grants

from . import BEHEERDER, BESTUUR, REDACTEUR, STEUNPUNT

ADMIN = ["wagtailadmin.access_admin"]


def register():
    """Called by RolesConfig.ready()."""
    role_grants.register(
        RoleGrant(
            name="core",
            module=__name__,
            permissions={
                BEHEERDER: ADMIN
                + [
                    "core.change_steunpuntsettings",
                    "core.change_navigatie",
                    "auth.add_user",
                    "auth.change_user",
                    "auth.delete_user",
                    "jobs.view_jobrun",
                ],
                REDACTEUR: ADMIN
                + [
                    # Putting a new page in the main or footer menu is part of publishing it.
                    "core.change_navigatie",
                    "socialekaart.add_organisatie",
                    "socialekaart.change_organisatie",
                    "socialekaart.delete_organisatie",
                    "socialekaart.add_thema",
                    "socialekaart.change_thema",
                    "socialekaart.delete_thema",
                    "socialekaart.add_gemeente",
                    "socialekaart.change_gemeente",
                    "socialekaart.delete_gemeente",
                    "wagtail_localize.submit_translation",
                ],
                # The steunpunt's own contact addresses are in the site settings; the
                # form lets Steunpunt members change only those (distro/core/forms.py).
                STEUNPUNT: ADMIN
                + [
                    "contact.view_vraag",
                    "contact.change_vraag",
                    "contact.delete_vraag",
                    "core.change_steunpuntsettings",
                ],
                BESTUUR: ADMIN,
            },
            page_permissions={
                REDACTEUR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
                # Approving a page sent "ter goedkeuring" publishes it (distro/roles/workflow.py);
                # Wagtail lets only someone with publish rights do that. No right to change pages.
                BEHEERDER: ["publish_page"],
            },
            collection_permissions={
                # The logo in the site settings is an image: choosing or uploading one.
                BEHEERDER: ["wagtailimages.add_image", "wagtailimages.choose_image"],
                REDACTEUR: [
                    "wagtailimages.add_image",
                    "wagtailimages.change_image",
                    "wagtailimages.choose_image",
                    "wagtaildocs.add_document",
                    "wagtaildocs.change_document",
                    "wagtaildocs.choose_document",
                ],
            },
        )
    )
