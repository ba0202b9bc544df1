from django.db import models


class Teller(models.Model):
    """How often one (hashed) address sent a form of one kind in one hour.

    No IP address is stored: ``key`` holds a keyed hash of it. Rows of past
    hours are deleted by ``distro.core.ratelimit`` as new hours begin.
    """

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "steunpunt_ratelimit_teller"
