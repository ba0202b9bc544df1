"""What the core page cache must know: nothing of signalen shows on a cached public page.

Page views are counted by a separate request (views.count_view), so a write
of a counter must not empty the page cache either. A new report does: the
"Wat we horen" page shows the newest one.
"""

from distro.extensions import PageCacheRules, page_cache_rules


def register() -> None:
    page_cache_rules.register(
        PageCacheRules(
            name="signalen",
            private_models=(
                "signalen.Registratie",
                "signalen.Registratie_themas",
                "signalen.StatusWijziging",
                "signalen.Telling",
                "signalen.TellingThema",
                "signalen.PaginaWeergave",
                "signalen.Thema",
            ),
            module=__name__,
        )
    )
