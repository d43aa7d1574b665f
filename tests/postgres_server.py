"""A throw-away PostgreSQL server for the storage contract tests (tests/test_store_contract.py).

``SITROOM_TEST_POSTGRES`` (a ``postgresql://`` URL of a server where the tests may create
databases) is used when set. Otherwise the server binaries are looked for on PATH and under
``/usr/lib/postgresql/*/bin`` (where Debian's ``postgresql`` package puts them); when missing they
are installed with ``apt-get install -y postgresql`` (after ``apt-get update`` if that fails),
which needs root. A cluster is then made in a fresh folder under /tmp (``initdb`` refuses to run as
root: as root it runs as the ``postgres`` user, created when missing), listening on a unix socket in
that folder only, and stopped and removed at the end of the session. :func:`start` says why in one
line when none of this is possible; the tests then skip with that line.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_TIMEOUT_S = 900
PORT = 5432  # only names the socket file: the server listens on no TCP port
SERVER_USER = "postgres"


class Unavailable(Exception):
    """No PostgreSQL server can be had here (the message says why)."""


def server_binary(name: str) -> Path | None:
    """``pg_ctl``, ``initdb``...: on PATH or in the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return Path(found)
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: _version(p.parts[-3]))
    return versions[-1] if versions else None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def install_server() -> None:
    """apt-get install postgresql (root only), with an apt-get update when the lists are stale."""
    if server_binary("initdb") and server_binary("pg_ctl"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl) and no root apt-get to install "
                          "Debian's postgresql package; or set SITROOM_TEST_POSTGRES to a server's URL")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"]
    if subprocess.run(install, check=False, capture_output=True, timeout=INSTALL_TIMEOUT_S, env=env).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True, timeout=INSTALL_TIMEOUT_S, env=env)
        done = subprocess.run(install, check=False, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, env=env)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["failed"])[-1]
            raise Unavailable(f"apt-get install postgresql failed: {tail}")
    if not (server_binary("initdb") and server_binary("pg_ctl")):
        raise Unavailable("apt-get installed postgresql but no initdb/pg_ctl was found")


def _as_server_user(command: list[str]) -> list[str]:
    """The command as run by the cluster's owner: ourselves, or the postgres user when we are root."""
    return ["runuser", "-u", SERVER_USER, "--", *command] if os.geteuid() == 0 else command


def _ensure_server_user() -> None:
    if subprocess.run(["id", "-u", SERVER_USER], check=False, capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], capture_output=True, check=True)


class Server:
    """A cluster in a temporary folder; :attr:`url` reaches its ``postgres`` database."""

    def __init__(self) -> None:
        install_server()
        self.folder = Path(tempfile.mkdtemp(prefix="sitroom-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            _ensure_server_user()
            shutil.chown(self.folder, SERVER_USER)
        self._run([str(server_binary("initdb")), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                   "-E", "UTF8", "--locale=C.UTF-8"], "initdb")
        options = f"-k {self.folder} -c listen_addresses='' -p {PORT} -c fsync=off"
        self._run([str(server_binary("pg_ctl")), "-D", str(self.data), "-o", options, "-w", "-t", "60",
                   "-l", str(self.folder / "server.log"), "start"], "pg_ctl start")
        self.url = f"postgresql://postgres@/postgres?host={self.folder}&port={PORT}"

    def _run(self, command: list[str], what: str) -> None:
        done = subprocess.run(_as_server_user(command), check=False, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = ((done.stderr or done.stdout).strip().splitlines() or ["failed"])[-1]
            raise Unavailable(f"{what} failed: {tail}")

    def stop(self) -> None:
        subprocess.run(_as_server_user([str(server_binary("pg_ctl")), "-D", str(self.data), "-m", "immediate",
                                        "-w", "stop"]), check=False, capture_output=True, timeout=120)
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> tuple[str, Server | None]:
    """The URL of a server's maintenance database, and the server to stop (None: not ours).
    Raises :class:`Unavailable` with the reason."""
    given = os.environ.get("SITROOM_TEST_POSTGRES")
    if given:
        return given, None
    try:
        server = Server()
    except (OSError, subprocess.SubprocessError) as exc:
        raise Unavailable(f"cannot start a PostgreSQL server here: {exc}") from exc
    return server.url, server


def database_url(admin_url: str, name: str) -> str:
    """Create (or empty) database ``name`` on the server and return its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    path, _, query = admin_url.partition("?")
    return f"{path.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
