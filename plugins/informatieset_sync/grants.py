"""What the roles may do with the informatieset's bookkeeping.

Editing the pages themselves comes from the core's page permissions; these
are the extras of the admin screens in ``admin_views.py``.
"""

from distro.extensions import RoleGrant, role_grants
from distro.roles import BEHEERDER

#: See the list of syncs (report "Synchronisaties").
VIEW_SYNC_RUNS = "informatieset_sync.view_syncrun"
#: Start a sync from the admin ("Nu synchroniseren").
START_SYNC = "informatieset_sync.add_syncrun"
#: See and close change notices of every page, also without edit rights on it:
#: a Beheerder is told about national changes even if only Redacteuren edit pages.
REVIEW_ANY_NOTICE = "informatieset_sync.change_changenotice"


def register():
    """Called by InformatiesetSyncConfig.ready()."""
    role_grants.register(
        RoleGrant(
            name="informatieset_sync",
            module=__name__,
            permissions={BEHEERDER: [VIEW_SYNC_RUNS, START_SYNC, REVIEW_ANY_NOTICE]},
        )
    )
