import pytest

pytestmark = pytest.mark.django_db


def test_an_officer_works_in_the_admin_on_the_domain_but_not_on_accounts(client, f):
    officer = f.officer(is_staff=True)
    client.force_login(officer)
    assert client.get("/admin/").status_code == 200
    for page in (
        "/admin/sellers/seller/",
        "/admin/catalog/product/",
        "/admin/ocop/certificate/",
        "/admin/promotion/fair/",
        "/admin/trace/lot/",
        "/admin/orders/order/",
    ):
        assert client.get(page).status_code == 200, page
    assert client.get("/admin/accounts/user/").status_code == 403


def test_staff_without_the_officer_role_gets_no_domain_permission(client, f):
    client.force_login(f.user(is_staff=True))
    assert client.get("/admin/sellers/seller/").status_code == 403


def test_a_deactivated_officer_loses_the_permissions(f):
    officer = f.officer(is_staff=True, is_active=False)
    assert not officer.has_perm("sellers.change_seller")
    assert not officer.has_module_perms("catalog")
