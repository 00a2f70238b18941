"""Server threads keep their database connection across requests, checked before reuse; a SQLite
connection gets its pragmas when it opens (init_command), not on each request."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_connections_persist_with_health_checks():
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_sqlite_connection_has_its_pragmas_from_when_it_opened():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas; PostgreSQL has none to set per connection")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA mmap_size")
        assert cursor.fetchone()[0] == 256 * 1024 * 1024
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
