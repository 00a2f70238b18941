import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC = ["register", "login", "password_reset", "password_reset_done", "password_reset_complete"]
PRIVATE = ["account", "tokens", "delete_account", "password_change", "password_change_done"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_render_in_the_site_layout(client, name):
    response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="main"' in html and "<h1>" in html and "· HàngViệt</title>" in html


@pytest.mark.parametrize("name", PRIVATE)
def test_private_pages_need_login_and_render(client, f, name):
    url = reverse(f"accounts:{name}")
    assert client.get(url).status_code == 302
    client.force_login(f.user())
    response = client.get(url)
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_account_page_queries_do_not_grow_with_memberships(client, f, django_assert_max_num_queries):
    user = f.user()
    for _ in range(5):
        f.seller(owner=user)
    client.force_login(user)
    with django_assert_max_num_queries(6):  # session, user, memberships+sellers, messages
        assert client.get(reverse("accounts:account")).status_code == 200


def test_password_change_works_and_keeps_the_session(client, f):
    user = f.user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "mat-khau-an-toan-123",
            "new_password1": "Sen-hong-Dong-Thap-7",
            "new_password2": "Sen-hong-Dong-Thap-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sen-hong-Dong-Thap-7")
    assert client.get(reverse("accounts:account")).status_code == 200
