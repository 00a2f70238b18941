"""A parallel burst of wrong passwords gets exactly the limit's worth of password checks, not more.

Threads with Django's test client against the default file cache (in a temporary directory), as several
workers would share it. The password checks are counted at the authentication backend, which checks the
password (or, for an unknown identifier, hashes it all the same): the threads' own database connections
need not see the test's data, so the test stays a fast non-transactional one on both engines.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from hangviet.accounts.backends import EmailOrPhoneBackend

BURST = 40


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {"BACKEND": "hangviet.core.filecache.AtomicFileBasedCache", "LOCATION": str(tmp_path)}
    }
    settings.HANGVIET_LOGIN_RATE = settings.HANGVIET_LOGIN_IP_RATE = "5/300"


@pytest.fixture
def password_checks(monkeypatch):
    checks: list[str] = []
    lock = threading.Lock()
    authenticate = EmailOrPhoneBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        with lock:
            checks.append(password)
        return authenticate(self, request, username, password, **kwargs)

    monkeypatch.setattr(EmailOrPhoneBackend, "authenticate", counting)
    return checks


def _burst(addresses: list[str]) -> list[int]:
    barrier = threading.Barrier(BURST)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = Client().post(
                reverse("accounts:login"),
                {"username": "lan@example.vn", "password": f"doan-sai-{i}"},
                REMOTE_ADDR=addresses[i],
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db
@pytest.mark.parametrize(
    "addresses",
    [["198.51.100.7"] * BURST, [f"10.8.{i // 200}.{i % 200 + 1}" for i in range(BURST)]],
    ids=["one-address", "forty-addresses"],
)
def test_a_burst_of_wrong_passwords_gets_five_checks(file_cache, password_checks, addresses):
    statuses = _burst(addresses)
    assert len(password_checks) == 5
    assert sorted(statuses) == [200] * 5 + [429] * 35
