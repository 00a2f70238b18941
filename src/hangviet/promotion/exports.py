"""Files the promotion pages hand out: the events calendar (iCalendar, RFC 5545, written by hand) and the
monthly consignment settlement (XLSX)."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from hangviet.core.spreadsheets import MONEY_FORMAT, Styled, XlsxWriter
from hangviet.promotion.queries import Event, Settlement

ICAL_LINE_OCTETS = 75


def ical_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_fold(line: str) -> str:
    """Fold a content line into ≤ 75-octet pieces joined by CRLF + space, never inside a UTF-8 character."""
    out: list[str] = []
    current, size, limit = "", 0, ICAL_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = "", 0, ICAL_LINE_OCTETS - 1  # continuation lines start with a space
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def icalendar(
    events: Iterable[Event], *, base_url: str, name: str, now: datetime.datetime | None = None
) -> str:
    """A VCALENDAR of all-day events (DTEND is the day after the last day, as the RFC wants)."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "hangviet"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//HangViet//Promotion events//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.ends_on + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ical_escape(event.title)}",
            f"LOCATION:{ical_escape(event.place)}",
            f"CATEGORIES:{ical_escape(event.kind)}",
            f"DESCRIPTION:{ical_escape(event.description)}",
            f"URL:{base_url}{event.url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ical_fold(line) + "\r\n" for line in lines)


def settlement_xlsx(settlement: Settlement) -> bytes:
    """The month's consignment settlement for one producer, as a one-sheet workbook."""
    workbook = XlsxWriter()
    ws = workbook.add_sheet(f"{settlement.month:%Y-%m}", widths={"A": 44, "G": 18})
    ws.append([Styled("BẢNG QUYẾT TOÁN HÀNG KÝ GỬI", bold=True, size=14)])
    ws.append(["Cửa hàng", settlement.showroom.name])
    ws.append(["Nhà sản xuất", settlement.seller.legal_name])
    ws.append(["Mã số thuế", settlement.seller.tax_code])
    ws.append(["Tháng", f"{settlement.month:%m/%Y}"])
    ws.append([])
    ws.append(
        ["Sản phẩm", "SKU", "Nhận ký gửi", "Đã bán", "Trả lại", "Điều chỉnh", "Doanh số (đồng)"], bold=True
    )
    for row in settlement.rows:
        ws.append(
            [
                row.product.name,
                row.product.sku,
                row.received,
                row.sold,
                row.returned,
                row.adjusted,
                Styled(row.sales_vnd, number_format=MONEY_FORMAT),
            ]
        )

    ws.append([])
    rate = settlement.showroom.commission_bp / 100
    for label, amount in (
        ("Tổng doanh số", settlement.sales_vnd),
        (f"Hoa hồng cửa hàng ({rate:g} %)", settlement.commission_vnd),
        ("Số tiền thanh toán cho nhà sản xuất", settlement.payable_vnd),
    ):
        ws.append(
            [label, None, None, None, None, None, Styled(amount, number_format=MONEY_FORMAT)], bold=True
        )
    return workbook.to_bytes()
