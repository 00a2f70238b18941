import pytest
from django.urls import reverse

from hangviet.accounts.models import User

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")


def test_account_page_needs_login(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_account_page_shows_roles_and_memberships(client, f):
    user = f.officer(email="lan@example.vn", full_name="Lan")
    f.seller(owner=user, trading_name="HTX Sen Hồng")
    client.force_login(user)
    html = client.get(ACCOUNT).content.decode()
    assert "Người mua" in html and "Chủ cửa hàng" in html and "Cán bộ Sở Công Thương" in html
    assert "HTX Sen Hồng" in html
    assert 'value="lan@example.vn"' in html


def test_profile_edit_normalises_phone(client, f):
    user = f.user(email="lan@example.vn")
    client.force_login(user)
    response = client.post(
        ACCOUNT, {"full_name": "Trần Lan", "email": "lan@example.vn", "phone": "+84 987 654 321"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Trần Lan" and user.phone == "0987654321"


def test_profile_edit_refuses_a_taken_phone(client, f):
    f.user(phone="0987654321")
    user = f.user(email="lan@example.vn")
    client.force_login(user)
    response = client.post(ACCOUNT, {"full_name": "Lan", "email": "lan@example.vn", "phone": "0987654321"})
    assert response.status_code == 422
    assert response.context["form"].errors["phone"]
    user.refresh_from_db()
    assert user.phone is None


def test_profile_edit_refuses_removing_both_email_and_phone(client, f):
    user = f.user(email="lan@example.vn")
    client.force_login(user)
    response = client.post(ACCOUNT, {"full_name": "Lan", "email": "", "phone": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["email"]
    assert User.objects.get(pk=user.pk).email == "lan@example.vn"


def test_english_translation_is_served(client, f):
    client.force_login(f.user())
    html = client.get(ACCOUNT, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My account" in html


def test_admin_user_and_token_pages_render(client, f):
    from hangviet.accounts import services

    admin = User.objects.create_superuser(email="root@example.vn", password="x-Strong-pass-1")
    user = f.user(email="lan@example.vn")
    services.create_api_token(actor=user, name="ci", scopes=["read"])
    client.force_login(admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[user.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_admin_creates_a_user_with_a_phone_only(client):
    admin = User.objects.create_superuser(email="root@example.vn", password="x-Strong-pass-1")
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "",
            "phone": "+84912345678",
            "full_name": "Minh",
            "usable_password": "true",
            "password1": "Sen-hong-Dong-Thap-7",
            "password2": "Sen-hong-Dong-Thap-7",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(phone="0912345678")
    assert user.email is None and user.check_password("Sen-hong-Dong-Thap-7")


def test_contact_changes_are_limited_so_the_profile_cannot_probe_who_has_an_account(client, f, settings):
    """'already used' is an answer registration gives behind a per-address limit: the profile's own
    duplicate check (a signed-in user trying other people's emails and phones) is limited per user."""
    settings.HANGVIET_REGISTER_RATE = "2/3600"
    for taken in ("a@example.vn", "b@example.vn", "c@example.vn"):
        f.user(email=taken)
    user = f.user(email="lan@example.vn")
    client.force_login(user)
    probes = [
        client.post(ACCOUNT, {"full_name": "Lan", "email": taken, "phone": ""}, REMOTE_ADDR=f"10.0.7.{i}")
        for i, taken in enumerate(("a@example.vn", "b@example.vn", "c@example.vn"))
    ]
    assert [p.status_code for p in probes] == [422, 422, 429]
    assert "đã được dùng" not in probes[2].content.decode()
    assert "quá nhiều lần" in probes[2].content.decode()
    renamed = client.post(ACCOUNT, {"full_name": "Trần Lan", "email": "lan@example.vn", "phone": ""})
    assert renamed.status_code == 302  # correcting one's name is never limited
    assert User.objects.get(pk=user.pk).full_name == "Trần Lan"
