"""A throwaway PostgreSQL cluster for the tests, made with Debian's own binaries (initdb, pg_ctl).

    cluster = Cluster.start()            # None when no PostgreSQL server binaries are installed
    url = cluster.new_database()         # postgresql://postgres@/t_1?host=/tmp/pg-xxxx
    ...
    cluster.stop()

The cluster lives in a temporary folder and listens only on a unix socket in that folder, so
it can neither clash with a server already running nor be reached from the network; fsync is
off (a test database need not survive a power cut). As root (CI), initdb refuses to run, so the
folder is given to the `postgres` user and the binaries run as that user.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

WHY_NOT = "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql package"


def binaries() -> Path | None:
    """The bin folder of the newest PostgreSQL installed the Debian way, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


class Cluster:
    def __init__(self, folder: Path, bin_dir: Path, as_user: list[str]):
        self.folder, self.bin_dir, self.as_user = folder, bin_dir, as_user
        self._numbers = itertools.count(1)

    @classmethod
    def start(cls) -> Cluster | None:
        bin_dir = binaries()
        if bin_dir is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
            as_user = ["runuser", "-u", "postgres", "--"]
        cluster = cls(folder, bin_dir, as_user)
        cluster._run("initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                     "--locale=C.UTF-8", "--no-sync")
        cluster._run("pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-t", "60", "-o",
                     f"-k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                     " -c full_page_writes=off -c max_connections=100", "start")
        return cluster

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_user, str(self.bin_dir / tool), *args], capture_output=True, text=True,
                              timeout=120, cwd=self.folder)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stdout}{done.stderr}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}"

    def new_database(self, template: str = "template0") -> str:
        """The URL of a new database, a copy of `template` (empty by default).

        A copy of a database the store has already migrated saves running every migration per
        test; FILE_COPY is the quicker way for a small template (about a second on a busy CI box).
        """
        import psycopg

        name = f"t_{next(self._numbers)}"
        with psycopg.connect(f"host={self.folder} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by new_database, closing whatever connections are still open to it.

        A dashboard under test keeps its store in Streamlit's cache for the rest of the process, one
        connection per database: dropped after each test, they never add up to max_connections.
        """
        import psycopg
        import sqlalchemy

        name = sqlalchemy.make_url(url).database
        with psycopg.connect(f"host={self.folder} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
