"""Request ids, JSON logs and error reports (core.logs), through the HTTP client."""

import json
import logging
import re
import sys
import types

import pytest
from django.core import mail
from django.test import Client

from hangviet.core import checks, logs

pytestmark = pytest.mark.django_db


def access_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "hangviet.request"]


def test_each_response_carries_a_new_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "sent", ["abc-123", "Root=1-67891233-abcdef012345678912345678", "req.42:7_x", "a" * 128]
)
def test_a_sane_incoming_request_id_is_kept(client, sent):
    assert client.get("/healthz", headers={"X-Request-ID": sent})["X-Request-ID"] == sent


@pytest.mark.parametrize(
    "sent", ["", "two words", "a" * 129, "<script>", "id;drop", "-starts-with-dash", "é"]
)
def test_an_odd_incoming_request_id_is_replaced(client, sent):
    answered = client.get("/healthz", headers={"X-Request-ID": sent})["X-Request-ID"]
    assert answered != sent and re.fullmatch(r"[0-9a-f]{32}", answered)


def test_api_problems_carry_the_request_id_too(client):
    response = client.get("/api/v1/no-such-thing", headers={"X-Request-ID": "trace-404"})
    assert response.status_code == 404 and response["X-Request-ID"] == "trace-404"


def test_the_access_line_has_method_path_status_duration_and_id(client, caplog):
    caplog.set_level(logging.INFO, logger="hangviet.request")
    client.get("/search/", {"q": "mat"}, headers={"X-Request-ID": "search-1"})
    [record] = access_records(caplog)
    entry = json.loads(logs.JsonFormatter().format(record))
    assert {
        k: entry[k] for k in ("level", "logger", "message", "request_id", "method", "path", "status")
    } == {
        "level": "INFO",
        "logger": "hangviet.request",
        "message": "GET /search/ 200",
        "request_id": "search-1",
        "method": "GET",
        "path": "/search/",
        "status": 200,
    }
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0


@pytest.mark.urls("tests.core.boom_urls")
def test_an_error_is_logged_with_the_request_id_and_mailed_to_admins(settings, caplog):
    settings.ADMINS = ["ops@example.vn"]
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", headers={"X-Request-ID": "boom-7"})
    assert response.status_code == 500 and response["X-Request-ID"] == "boom-7"
    [error] = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    logs.RequestContextFilter().filter(error)  # what the console handler does to each record
    entry = json.loads(logs.JsonFormatter().format(error))
    assert (entry["request_id"], entry["method"], entry["path"]) == ("boom-7", "GET", "/boom/")
    assert "RuntimeError: the view failed on purpose" in entry["exception"]
    [report] = mail.outbox
    assert report.to == ["ops@example.vn"] and "/boom/" in report.subject


def test_a_not_found_logged_after_the_middleware_keeps_the_request_id(client, caplog):
    client.get("/no-such-page/", headers={"X-Request-ID": "lost-1"})
    [warning] = [r for r in caplog.records if r.name == "django.request"]
    logs.RequestContextFilter().filter(warning)
    assert (warning.request_id, warning.method, warning.path) == ("lost-1", "GET", "/no-such-page/")


@pytest.mark.urls("tests.core.boom_urls")
def test_no_email_without_admins(settings):
    settings.ADMINS = []
    assert Client(raise_request_exception=False).get("/boom/").status_code == 500
    assert mail.outbox == []


def test_outside_a_request_records_have_no_request_id():
    record = logging.LogRecord("hangviet.tasks", logging.WARNING, __file__, 1, "queued %s", ("x",), None)
    logs.RequestContextFilter().filter(record)
    entry = json.loads(logs.JsonFormatter().format(record))
    assert entry["message"] == "queued x"
    assert (entry["request_id"], entry["method"], entry["path"]) == (None, None, None)
    assert logs.TextFormatter().format(record) == "WARNING hangviet.tasks: queued x"


def test_sentry_is_initialised_when_installed(monkeypatch):
    calls = []
    monkeypatch.setitem(sys.modules, "sentry_sdk", types.SimpleNamespace(init=lambda **kw: calls.append(kw)))
    assert logs.init_sentry("https://key@sentry.example.vn/1") is True
    assert calls == [
        {"dsn": "https://key@sentry.example.vn/1", "send_default_pii": False, "traces_sample_rate": 0.0}
    ]


def test_a_dsn_without_sentry_sdk_is_a_warning_not_a_crash(monkeypatch, settings):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # import fails, as when it is not installed
    assert logs.init_sentry("https://key@sentry.example.vn/1") is False
    monkeypatch.setattr(checks.importlib.util, "find_spec", lambda name: None)
    settings.SENTRY_DSN = "https://key@sentry.example.vn/1"
    assert [w.id for w in checks.sentry_can_report()] == ["hangviet.W001"]
    settings.SENTRY_DSN = ""
    assert checks.sentry_can_report() == []
