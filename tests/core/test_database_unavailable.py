"""While the database is away (restarted, failed over, SQLite busy past its timeout), requests get 503 with
Retry-After, never 500: nothing was written, and the client may try again."""

import pytest
from django.db import InterfaceError, OperationalError

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_gone(monkeypatch):
    """The search read fails as it does while PostgreSQL restarts."""

    def fail(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr("hangviet.web.views.search_products", fail)
    monkeypatch.setattr("hangviet.catalog.api.search_products", fail)


def test_a_page_answers_503_with_retry_after(client, database_gone):
    response = client.get("/search/?q=mat+ong")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "thử lại" in response.content.decode()


def test_the_api_answers_a_503_problem(client, database_gone):
    response = client.get("/api/v1/products?q=mat+ong")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "2"
    assert response.json()["code"] == "service_unavailable"


def test_a_dropped_connection_is_503_too(client, monkeypatch):
    def fail(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("hangviet.web.views.search_products", fail)
    assert client.get("/search/?q=mat+ong").status_code == 503


def test_other_errors_stay_server_errors(client, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("hangviet.web.views.search_products", fail)
    client.raise_request_exception = False
    assert client.get("/search/?q=mat+ong").status_code == 500
