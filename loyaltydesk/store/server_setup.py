"""A PostgreSQL database made ready for the tills (``loyaltydesk server init``): the club's schema
(``migrations_pg``, as the administrator who runs it: the administrator owns every table), and a
LOGIN role for the program with only the rights it needs: it reads every table, writes the
club's tables, only adds to the append-only journals (the points ledger, the audit log, the
follow-up steps, the seals, the SMS events: no UPDATE, no DELETE, no TRUNCATE), and makes no
table, function or schema of its own (no DDL: it owns nothing).

Later versions' migrations are therefore run by the administrator (``loyaltydesk server upgrade
ADMIN_URL``), which grants the program's roles their rights on what the new steps made (the
roles are those that may read the migrations' record). A till (the program's role) that finds
steps pending cannot run them: it says so (``ServerNeedsUpgrade``) instead of failing half-way.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .db import Database
from .migrations_pg import OWN_TABLES, RECORD


class ServerNeedsUpgrade(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club's server needs an upgrade for this version of LoyaltyDesk ({pending} step(s)), which "
        "only its administrator may run: on the server computer run 'loyaltydesk server upgrade "
        "postgresql://ADMIN@HOST/DATABASE', then start this till again. Nothing was changed.")


def _raw(db: Database):
    return db._alive()  # type: ignore[attr-defined]


def role_exists(db: Database, role: str) -> bool:
    return db.value("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)) is not None


def make_role(db: Database, role: str, password: str) -> None:
    """A LOGIN role that may do nothing but sign in (its rights: ``grant``)."""
    from psycopg import sql

    _raw(db).execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION")
                     .format(sql.Identifier(role), sql.Literal(password)))


def journals(db: Database) -> list[str]:
    """The append-only tables: those whose rows a trigger refuses to change or delete."""
    return [r[0] for r in db.all(
        "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'refuse_edit' "
        "AND c.relnamespace = to_regnamespace(current_schema()) ORDER BY 1")]


def club_tables(db: Database) -> list[str]:
    return [r[0] for r in db.all(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY 1")]


def grant(db: Database, role: str) -> None:
    """``role``'s rights on the club as it is now (run again after every upgrade): connect, read
    every table, write the club's tables, only add to the journals; nothing on the schema itself."""
    from psycopg import sql

    raw = _raw(db)
    who = sql.Identifier(role)
    schema = sql.Identifier(db.value("SELECT current_schema()"))
    raw.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
        sql.Identifier(db.value("SELECT current_database()")), who))
    raw.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, who))
    raw.execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(schema))  # PostgreSQL < 15 allowed it
    raw.execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(schema, who))
    append_only = set(journals(db))
    for table in club_tables(db):
        name = sql.Identifier(table)
        raw.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(name, who))
        if table in OWN_TABLES:  # the steps' record and the kept schema: the administrator's
            rights = "SELECT"
        elif table in append_only:
            rights = "SELECT, INSERT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        raw.execute(sql.SQL("GRANT " + rights + " ON TABLE {} TO {}").format(name, who))
    raw.execute(sql.SQL("GRANT SELECT, USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, who))  # pg_dump reads them


def rights_beyond(db: Database) -> list[tuple[str, str, str]]:
    """What any role other than the tables' owner (the administrator) may do to the club's tables
    beyond ``grant``'s rights for the program: (role, table, right), a right of the owner's own
    role (membership in it: every right) as (role, '*', 'MEMBER OF owner'). Read from the catalog,
    which every role may read: a till's ``check`` sees it too."""
    append_only = set(journals(db))
    allowed_of = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    found: list[tuple[str, str, str]] = []
    for role, table, right in db.all(
            "SELECT coalesce(r.rolname, 'PUBLIC'), c.relname, a.privilege_type FROM pg_class c "
            "CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee "
            "WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind = 'r' "
            "AND a.grantee <> c.relowner ORDER BY 1, 2, 3"):
        if table in OWN_TABLES:
            allowed = {"SELECT"}
        elif table in append_only:
            allowed = {"SELECT", "INSERT"}
        else:
            allowed = allowed_of
        if right not in allowed:
            found.append((role, table, right))
    found += [(r[0], "*", f"MEMBER OF {r[1]}") for r in db.all(
        "SELECT DISTINCT r.rolname, o.rolname FROM pg_class c JOIN pg_roles o ON o.oid = c.relowner "
        "CROSS JOIN LATERAL aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind = 'r' "
        "AND a.grantee <> c.relowner AND pg_has_role(r.oid, c.relowner, 'USAGE') ORDER BY 1")]
    return found


def app_roles(db: Database) -> list[str]:
    """The program's roles of this club: those, other than the administrator, that may read the
    migrations' record (``grant`` gives it them)."""
    return [r[0] for r in db.all(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants WHERE table_schema = current_schema() "
        "AND table_name = ? AND privilege_type = 'SELECT' AND grantee <> current_user AND grantee <> 'PUBLIC' "
        "ORDER BY 1", (RECORD,))]


def till_url(admin_url: str, role: str) -> str:
    """The admin's URL with the program's role as its user and no password: what the tills use."""
    parts = urlsplit(admin_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{quote(role, safe='')}@{host}"))
