"""A throwaway PostgreSQL cluster for the tests (issue 23: the same club on PostgreSQL).

The machine's own server binaries (``initdb``, ``pg_ctl``; ``LOYALTYDESK_PG_BIN`` names their
folder, else the newest ``/usr/lib/postgresql/*/bin``, else ``PATH``) make one cluster per test
run in a temporary folder: a random port on 127.0.0.1 and a Unix socket in that folder, trust
authentication (nobody else can reach the socket), fsync off (nothing of it outlives the run).
``initdb`` refuses to run as root: run as root, the cluster runs as the ``postgres`` user (else
``nobody``), which owns its folder. Each test gets a new database copied from a template
(``CREATE DATABASE ... TEMPLATE``, a few ms) and dropped after it.

Where the binaries are missing the PostgreSQL tests are skipped, except when
``LOYALTYDESK_PG_REQUIRED=1`` (CI): there a skip is a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

REQUIRED = os.environ.get("LOYALTYDESK_PG_REQUIRED") == "1"
SERVER_USERS = ("postgres", "nobody")  # who runs the cluster when the tests run as root


def bin_dir() -> Path | None:
    """The folder of the PostgreSQL server binaries, or None when this machine has none."""
    named = os.environ.get("LOYALTYDESK_PG_BIN")
    candidates = [Path(named)] if named else []
    candidates += sorted((Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> pwd.struct_passwd | None:
    """The user the cluster runs as: None (this one) unless the tests run as root."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("run as root, the PostgreSQL tests need a 'postgres' or 'nobody' user")


class Cluster:
    """One running PostgreSQL cluster: ``url(name)`` of a database in it, ``new_database()``."""

    SUPERUSER = "loyaltydesk_test"

    def __init__(self, bin_path: Path):
        self.bin = bin_path
        self.user = _server_user()
        self.root = Path(tempfile.mkdtemp(prefix="loyaltydesk-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.port = _free_port()
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        kwargs: dict = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, cwd=self.root,
                              env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}, **kwargs)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
        return done

    def start(self) -> None:
        # C collation (code point order, as SQLite compares text), UTF-8 character classes
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--lc-collate=C", "--lc-ctype=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.socket_dir} -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off -c max_connections=200 "
                   "-c shared_buffers=64MB -c max_locks_per_transaction=256")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                  "-t", "60", "-o", options, "start")
        self.started = True

    def stop(self) -> None:
        if self.started:
            try:
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
            finally:
                self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A ``postgresql://`` URL of ``database`` through the Unix socket."""
        return f"postgresql://{self.SUPERUSER}@/{database}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, database: str = "postgres") -> str:
        """The same database over loopback TCP (as another computer reaches it)."""
        return f"postgresql://{self.SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run ``sql`` outside any transaction (CREATE / DROP DATABASE) in the maintenance database."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, template: str = "template1") -> str:
        """A new database copied from ``template``; returns its name."""
        name = "t_" + uuid.uuid4().hex[:16]
        for attempt in range(50):  # the template is busy for a moment while another copy finishes
            try:
                self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return name
            except Exception as e:  # noqa: BLE001 - psycopg's ObjectInUse, imported lazily
                if "being accessed by other users" not in str(e) or attempt == 49:
                    raise
                time.sleep(0.05)
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RoundTrips:
    """A loopback TCP proxy in front of a cluster that counts the round trips of the connections
    made through it (``url``): the messages of PostgreSQL's protocol after which a client waits for
    the server, read from what the clients send. That is each ``Sync`` (the end of a statement of
    the extended protocol, or of a pipeline's stretch whose results are waited for) and each simple
    ``Query`` (psycopg's ``BEGIN`` and ``COMMIT`` outside pipeline mode); statements sent in pipeline
    mode without one (their results read later) are not, nor is a ``Flush`` (psycopg asks for one
    right after the ``Sync`` that ends a pipeline). ``count`` is set back to 0 by the test; ``close``
    stops the proxy."""

    WAITS = frozenset(b"SQ")
    UNTYPED = (80877103, 80877104)  # SSLRequest, GSSENCRequest: answered with one byte, still untyped

    def __init__(self, port: int):
        import threading

        self._target = port
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen()
        self.port = self._listener.getsockname()[1]
        self.count = 0
        self.messages: list[bytes] = []  # the type of every message the clients sent, in order
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = [self._listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, database: str, user: str = Cluster.SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def _accept(self) -> None:
        import threading

        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self._target))
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sockets += [client, server]
            threading.Thread(target=self._forward, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._forward, args=(server, client, False), daemon=True).start()

    def _forward(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        pending, typed = b"", False
        while True:
            try:
                data = src.recv(1 << 16)
            except OSError:
                data = b""
            if not data:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            if from_client:  # whole messages counted before they are passed on
                pending += data
                while True:
                    head = 5 if typed else 4
                    if len(pending) < head:
                        break
                    size = int.from_bytes(pending[head - 4:head], "big") + head - 4
                    if len(pending) < size:
                        break
                    message, pending = pending[:size], pending[size:]
                    if typed:
                        with self._lock:
                            self.messages.append(message[:1])
                            self.count += message[0] in self.WAITS
                    elif int.from_bytes(message[4:8], "big") not in self.UNTYPED:
                        typed = True  # the startup message: every message after it has a type byte
            try:
                dst.sendall(data)
            except OSError:
                return

    def close(self) -> None:
        for s in self._sockets:
            try:
                s.close()
            except OSError:
                pass


def start_cluster() -> Cluster:
    """A started cluster, or the test skipped (failed under ``LOYALTYDESK_PG_REQUIRED=1``)."""
    folder = bin_dir()
    if folder is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
        if REQUIRED:
            pytest.fail(f"{message} (LOYALTYDESK_PG_REQUIRED=1)")
        pytest.skip(message)
    cluster = Cluster(folder)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


# --- fixtures (imported by tests/conftest.py) -----------------------------------------------------

@pytest.fixture(scope="session")
def pg_cluster():
    """The run's PostgreSQL cluster, started on first use and stopped at the end."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """A database holding a new club's schema (``loyaltydesk --db URL init``'s), the template of
    every test's database."""
    from loyaltydesk.store.pg import PgDatabase
    from loyaltydesk.store.migrations_pg import migrate

    name = pg_cluster.new_database()
    db = PgDatabase(pg_cluster.url(name))
    try:
        migrate(db)
    finally:
        db.close()
    return name


@pytest.fixture
def pg_empty_url(pg_cluster):
    """The URL of a new empty database of its own, dropped after the test."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture
def pg_url(pg_cluster, pg_template):
    """The URL of a new database of its own holding a new club's schema, dropped after the test."""
    name = pg_cluster.new_database(pg_template)
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


PASSWORD_ROLE, PASSWORD = "till_pw", "server-secret 1"  # a login the server asks a password of


@pytest.fixture(scope="session")
def pg_password_role(pg_cluster) -> tuple[str, str]:
    """A role of the run's cluster that must give its password (scram-sha-256 through the socket and
    over loopback TCP; every other role stays trusted), owner of the databases ``pg_password_url``
    makes: (its name, its password)."""
    pg_cluster.admin(f"CREATE ROLE {PASSWORD_ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
    hba = pg_cluster.data / "pg_hba.conf"
    stat = hba.stat()
    hba.write_text(f"local all {PASSWORD_ROLE} scram-sha-256\nhost all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n"
                   + hba.read_text())
    os.chown(hba, stat.st_uid, stat.st_gid)
    pg_cluster.admin("SELECT pg_reload_conf()")
    return PASSWORD_ROLE, PASSWORD


@pytest.fixture
def pg_password_url(pg_cluster, pg_password_role):
    """The TCP URL (no password in it) of a new empty database owned by ``pg_password_role``'s
    role, as a till on another computer names it; dropped after the test."""
    name = pg_cluster.new_database()
    pg_cluster.admin(f'ALTER DATABASE "{name}" OWNER TO {PASSWORD_ROLE}')
    import psycopg

    with psycopg.connect(pg_cluster.url(name), autocommit=True) as conn:
        conn.execute(f"ALTER SCHEMA public OWNER TO {PASSWORD_ROLE}")
    yield f"postgresql://{PASSWORD_ROLE}@127.0.0.1:{pg_cluster.port}/{name}"
    pg_cluster.drop_database(name)
