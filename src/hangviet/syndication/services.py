"""Every write of the syndication room: external listings, entered by a seller, imported from a file, or
recorded by an officer for a unit the department guided onto a marketplace."""

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.catalog.imports.parse import check_upload
from hangviet.catalog.models import Product
from hangviet.core.errors import ValidationFailed, invalid
from hangviet.core.spreadsheets import ReadBounds, SpreadsheetRejected, read_rows
from hangviet.core.text import fold
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage, ensure_officer
from hangviet.syndication.marketplaces import Marketplace, load_marketplaces
from hangviet.syndication.models import ExternalListing

URL_MAX = 500
MAX_IMPORT_ROWS = 2_000
EARLIEST_DAY = datetime.date(2000, 1, 1)
# A file's header, folded (core.text.fold), → the field it fills.
IMPORT_COLUMNS = {
    "sku": "sku",
    "ma sku": "sku",
    "marketplace": "marketplace",
    "san": "marketplace",
    "url": "url",
    "duong dan": "url",
    "status": "status",
    "trang thai": "status",
}
Status = ExternalListing.Status


def find_marketplace(value: str, field: str = "marketplace") -> Marketplace:
    """A marketplace by code or by name ("tiki", "Tiki", "TikTok Shop"); ValidationFailed otherwise."""
    known = load_marketplaces()
    wanted = fold(value or "").strip()
    for code, target in known.items():
        if wanted in (code, fold(target.name)):
            return target
    names = ", ".join(m.name for m in known.values())
    raise invalid(
        field, "unknown_marketplace", _("Sàn không có trong danh sách: %(names)s.") % {"names": names}
    )


def check_listing_url(target: Marketplace, url: str, field: str = "url") -> str:
    """An http(s) URL on one of the marketplace's domains, at most URL_MAX characters, without spaces,
    control characters or credentials. Raises ValidationFailed."""
    url = (url or "").strip()
    if len(url) > URL_MAX:
        raise invalid(field, "too_long", _("Đường dẫn dài quá %(max)s ký tự.") % {"max": URL_MAX})
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or parts.username is not None
        or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url)
    ):
        raise invalid(field, "invalid_url", _("Đường dẫn phải bắt đầu bằng https:// và không có dấu cách."))
    if not target.owns(host):
        raise invalid(
            field,
            "url_not_on_marketplace",
            _("Đường dẫn không thuộc %(name)s (%(domains)s).")
            % {"name": target.name, "domains": ", ".join(target.domains)},
        )
    return url


def _check_day(day: datetime.date, field: str) -> datetime.date:
    if not EARLIEST_DAY <= day <= timezone.localdate():
        raise invalid(field, "date_out_of_range", _("Ngày phải từ năm 2000 đến hôm nay."))
    return day


def _write(
    *,
    actor: Any,
    seller: Seller,
    product: Product | None,
    target: Marketplace,
    url: str,
    status: str,
    source: str,
    day: datetime.date,
    guided_on: datetime.date | None = None,
) -> ExternalListing:
    """Create or update the one listing of (product or shop, marketplace); keeps when it went live and when
    it was removed. The caller holds the transaction and has checked the permission and the values."""
    if product is not None and product.seller_id != seller.pk:
        raise invalid("product", "not_your_product", _("Sản phẩm không thuộc gian hàng này."))
    listing = (
        ExternalListing.objects.select_for_update()
        .filter(seller=seller, product=product, marketplace=target.code)
        .first()
    ) or ExternalListing(seller=seller, product=product, marketplace=target.code)
    listing.url = url or listing.url
    listing.status = status
    listing.source = source
    listing.updated_by = actor
    if status == Status.LIVE:
        if listing.listed_on is None or day < listing.listed_on:
            listing.listed_on = day
        listing.removed_on = None
    elif status == Status.REMOVED and listing.removed_on is None:
        listing.removed_on = day
    if guided_on is not None:
        listing.guided_by, listing.guided_on = actor, guided_on
    listing.save()
    return listing


def _checked(target: Marketplace, url: str, status: str, *, url_required: bool, field: str = "url") -> str:
    if status not in Status.values:
        raise invalid("status", "invalid_status", _("Trạng thái phải là: nháp, đang bán hoặc đã gỡ."))
    if not url:
        if url_required and status == Status.LIVE:
            raise invalid(field, "url_required", _("Sản phẩm đang bán trên sàn cần có đường dẫn."))
        return ""
    return check_listing_url(target, url, field)


@transaction.atomic
def record_listing(
    *,
    actor: Any,
    seller: Seller,
    marketplace: str,
    url: str,
    status: str,
    product: Product | None = None,
    day: datetime.date | None = None,
) -> ExternalListing:
    """A seller records where a product (or the shop itself) is listed, and its status there."""
    ensure_can_manage(actor, seller)
    target = find_marketplace(marketplace)
    url = _checked(target, url, status, url_required=True)
    day = _check_day(day or timezone.localdate(), "day")
    return _write(
        actor=actor, seller=seller, product=product, target=target, url=url, status=status,
        source=ExternalListing.Source.SELLER, day=day,
    )  # fmt: skip


@transaction.atomic
def record_guided_listing(
    *,
    actor: Any,
    seller: Seller,
    marketplace: str,
    guided_on: datetime.date,
    url: str = "",
    product: Product | None = None,
) -> ExternalListing:
    """An officer records that the department guided a unit onto a marketplace (on a day, by them): the
    listing is live from that day. The URL is optional (the officer may not have it)."""
    ensure_officer(actor)
    target = find_marketplace(marketplace)
    url = _checked(target, url, Status.LIVE, url_required=False)
    guided_on = _check_day(guided_on, "guided_on")
    return _write(
        actor=actor, seller=seller, product=product, target=target, url=url, status=Status.LIVE,
        source=ExternalListing.Source.OFFICER, day=guided_on, guided_on=guided_on,
    )  # fmt: skip


def _status_of(value: Any) -> str:
    text = fold(str(value or "")).strip()
    aliases = {
        "nhap": Status.DRAFT,
        "dang chuan bi": Status.DRAFT,
        "dang ban": Status.LIVE,
        "da go": Status.REMOVED,
    }
    return aliases.get(text, text or Status.LIVE)


@transaction.atomic
def import_listings(
    *, actor: Any, seller: Seller, file: UploadedFile, day: datetime.date | None = None
) -> int:
    """A seller's listings from a CSV or XLSX file (columns sku, marketplace, url, status; at most
    MAX_IMPORT_ROWS rows), read by content: checked whole, written all or nothing. Returns the rows written.
    Raises ValidationFailed listing every problem with its row ("rows.<n>.<column>")."""
    ensure_can_manage(actor, seller)
    day = day or timezone.localdate()
    kind = check_upload(file)
    bounds = ReadBounds(max_rows=MAX_IMPORT_ROWS, max_columns=10, max_bytes=2 * 1024 * 1024)
    errors: list[dict[str, str]] = []
    planned: list[tuple[Product, Marketplace, str, str]] = []
    products = {p.sku: p for p in Product.objects.filter(seller=seller)}
    try:
        rows = read_rows(file, kind, bounds)
        _header_row, header = next(rows, (1, ()))
        columns = {IMPORT_COLUMNS.get(fold(str(h or "")).strip()): i for i, h in enumerate(header)}
        missing = [c for c in ("sku", "marketplace", "url") if c not in columns]
        if missing:
            raise invalid(
                "file", "missing_columns", _("Tệp thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        for number, values in rows:

            def cell(name: str, values: tuple[Any, ...] = values) -> str:
                index = columns.get(name)
                return "" if index is None or index >= len(values) else str(values[index] or "").strip()

            product = products.get(cell("sku"))
            if product is None:
                errors.append(
                    {
                        "field": f"rows.{number}.sku",
                        "code": "unknown_sku",
                        "message": _("Dòng %(row)s: không có sản phẩm mã “%(sku)s”.")
                        % {"row": number, "sku": cell("sku")[:50]},
                    }
                )
                continue
            try:
                target = find_marketplace(cell("marketplace"), f"rows.{number}.marketplace")
                status = _status_of(cell("status"))
                url = _checked(target, cell("url"), status, url_required=True, field=f"rows.{number}.url")
            except ValidationFailed as exc:
                errors += [
                    {
                        **e,
                        "message": _("Dòng %(row)s: %(message)s") % {"row": number, "message": e["message"]},
                    }
                    for e in exc.errors
                ]
                continue
            planned.append((product, target, url, status))
    except SpreadsheetRejected as exc:
        raise invalid("file", exc.code, exc.message) from exc
    if errors:
        raise ValidationFailed(errors)
    if not planned:
        raise invalid("file", "empty_file", _("Tệp không có dòng nào."))
    for product, target, url, status in planned:
        _write(
            actor=actor, seller=seller, product=product, target=target, url=url, status=status,
            source=ExternalListing.Source.IMPORT, day=day,
        )  # fmt: skip
    return len(planned)
