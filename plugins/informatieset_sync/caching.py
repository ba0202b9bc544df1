"""What the core page cache must know about the informatieset (distro.extensions.PageCacheRules)."""

from distro.extensions import PageCacheRules, page_cache_rules

from .listing import AUDIENCE_PARAM, THEME_PARAM


def register() -> None:
    page_cache_rules.register(
        PageCacheRules(
            name="informatieset",
            # Bookkeeping of the sync and the editors' notices; the synced pages themselves are pages.
            private_models=(
                "informatieset_sync.SyncRun",
                "informatieset_sync.SyncState",
                "informatieset_sync.ChangeNotice",
            ),
            query_parameters=(AUDIENCE_PARAM, THEME_PARAM),
            module=__name__,
        )
    )
