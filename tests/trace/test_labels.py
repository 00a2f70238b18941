import re

import pytest
import segno
from django.utils import timezone

from hangviet.trace import services
from hangviet.trace.identifiers import lot_uri
from hangviet.trace.labels import QUIET_ZONE
from tests.trace.helpers import gtin_lot

pytestmark = pytest.mark.django_db


def matrix_from_path(d: str, size: int) -> list[list[int]]:
    """Read the dark modules back from the label's SVG path (M x y h w v1 h-w z per run)."""
    grid = [[0] * size for _ in range(size)]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", d):
        for i in range(int(w)):
            grid[int(y)][int(x) + i] = 1
    return grid


def test_printed_sheet_code_leads_to_the_scan_page_with_the_journey(client, f):
    owner, product, lot = gtin_lot(f)
    services.record_step(actor=owner, lot=lot, step="harvested", occurred_at=timezone.now(), note="Thu nhựa")
    client.force_login(owner)
    sheet = client.get(f"/lots/{product.seller.slug}/{lot.pk}/labels/", {"paper": "a4-24", "count": 30})
    assert sheet.status_code == 200
    html = sheet.content.decode()
    assert html.count("<svg") == 2  # 30 labels on 24-per-page paper
    assert product.name in html and "Lô: L/01" in html
    d = re.search(r' d="([^"]+)"', html).group(1)
    expected_uri = lot_uri(lot, with_dates=True)
    qr = segno.make(expected_uri, error="q", boost_error=False)
    size = len(qr.matrix)
    assert matrix_from_path(d, size) == [list(row) for row in qr.matrix]
    assert qr.error == "Q"
    # follow it: the code's URI → resolver → scan page with the journey
    path = expected_uri.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    resolved = client.get(path.split("?")[0], RAW_URI=path)
    assert resolved.status_code == 307
    page = client.get(resolved["Location"])
    assert page.status_code == 200 and "Thu nhựa" in page.content.decode()
    assert QUIET_ZONE == 4


def test_single_codes_svg_and_png(client, f):
    owner, product, lot = gtin_lot(f)
    client.force_login(owner)
    svg = client.get(f"/lots/{product.seller.slug}/{lot.pk}/qr.svg")
    assert (
        svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    )
    png = client.get(f"/lots/{product.seller.slug}/{lot.pk}/qr.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get(f"/lots/{product.seller.slug}/{lot.pk}/qr.gif").status_code == 404


def test_labels_for_products_without_gtin_use_the_platform_path(client, f):
    owner = f.user()
    seller = f.seller(owner=owner)
    product = f.product(seller)
    lot = services.create_lot(
        actor=owner, product=product, code="A1", produced_on=timezone.localdate(), quantity=1
    )
    uri = lot_uri(lot, with_dates=True)
    assert "/01/" not in uri and uri.endswith(f"/scan/p/{product.slug}/A1")
