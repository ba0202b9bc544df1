"""What the core page cache must know: responses, invitations and counts are never on a public page."""

from distro.extensions import PageCacheRules, page_cache_rules


def register() -> None:
    page_cache_rules.register(
        PageCacheRules(
            name="evaluatie",
            private_models=(
                "evaluatie.Reactie",
                "evaluatie.Antwoord",
                "evaluatie.Uitnodiging",
                "evaluatie.Uitnodigingsmail",
                "evaluatie.Onderwerp",
                "evaluatie.GebruikteToegang",
                "evaluatie.Telling",
                "evaluatie.PaginaOordeel",
                "evaluatie.PaginaOpmerking",
            ),
            module=__name__,
        )
    )
