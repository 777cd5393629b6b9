"""Whether a club is a file or on a PostgreSQL server, told from its name alone: kept apart from
``store/pg.py`` so that a till on a file never loads psycopg (it is imported when a server club
is opened)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")


def is_url(path: object) -> bool:
    """Whether ``path`` names a PostgreSQL club (a ``postgresql://`` URL) rather than a file."""
    return isinstance(path, str) and path.startswith(SCHEMES)


def shown(url: str) -> str:
    """``url`` without its password: what messages and logs may show."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
