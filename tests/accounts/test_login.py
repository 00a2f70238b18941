import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PASSWORD = "mat-khau-an-toan-123"


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_page_has_one_identifier_field_and_autocomplete(client):
    html = client.get(LOGIN).content.decode()
    assert "Email hoặc số điện thoại" in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html


def test_login_by_email_any_case(client, f):
    user = f.user(email="lan@example.vn")
    response = client.post(LOGIN, {"username": "Lan@Example.VN", "password": PASSWORD})
    assert response.status_code == 302
    assert int(signed_in_as(client)) == user.pk


@pytest.mark.parametrize("typed", ["0912345678", "+84 912 345 678", "84912345678"])
def test_login_by_phone_in_any_usual_form(client, f, typed):
    user = f.user(email=None, phone="0912345678")
    response = client.post(LOGIN, {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert int(signed_in_as(client)) == user.pk


def test_login_wrong_password_is_refused_with_translated_error(client, f):
    f.user(email="lan@example.vn")
    response = client.post(LOGIN, {"username": "lan@example.vn", "password": "wrong-password"})
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.content.decode()
    assert signed_in_as(client) is None


def test_login_unknown_user_is_refused(client):
    response = client.post(LOGIN, {"username": "nobody@example.vn", "password": PASSWORD})
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_login_inactive_user_is_refused(client, f):
    f.user(email="lan@example.vn", is_active=False)
    response = client.post(LOGIN, {"username": "lan@example.vn", "password": PASSWORD})
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_login_answers_alike_whoever_the_identifier_belongs_to(client, f):
    """No account enumeration: an unknown identifier, a wrong password and a locked account (even with
    its right password) get one and the same answer."""
    f.user(email="lan@example.vn")
    f.user(email="khoa@example.vn", phone="0912345678", is_active=False)
    attempts = [
        ("nobody@example.vn", PASSWORD),
        ("0987654321", PASSWORD),
        ("lan@example.vn", "wrong-password"),
        ("khoa@example.vn", PASSWORD),
        ("0912345678", PASSWORD),
    ]
    answers = []
    for i, (username, password) in enumerate(attempts):
        response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=f"10.0.9.{i}")
        answers.append((response.status_code, list(response.context["form"].non_field_errors())))
    assert answers == [(200, ["Email/số điện thoại hoặc mật khẩu không đúng."])] * 5


def test_logout_requires_post(client, f):
    client.force_login(f.user())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_as(client) is not None
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert signed_in_as(client) is None


class TestLoginRateLimit:
    @pytest.fixture(autouse=True)
    def _rate(self, settings):
        settings.HANGVIET_LOGIN_RATE = "5/300"

    def fail(self, client, username="lan@example.vn", **extra):
        return client.post(LOGIN, {"username": username, "password": "wrong-password"}, **extra)

    def test_sixth_attempt_is_refused_even_with_the_right_password(self, client, f):
        f.user(email="lan@example.vn")
        for _ in range(5):
            assert self.fail(client).status_code == 200
        response = client.post(LOGIN, {"username": "lan@example.vn", "password": PASSWORD})
        assert response.status_code == 429
        assert "quá nhiều lần" in response.content.decode()
        assert signed_in_as(client) is None

    def test_limited_attempt_does_not_check_the_password(self, client, f, monkeypatch):
        f.user(email="lan@example.vn")
        for _ in range(5):
            self.fail(client)
        calls = []
        monkeypatch.setattr(
            "hangviet.accounts.backends.EmailOrPhoneBackend.authenticate",
            lambda *a, **k: calls.append(1),
        )
        assert client.post(LOGIN, {"username": "lan@example.vn", "password": PASSWORD}).status_code == 429
        assert calls == []

    def test_identifier_limit_covers_every_spelling_of_a_phone(self, client, f):
        f.user(email=None, phone="0912345678")
        for i, spelling in enumerate(
            ["0912345678", "+84912345678", "84 912 345 678", "0912.345.678", "+84 912345678"]
        ):
            self.fail(client, spelling, REMOTE_ADDR=f"10.0.1.{i}")
        response = client.post(
            LOGIN, {"username": "0912345678", "password": PASSWORD}, REMOTE_ADDR="10.0.2.1"
        )
        assert response.status_code == 429

    def test_another_identifier_from_another_ip_is_unaffected(self, client, f):
        f.user(email="lan@example.vn")
        other = f.user(email="minh@example.vn")
        for _ in range(5):
            self.fail(client)
        response = client.post(
            LOGIN, {"username": "minh@example.vn", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
        )
        assert response.status_code == 302
        assert int(signed_in_as(client)) == other.pk

    def test_ip_limit_applies_across_identifiers(self, client, f):
        f.user(email="minh@example.vn")
        for i in range(5):
            self.fail(client, f"guess{i}@example.vn")
        response = client.post(LOGIN, {"username": "minh@example.vn", "password": PASSWORD})
        assert response.status_code == 429
        other_ip = client.post(
            LOGIN, {"username": "minh@example.vn", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
        )
        assert other_ip.status_code == 302

    def test_success_clears_the_identifier_count(self, client, f):
        f.user(email="lan@example.vn")
        for i in range(4):
            self.fail(client, REMOTE_ADDR=f"10.0.3.{i}")
        assert (
            client.post(
                LOGIN, {"username": "lan@example.vn", "password": PASSWORD}, REMOTE_ADDR="10.0.4.1"
            ).status_code
            == 302
        )
        client.logout()
        for i in range(4):
            self.fail(client, REMOTE_ADDR=f"10.0.5.{i}")
        ok = client.post(LOGIN, {"username": "lan@example.vn", "password": PASSWORD}, REMOTE_ADDR="10.0.6.1")
        assert ok.status_code == 302

    def test_successful_logins_do_not_use_up_a_shared_address(self, client, f):
        """Buyers behind one carrier address: only failures count against it."""
        users = [f.user(email=f"khach{i}@example.vn") for i in range(7)]
        for user in users:
            response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
            assert response.status_code == 302
            assert int(signed_in_as(client)) == user.pk
            client.logout()

    @override_settings(HANGVIET_LOGIN_RATE="2/300")
    def test_rate_setting_is_read(self, client, f):
        f.user(email="lan@example.vn")
        self.fail(client)
        self.fail(client)
        assert client.post(LOGIN, {"username": "lan@example.vn", "password": PASSWORD}).status_code == 429
