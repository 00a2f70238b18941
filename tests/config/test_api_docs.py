import re


def test_openapi_document_describes_the_api(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/products",
        "/api/v1/carts/{token}/checkout",
        "/api/v1/epcis/capture",
        "/api/v1/ocop/certificates/{number}",
        "/api/v1/buy-requests",
    ):
        assert path in spec["paths"]


def test_api_docs_page_loads_nothing_from_other_hosts(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert assets, "the docs page links its Swagger UI assets"
    assert all(a.startswith("/static/") for a in assets), assets
