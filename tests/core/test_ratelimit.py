import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from hangviet.core import ratelimit


def test_parse_rate():
    assert ratelimit.parse_rate("5/300") == ratelimit.Rate(limit=5, period=300)
    assert ratelimit.parse_rate(" 10/60 ") == ratelimit.Rate(limit=10, period=60)


@pytest.mark.parametrize("bad", ["5", "5/", "/300", "a/b", "0/300", "5/0", "-1/60"])
def test_parse_rate_refuses_nonsense(bad):
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rate(bad)


def test_hit_allows_up_to_the_limit_then_refuses():
    results = [ratelimit.hit("k1", "3/60") for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.is_limited("k1", "3/60")
    assert not ratelimit.is_limited("k2", "3/60")


def test_is_limited_counts_nothing():
    for _ in range(10):
        assert not ratelimit.is_limited("k3", "1/60")
    assert ratelimit.count("k3", "1/60") == 0


def test_reset_forgets_the_key():
    ratelimit.hit("k4", "1/60")
    assert ratelimit.is_limited("k4", "1/60")
    ratelimit.reset("k4", "1/60")
    assert not ratelimit.is_limited("k4", "1/60")


def test_window_ends(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert ratelimit.hit("k5", "1/60")
    assert not ratelimit.hit("k5", "1/60")
    now[0] += 60
    assert ratelimit.hit("k5", "1/60")


def test_client_ip_ignores_forwarded_for_unless_behind_a_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    with override_settings(SECURE_PROXY_SSL_HEADER=None):
        assert ratelimit.client_ip(request) == "10.0.0.1"
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert ratelimit.client_ip(request) == "5.6.7.8"
