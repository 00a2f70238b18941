"""Issue 10, bug 11: the admin is Vietnamese throughout: the strings Django's own vi catalog lacks
("Toggle theme", "Skip to main content", "Logout") come from the project's src/locale."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_has_no_english_left_in_vietnamese(client, f):
    client.force_login(f.user(is_staff=True, is_superuser=True))
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đổi giao diện sáng/tối (hiện tại: tự động)" in html
    for english in ("Toggle theme", "Skip to main content", "Toggle navigation"):
        assert english not in html, english
    changelist = client.get("/admin/orders/order/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Toggle theme" not in changelist and "Chuyển đến nội dung chính" in changelist
