"""URL converters for ids stored in the database.

Django's ``<int:...>`` accepts any number of digits; an id beyond 64 bits
makes SQLite raise OverflowError instead of finding nothing. ``<id:...>``
matches only ids the database can hold, so a longer one is a plain 404.
"""

from django.urls import register_converter

#: The largest value of a signed 64-bit integer (BigAutoField on both databases).
MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            # A ValueError here means "this pattern does not match": a 404.
            raise ValueError("id out of range")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
