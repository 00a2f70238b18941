import pytest
from django.urls import reverse

from hangviet.accounts.models import User

pytestmark = pytest.mark.django_db

URL = reverse("accounts:register")


def form(**over):
    data = {
        "email": "lan@example.vn",
        "phone": "",
        "full_name": "Nguyễn Thị Lan",
        "password1": "Sen-hong-Dong-Thap-7",
        "password2": "Sen-hong-Dong-Thap-7",
        "accepted_terms": "on",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_register_page_has_labelled_fields_with_autocomplete(client):
    html = client.get(URL).content.decode()
    assert '<label for="id_email"' in html and 'autocomplete="email"' in html
    assert 'autocomplete="tel"' in html and 'autocomplete="new-password"' in html
    assert 'name="accepted_terms"' in html


def test_register_with_email_creates_user_records_consent_and_signs_in(client):
    response = client.post(URL, form())
    assert response.status_code == 302
    user = User.objects.get(email="lan@example.vn")
    assert user.phone is None and user.full_name == "Nguyễn Thị Lan"
    assert user.check_password("Sen-hong-Dong-Thap-7")
    assert user.terms_accepted_at is not None
    assert int(client.session["_auth_user_id"]) == user.pk


def test_register_with_phone_in_plus84_form_stores_it_normalised(client):
    response = client.post(URL, form(email="", phone="+84 912 345 678"))
    assert response.status_code == 302
    user = User.objects.get(phone="0912345678")
    assert user.email is None
    assert int(client.session["_auth_user_id"]) == user.pk


def test_register_with_neither_email_nor_phone_is_refused(client):
    response = client.post(URL, form(email="", phone=""))
    assert response.status_code == 200
    assert "Cần nhập email hoặc số điện thoại" in response.content.decode()
    assert "email" in response.context["form"].errors
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_register_with_invalid_phone_shows_field_error(client):
    response = client.post(URL, form(email="", phone="0123"))
    assert "phone" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("existing", "posted", "field"),
    [
        ({"email": "lan@example.vn"}, {"email": "LAN@Example.vn"}, "email"),
        ({"email": "x@example.vn", "phone": "0912345678"}, {"email": "", "phone": "+84912345678"}, "phone"),
    ],
)
def test_register_duplicate_email_or_phone_is_a_field_error(client, f, existing, posted, field):
    f.user(**existing)
    response = client.post(URL, form(**posted))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "đã được dùng" in response.context["form"].errors[field][0]
    assert User.objects.count() == 1


def test_register_duplicate_phone_with_fresh_email_creates_nothing(client, f):
    f.user(email="a@example.vn", phone="0912345678")
    response = client.post(URL, form(email="new@example.vn", phone="0912345678"))
    assert "phone" in response.context["form"].errors
    assert not User.objects.filter(email="new@example.vn").exists()


@pytest.mark.parametrize("password", ["12345678", "password", "abc"])
def test_register_weak_password_is_refused_by_django_validators(client, password):
    response = client.post(URL, form(password1=password, password2=password))
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.exists()


def test_register_password_mismatch_is_refused(client):
    response = client.post(URL, form(password2="Something-else-42"))
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_register_without_consent_is_refused(client):
    response = client.post(URL, form(accepted_terms=None))
    assert response.context["form"].errors["accepted_terms"]
    assert not User.objects.exists()


def test_register_service_refuses_without_consent_even_if_a_caller_skips_the_form():
    from hangviet.accounts import services
    from hangviet.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        services.register_user(
            email="a@example.vn",
            phone=None,
            full_name="A",
            password="Sen-hong-Dong-Thap-7",
            accepted_terms=False,
        )
    assert [e["field"] for e in err.value.errors] == ["accepted_terms"]
    assert not User.objects.exists()


def test_registration_is_rate_limited_per_ip(client, settings):
    settings.HANGVIET_REGISTER_RATE = "2/3600"
    client.post(URL, form(email="a1@example.vn"))
    client.logout()
    client.post(URL, form(email="a2@example.vn"))
    client.logout()
    response = client.post(URL, form(email="a3@example.vn"))
    assert response.status_code == 429
    assert not User.objects.filter(email="a3@example.vn").exists()
    other_ip = client.post(URL, form(email="a4@example.vn"), REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302


def test_over_the_limit_registration_says_nothing_about_who_has_an_account(client, f, settings):
    """'Already used' is kept (a buyer who forgot they have an account is told to sign in), so it is only
    ever said within the per-address limit, which is counted before the address is looked up."""
    settings.HANGVIET_REGISTER_RATE = "2/3600"
    f.user(email="lan@example.vn")
    answers = [client.post(URL, form(email="lan@example.vn")) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "đã được dùng" in answers[1].content.decode()
    assert "đã được dùng" not in answers[2].content.decode()
    assert User.objects.count() == 1
