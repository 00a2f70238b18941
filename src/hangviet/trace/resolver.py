"""The GS1-conformant resolver at the Digital Link paths (`/01/…`, any primary key) and its description file.

Malformed (GS1 Digital Link 1.4, read with GS1's syntax dictionary) → 400; a key other than a GTIN, or
an unknown product, lot, serial or link type → 404; otherwise 307 to the default link
(the public scan page) or the link asked for with `linkType`; the linkset (RFC 9264) on
`?linkType=linkset` or `Accept: application/linkset+json`. GET, HEAD, OPTIONS; CORS for every origin.
"""

import json
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from hangviet.core.problems import problem_response
from hangviet.ocop.queries import current_certificate, newest_certificate
from hangviet.trace import digital_link as dl
from hangviet.trace import queries
from hangviet.trace.identifiers import base_url, scan_path
from hangviet.trace.models import Lot, SerialItem
from hangviet.trace.views import unknown_code

VOC = "https://gs1.org/voc/"
VOC_PREFIXES = ("https://gs1.org/voc/", "https://ref.gs1.org/voc/", "http://gs1.org/voc/", "gs1:")
LINK_TYPES = ("defaultLink", "pip", "certificationInfo", "traceability")
LINKSET_TYPE = "application/linkset+json"
ALLOWED = "GET, HEAD, OPTIONS"


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
    response["Access-Control-Expose-Headers"] = "Link, Location, Content-Type"
    response["Vary"] = "Accept, Accept-Language"
    return response


def _error(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponse:
    return _finish(request, problem_response(status, code, detail))


def _finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.method == "HEAD":
        response.content = b""
    return _cors(response)


def raw_path(request: HttpRequest) -> tuple[str, bool]:
    """The request path still percent-encoded when the server tells it; else the decoded path."""
    scope = getattr(request, "scope", None)
    if isinstance(scope, dict) and scope.get("raw_path"):
        return scope["raw_path"].decode("latin-1").split("?", 1)[0], True
    for key in ("RAW_URI", "REQUEST_URI"):
        value = request.META.get(key)
        if value:
            return urlsplit(value).path if "://" in value else value.split("?", 1)[0], True
    return request.path, False


def _link_type(value: str) -> str | None:
    """'gs1:pip', 'https://gs1.org/voc/pip', 'https://ref.gs1.org/voc/pip' → 'pip'; 'linkset'/'all' kept."""
    if value in ("linkset", "all"):
        return "linkset"
    for prefix in VOC_PREFIXES:
        if value.startswith(prefix):
            name = value[len(prefix) :]
            return name if name in LINK_TYPES else None
    return None


def _links(product: Any, lot: Lot | None, serial: str) -> dict[str, dict[str, Any]]:
    """The links this platform serves for a product, lot or serial: {link type: link object}."""
    base = base_url()
    product_url = base + reverse("catalog:product", args=[product.slug])
    links: dict[str, dict[str, Any]] = {
        "pip": {"href": product_url, "title": f"{product.name} – thông tin sản phẩm", "type": "text/html"},
    }
    if lot is not None:
        scan = base + scan_path(lot, serial)
        links["defaultLink"] = {
            "href": scan,
            "title": f"{product.name} – lô {lot.code}: nguồn gốc",
            "type": "text/html",
        }
        links["traceability"] = {
            "href": base + reverse("api:lot_epcis", kwargs={"lot_id": lot.pk}),
            "title": f"Sự kiện EPCIS của lô {lot.code}",
            "type": "application/ld+json",
        }
    else:
        links["defaultLink"] = dict(links["pip"])
    certificate = current_certificate(product) or newest_certificate(product)  # its page says which
    if certificate is not None:
        links["certificationInfo"] = {
            "href": base + reverse("trace:certificate", args=[certificate.pk]),
            "title": f"Chứng nhận OCOP {certificate.number}",
            "type": "text/html",
        }
    for link in links.values():
        link["hreflang"] = ["vi"]
    return links


def linkset(anchor: str, links: dict[str, dict[str, Any]]) -> dict[str, Any]:
    entry: dict[str, Any] = {"anchor": anchor}
    for name in LINK_TYPES:
        if name in links:
            entry[VOC + name] = [links[name]]
    return {"linkset": [entry]}


def _wants_html(request: HttpRequest) -> bool:
    """A browser (a phone that scanned a pack): an unknown code gets the scan page's own 404."""
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and not _wants_linkset(request)


def _unknown(
    request: HttpRequest, code: str, detail: str, product: Any = None, scanned: str = ""
) -> HttpResponse:
    if _wants_html(request):
        return _finish(request, unknown_code(request, product=product, code=scanned))
    return _error(request, 404, code, detail)


def _wants_linkset(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return any(part.split(";")[0].strip() == LINKSET_TYPE for part in accept.split(","))


@csrf_exempt
def resolve(request: HttpRequest, key: str = "01", rest: str = "") -> HttpResponse:
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ALLOWED
        return _cors(response)
    if request.method not in ("GET", "HEAD"):
        response = _error(request, 405, "method_not_allowed", "Chỉ hỗ trợ GET, HEAD, OPTIONS.")
        response["Allow"] = ALLOWED
        return response
    path, is_raw = raw_path(request)
    try:
        link = dl.parse_path(path, request.META.get("QUERY_STRING", ""), raw=is_raw)
    except dl.DigitalLinkError as exc:
        return _error(request, 400, exc.code, exc.message)
    wanted = link.param("linkType")
    link_type = _link_type(wanted) if wanted else None
    if wanted and link_type is None:
        return _error(request, 404, "link_type_not_found", f"Không có liên kết loại {wanted}.")
    if link.key != "01":
        return _error(request, 404, "unknown_key", f"Nền tảng này không định danh gì bằng AI {link.key}.")
    product = queries.product_by_gtin(link.gtin)
    if product is None:
        return _unknown(request, "unknown_gtin", "Không tìm thấy sản phẩm mang GTIN này.", None, link.path)
    lot = None
    if link.lot:
        lot = Lot.objects.filter(product=product, code=link.lot).first()
        if lot is None:
            return _unknown(request, "unknown_lot", "Không tìm thấy lô này.", product, link.path)
    elif link.serial:  # /01/…/21/… without the lot: the serial names its lot
        item = (
            SerialItem.objects.select_related("lot").filter(lot__product=product, serial=link.serial).first()
        )
        lot = item.lot if item is not None else None
    if link.serial and (lot is None or not SerialItem.objects.filter(lot=lot, serial=link.serial).exists()):
        return _unknown(request, "unknown_serial", "Không tìm thấy số sê-ri này.", product, link.path)
    links = _links(product, lot, link.serial)
    anchor = base_url() + link.path
    if link_type == "linkset" or (link_type is None and _wants_linkset(request)):
        response = HttpResponse(
            json.dumps(linkset(anchor, links), ensure_ascii=False), content_type=LINKSET_TYPE
        )
        return _finish(request, response)
    target = links.get(link_type or "defaultLink")
    if target is None:
        return _error(request, 404, "link_type_not_found", f"Không có liên kết loại {wanted}.")
    href = target["href"]
    passed = [(k, v) for k, v in request.GET.items() if k != "linkType"]
    if passed and target["type"] == "text/html":
        href += ("&" if "?" in href else "?") + urlencode(passed)
    response = HttpResponse(status=307)
    response["Location"] = href
    response["Link"] = f'<{anchor}?linkType=linkset>; rel="linkset"; type="{LINKSET_TYPE}"'
    response["Cache-Control"] = "public, max-age=300"
    return _finish(request, response)


@csrf_exempt
def well_known(request: HttpRequest) -> HttpResponse:
    """The resolver description file (GS1-Conformant Resolver standard, /.well-known/gs1resolver)."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ALLOWED
        return _cors(response)
    base = base_url()
    data = {
        "name": "HàngViệt – sàn TMĐT sản phẩm OCOP",
        "resolverRoot": base,
        "supportedPrimaryKeys": ["01"],
        "supportedQualifiers": {"01": ["22", "10", "21"]},
        "supportedDataAttributes": sorted(dl.DATE_AIS),
        "linkTypeDefaultCanBeLinkset": False,
        "supportedLinkType": [{"namespace": VOC, "prefix": "gs1:", "linkType": name} for name in LINK_TYPES],
        "linksetMediaType": LINKSET_TYPE,
        "contact": {"website": base + "/"},
        "privacyPolicy": base + reverse("web:privacy"),
        "platformIdentifierNote": "Sản phẩm chưa có GTIN dùng mã riêng của sàn tại "
        + base
        + dl.SCAN_PREFIX
        + "…; đó không phải mã GS1.",
        "generatedAt": timezone.now().isoformat(),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return _finish(request, response)
