"""Several real HàngViệt nodes on this machine, for tests/network/test_multinode.py (and the demo).

Each node is a separate `hangviet serve` process on 127.0.0.1 with its own SQLite database, var
directory and keys. The databases are copies of one migrated template, cached by the hash of the
migration files (migrating takes far longer than a copy); the static files are collected once into a
shared directory. Test data goes straight into a node's database with sqlite3 (the database triggers
keep the search columns, the listing and the network's change sequence, as for any writer).
"""

import base64
import contextlib
import fcntl
import hashlib
import html
import http.cookiejar
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import hangviet
from hangviet.core.text import fold

SRC = Path(hangviet.__file__).resolve().parent
CACHE = Path(tempfile.gettempdir()) / f"hangviet-network-harness-{os.getuid()}"
HANGVIET = [sys.executable, "-m", "hangviet.config.cli"]


def _ts(moment: datetime) -> str:
    """A time as Django stores it in SQLite (UTC, no offset), so that SQL comparisons hold."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _migrations_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(SRC.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(SRC)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _base_env(var_dir: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANGVIET_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    # The nodes run the code under test (a worktree's src/), not whatever `hangviet` the venv has installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC.parent), env.get("PYTHONPATH", "")]))
    env.update(
        HANGVIET_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{db}",
        HANGVIET_DEMO="0",
        HANGVIET_RATE_LIMITS="off",
        HANGVIET_NETWORK_TIMEOUT_SECONDS="3",
        LOG_LEVEL="ERROR",
    )
    return env


def template_database() -> Path:
    """A migrated, empty SQLite database for this code's migrations (built once, then reused)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"template-{_migrations_hash()}.sqlite3"
    with open(CACHE / ".template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            build = CACHE / f"build-{os.getpid()}"
            shutil.rmtree(build, ignore_errors=True)
            build.mkdir()
            subprocess.run(  # noqa: S603 - our own command
                [*HANGVIET, "migrate", "--noinput", "-v", "0"],
                env=_base_env(build, build / "db.sqlite3"),
                check=True,
                timeout=600,
            )
            (build / "db.sqlite3").rename(path)
            shutil.rmtree(build, ignore_errors=True)
    return path


def shared_static() -> Path:
    path = CACHE / "static"
    path.mkdir(parents=True, exist_ok=True)
    return path


def public_key_of(url: str) -> tuple[str, str]:
    """(key id, public key) of the newest key in the node's descriptor."""
    descriptor = get_json(f"{url}/.well-known/hangviet-node.json")
    key = descriptor["keys"][-1]
    return key["key_id"], key["public_key"]


def get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get_json(url: str) -> Any:
    status, body = get(url)
    assert status == 200, (url, status, body[:300])
    return json.loads(body)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read(), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), {k.lower(): v for k, v in exc.headers.items()}


@dataclass
class Node:
    """One node: `hangviet serve` on 127.0.0.1:`port` with its own database and var directory."""

    node_id: str
    name: str
    province: str
    port: int
    root: Path
    proc: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. serve as the registry
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.var = self.root / self.node_id
        self.db = self.var / "db.sqlite3"
        self.log_path = self.var / "serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = _base_env(self.var, self.db)
        env.update(
            HANGVIET_NODE_ID=self.node_id,
            HANGVIET_NODE_NAME=self.name,
            HANGVIET_NODE_PROVINCE=self.province,
            HANGVIET_PROVINCE_CODE=self.province,
            HANGVIET_BASE_URL=self.url,
            HANGVIET_NODE_BASE_URL=self.url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        env.update(self.extra_env)
        return env

    def prepare(self, template: Path) -> None:
        self.var.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, self.db)
        static = self.var / "static"
        if not static.exists():
            static.symlink_to(shared_static(), target_is_directory=True)

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed when the process is stopped
        self.proc = subprocess.Popen(  # noqa: S603 - our own command
            [*HANGVIET, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.node_id} exited: {self.log_path.read_text()[-2000:]}")
            try:
                if get(f"{self.url}/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"{self.node_id} did not answer in {timeout} s: {self.log_path.read_text()[-2000:]}"
        )

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        self.proc = None

    def command(self, *args: str, timeout: float = 120) -> str:
        """Run `hangviet <args>` as this node (its settings and database); return what it printed."""
        done = subprocess.run(  # noqa: S603 - our own command
            [*HANGVIET, *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    # --- Data, straight into the node's database -------------------------------------------------

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db, timeout=30) as connection:
            rows = connection.execute(statement, params).fetchall()
        connection.close()
        return rows

    def add_seller(self, n: int, trading_name: str, commune: str, tax_code: str) -> int:
        now = _ts(datetime.now(UTC))
        province = self.sql("SELECT province_id FROM core_commune WHERE code = ?", (commune,))[0][0]
        self.sql(
            "INSERT INTO sellers_seller (kind, legal_name, trading_name, slug, tax_code, registration_number,"
            " street, phone, email, representative, description, bank_bin, bank_account, bank_account_name,"
            " logo, status, rejection_reason, verified_at, is_demo, created_at, updated_at, commune_id,"
            " province_id) VALUES ('cooperative', ?, ?, ?, ?, '', 'Ấp 1', '0912345678', ?, 'Nguyễn Văn A',"
            " '', '970436', '0011001234567', 'HTX THU NGHIEM', '', 'verified', '', ?, 0, ?, ?, ?, ?)",
            (
                f"Hợp tác xã {trading_name}",
                trading_name,
                f"shop-{self.province}-{n}",
                tax_code,
                f"shop{n}@example.vn",
                now,
                now,
                now,
                commune,
                province,
            ),
        )
        return int(self.sql("SELECT id FROM sellers_seller WHERE tax_code = ?", (tax_code,))[0][0])

    def add_product(self, seller_id: int, name: str, price: int, stock: int = 20, stars: int = 4) -> int:
        now = _ts(datetime.now(UTC))
        slug = f"{fold(name).replace(' ', '-')}-{self.province}"
        self.sql(
            "INSERT INTO catalog_product (name, slug, description, unit, net_quantity, price_vnd, stock, sku,"
            " gtin, status, ocop_stars, name_folded, search_text, created_at, updated_at, category_id,"
            " seller_id, is_listed, place_commune_code, place_province_code)"
            " VALUES (?, ?, '', 'hộp', '500 g', ?, ?, ?, '', 'active', ?, ?, '', ?, ?,"
            " (SELECT id FROM catalog_category WHERE code = 'I'), ?, 0, '', '')",
            (name, slug, price, stock, f"SKU-{slug}"[:50], stars, fold(name), now, now, seller_id),
        )
        return int(self.sql("SELECT id FROM catalog_product WHERE slug = ?", (slug,))[0][0])

    def trust(self, other: "Node", key: tuple[str, str] | None = None) -> None:
        """Add `other` as an active peer with its current key (what an officer's confirmation does)."""
        key_id, public_key = key or public_key_of(other.url)
        now = datetime.now(UTC)
        self.sql(
            "INSERT INTO network_peer (node_id, name, province_code, base_url, status, confirmed_at,"
            " created_at, catalog_cursor, last_error, remote_head)"
            " VALUES (?, ?, ?, ?, 'active', ?, ?, 0, '', 0)",
            (other.node_id, other.name, other.province, other.url, _ts(now), _ts(now)),
        )
        self.trust_key(other.node_id, key_id, public_key)

    def trust_key(self, node_id: str, key_id: str, public_key: str) -> None:
        now = datetime.now(UTC)
        self.sql(
            "INSERT INTO network_peerkey (key_id, public_key, valid_from, valid_until, is_revoked, peer_id)"
            " VALUES (?, ?, ?, ?, 0, (SELECT id FROM network_peer WHERE node_id = ?))",
            (key_id, public_key, _ts(now - timedelta(days=1)), _ts(now + timedelta(days=30)), node_id),
        )


def raw_public_key(private_key: Any) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return base64.b64encode(private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


class Browser:
    """A buyer's browser against a real node: cookies, and the CSRF token of the last page sent back."""

    _TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.token = ""

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                status, body, url = response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as exc:
            status, body, url = exc.code, exc.read().decode(), exc.url
        found = self._TOKEN.search(body)
        if found:
            self.token = found.group(1)
        return status, body, url

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 - 127.0.0.1 only

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **data}).encode()
        request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
            self.base + path, data=body, method="POST", headers={"Referer": self.base + path}
        )
        return self._open(request)

    @staticmethod
    def hidden(page: str) -> dict[str, str]:
        """The hidden inputs of the last form of a page (the confirm form of the quote)."""
        at = page.index('name="step" value="confirm"')
        form = page[page.rfind("<form", 0, at) :].split("</form>")[0]
        fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
        return {name: html.unescape(value) for name, value in fields}
