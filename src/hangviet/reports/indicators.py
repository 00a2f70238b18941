"""The campaign's indicators as code: one definition each, for any period.

Each indicator names the query (in the room that owns the records, its `queries.py`) that lists what it
counts, and how the figure comes from that list: the number of rows, or the sum of one field, or (a rate)
a function of the rows. The figure and its records page read the same queryset, so any number can be
checked row by row. An indicator without a query (none today) has the figure None, shown as "not yet
recorded", never as zero.

Stock figures (products recognised, chains certified, showrooms open) are read on the period's last day
(`Period.as_of`); flow figures (new certificates, fairs held, orders placed) count what happened in it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangviet.catalog import queries as catalog
from hangviet.core.money import format_vnd, group_thousands
from hangviet.network import queries as network
from hangviet.ocop import queries as ocop
from hangviet.orders import queries as orders
from hangviet.promotion import queries as promotion
from hangviet.reports.periods import Period
from hangviet.sellers import queries as sellers
from hangviet.syndication import queries as syndication
from hangviet.trace import queries as trace

Value = int | Decimal | None
FAIR, MARKET_SESSION = "fair", "market_session"  # promotion's Fair.Kind values
DELIVERED = "delivered"  # orders' Order.Status.DELIVERED

SECTIONS: dict[str, Promise] = {
    "campaign": gettext_lazy("Tuyên truyền, tập huấn, cuộc thi"),
    "fairs": gettext_lazy("Hội chợ, phiên chợ đưa hàng Việt về nông thôn"),
    "trade": gettext_lazy("Kết nối giao thương"),
    "ocop": gettext_lazy("Chương trình mỗi xã một sản phẩm (OCOP)"),
    "showrooms": gettext_lazy("Cửa hàng giới thiệu sản phẩm OCOP"),
    "chains": gettext_lazy("Chuỗi cung ứng thực phẩm an toàn"),
    "ecommerce": gettext_lazy("Thương mại điện tử"),
}

# Stable unit codes (the API's `unit`) and how a page names them.
UNITS: dict[str, Promise] = {
    "person": gettext_lazy("người"),
    "session": gettext_lazy("buổi"),
    "contest": gettext_lazy("cuộc thi"),
    "fair": gettext_lazy("hội chợ"),
    "market_session": gettext_lazy("phiên chợ"),
    "booth": gettext_lazy("gian hàng"),
    "unit": gettext_lazy("đơn vị"),
    "trip": gettext_lazy("chuyến"),
    "mou": gettext_lazy("biên bản, hợp đồng"),
    "product": gettext_lazy("sản phẩm"),
    "showroom": gettext_lazy("cửa hàng"),
    "chain": gettext_lazy("chuỗi"),
    "t/year": gettext_lazy("tấn/năm"),
    "country": gettext_lazy("quốc gia"),
    "seller": gettext_lazy("đơn vị"),
    "province": gettext_lazy("tỉnh, thành"),
    "order": gettext_lazy("đơn hàng"),
    "VND": gettext_lazy("đồng"),
    "%": gettext_lazy("%"),
    "scan": gettext_lazy("lượt quét"),
}


@dataclass(frozen=True)
class Column:
    """A column of a records page and of its CSV/XLSX: a header and how to read it from a row."""

    header: Promise
    get: Callable[[Any], Any]
    kind: str = "text"  # text / number / money / date


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    unit: str
    section: str
    definition: Promise
    is_public: bool
    # The records the figure counts, for a period; None = kept by a room not built yet.
    records: Callable[[Period], QuerySet[Any]] | None = None
    columns: tuple[Column, ...] = ()
    sum_of: str = ""  # the figure is the sum of this field of the records ("" = how many records)
    rate: Callable[[QuerySet[Any]], Decimal | None] | None = None  # the figure is a function of the rows

    @property
    def is_recorded(self) -> bool:
        return self.records is not None

    def value(self, period: Period) -> Value:
        if self.records is None:
            return None
        rows = self.records(period)
        if self.rate is not None:
            return self.rate(rows)
        if self.sum_of:
            total = rows.order_by().aggregate(total=Sum(self.sum_of))["total"]
            return total if total is not None else 0
        return rows.count()

    @property
    def unit_label(self) -> str:
        return str(UNITS.get(self.unit, self.unit))


def _tonnes(value: Any) -> Decimal:
    return Decimal(value or 0)


def _delivered_rate(rows: QuerySet[Any]) -> Decimal | None:
    counts = list(rows.order_by().values_list("status", flat=True))
    if not counts:
        return None
    share = Decimal(sum(1 for s in counts if s == DELIVERED) * 100) / Decimal(len(counts))
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _certificates_with_stars(period: Period, stars: int) -> QuerySet[Any]:
    return ocop.certificates_in_force_on(period.as_of()).filter(stars=stars)


def _sellers_of_kind(period: Period, kind: str) -> QuerySet[Any]:
    return sellers.sellers_verified_before(period.end_at, kind)


# --- the columns of each kind of record -----------------------------------------------------------

_CERTIFICATE_COLUMNS = (
    Column(gettext_lazy("Số chứng nhận"), lambda c: c.number),
    Column(gettext_lazy("Sản phẩm"), lambda c: c.product.name),
    Column(gettext_lazy("Chủ thể"), lambda c: c.product.seller.trading_name),
    Column(gettext_lazy("Nhóm sản phẩm"), lambda c: c.product.category.name),
    Column(gettext_lazy("Xã/phường"), lambda c: (c.product.origin_commune or c.product.seller.commune).name),
    Column(gettext_lazy("Số sao"), lambda c: c.stars, "number"),
    Column(gettext_lazy("Ngày cấp"), lambda c: c.issued_on, "date"),
    Column(gettext_lazy("Ngày hết hạn"), lambda c: c.expires_on, "date"),
)
_FAIR_COLUMNS = (
    Column(gettext_lazy("Tên"), lambda f: f.name),
    Column(gettext_lazy("Ngày bắt đầu"), lambda f: f.starts_on, "date"),
    Column(gettext_lazy("Ngày kết thúc"), lambda f: f.ends_on, "date"),
    Column(gettext_lazy("Xã/phường"), lambda f: f.commune.name),
    Column(gettext_lazy("Số gian hàng"), lambda f: f.booth_count, "number"),
    Column(gettext_lazy("Số đơn vị tham gia"), lambda f: f.unit_count, "number"),
)
_BOOTH_COLUMNS = (
    Column(gettext_lazy("Hội chợ / phiên chợ"), lambda b: b.fair.name),
    Column(gettext_lazy("Mã gian hàng"), lambda b: b.code),
    Column(gettext_lazy("Loại"), lambda b: str(b.get_kind_display())),
    Column(gettext_lazy("Đơn vị"), lambda b: b.application.organisation_name if b.application else ""),
)
_UNIT_COLUMNS = (
    Column(gettext_lazy("Hội chợ / phiên chợ"), lambda a: a.fair.name),
    Column(gettext_lazy("Đơn vị"), lambda a: a.organisation_name),
    Column(gettext_lazy("Số gian hàng đăng ký"), lambda a: a.booths_wanted, "number"),
)
_SELLER_COLUMNS = (
    Column(gettext_lazy("Tên"), lambda s: s.trading_name),
    Column(gettext_lazy("Loại hình"), lambda s: str(s.get_kind_display())),
    Column(gettext_lazy("Xã/phường"), lambda s: s.commune.name),
    Column(gettext_lazy("Ngày xác minh"), lambda s: s.verified_at, "date"),
)
_PEER_COLUMNS = (
    Column(gettext_lazy("Sàn của tỉnh, thành"), lambda peer: peer.name),
    Column(gettext_lazy("Mã tỉnh"), lambda peer: peer.province_code),
    Column(gettext_lazy("Địa chỉ"), lambda peer: peer.base_url),
    Column(gettext_lazy("Ngày kết nối"), lambda peer: peer.confirmed_at, "date"),
)
_PRODUCT_COLUMNS = (
    Column(gettext_lazy("Sản phẩm"), lambda p: p.name),
    Column(gettext_lazy("Người bán"), lambda p: p.seller.trading_name),
    Column(gettext_lazy("Danh mục"), lambda p: p.category.name),
    Column(gettext_lazy("Sao OCOP"), lambda p: p.ocop_stars, "number"),
)
_ORDER_COLUMNS = (
    Column(gettext_lazy("Mã đơn"), lambda o: o.code),
    Column(gettext_lazy("Thời điểm đặt"), lambda o: o.created_at, "date"),
    Column(gettext_lazy("Người bán"), lambda o: o.seller.trading_name),
    Column(gettext_lazy("Tỉnh nhận hàng"), lambda o: o.checkout.province.name),
    Column(gettext_lazy("Trạng thái"), lambda o: str(o.get_status_display())),
    Column(gettext_lazy("Tổng tiền (đồng)"), lambda o: o.total_vnd, "money"),
)
_CHAIN_COLUMNS = (
    Column(gettext_lazy("Chuỗi"), lambda c: c.name),
    Column(gettext_lazy("Sản phẩm"), lambda c: str(c.get_product_type_display())),
    Column(gettext_lazy("Quyết định"), lambda c: c.decision_number),
    Column(gettext_lazy("Ngày chứng nhận"), lambda c: c.certified_on, "date"),
    Column(gettext_lazy("Hiệu lực đến"), lambda c: c.valid_until, "date"),
    Column(gettext_lazy("Sản lượng (tấn/năm)"), lambda c: _tonnes(c.annual_output_tonnes), "number"),
    Column(gettext_lazy("Xuất khẩu"), lambda c: ", ".join(m.country_name for m in c.export_markets.all())),
)


def _defined() -> list[Indicator]:
    return [
        # --- campaign ---
        Indicator(
            "cadres_trained",
            gettext_lazy("Cán bộ được tập huấn, quán triệt về Cuộc vận động"),
            "person",
            "campaign",
            gettext_lazy("Tổng số người tham dự các buổi tập huấn tổ chức trong kỳ."),
            True,
            records=lambda p: promotion.trainings_held_between(p.start, p.end),
            columns=(
                Column(gettext_lazy("Chủ đề"), lambda t: t.topic),
                Column(gettext_lazy("Ngày"), lambda t: t.held_on, "date"),
                Column(gettext_lazy("Địa điểm"), lambda t: t.place),
                Column(gettext_lazy("Đơn vị tổ chức"), lambda t: t.organiser),
                Column(gettext_lazy("Số người tham dự"), lambda t: t.attendance, "number"),
            ),
            sum_of="attendance",
        ),
        Indicator(
            "training_sessions",
            gettext_lazy("Buổi tập huấn"),
            "session",
            "campaign",
            gettext_lazy("Số buổi tập huấn tổ chức trong kỳ."),
            True,
            records=lambda p: promotion.trainings_held_between(p.start, p.end),
            columns=(
                Column(gettext_lazy("Chủ đề"), lambda t: t.topic),
                Column(gettext_lazy("Ngày"), lambda t: t.held_on, "date"),
                Column(gettext_lazy("Số người tham dự"), lambda t: t.attendance, "number"),
            ),
        ),
        Indicator(
            "contests",
            gettext_lazy("Cuộc thi về Cuộc vận động"),
            "contest",
            "campaign",
            gettext_lazy("Số cuộc thi bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.contests_starting_between(p.start, p.end),
            columns=(
                Column(gettext_lazy("Tên cuộc thi"), lambda c: c.name),
                Column(gettext_lazy("Đơn vị tổ chức"), lambda c: c.organiser),
                Column(gettext_lazy("Ngày bắt đầu"), lambda c: c.starts_on, "date"),
                Column(gettext_lazy("Số bài dự thi"), lambda c: c.entry_count, "number"),
            ),
        ),
        # --- fairs and market sessions ---
        Indicator(
            "fairs",
            gettext_lazy("Hội chợ thương mại"),
            "fair",
            "fairs",
            gettext_lazy("Số hội chợ bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.fairs_starting_between(p.start, p.end, FAIR),
            columns=_FAIR_COLUMNS,
        ),
        Indicator(
            "fair_booths",
            gettext_lazy("Gian hàng tại các hội chợ"),
            "booth",
            "fairs",
            gettext_lazy("Số gian hàng trên sơ đồ các hội chợ bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.booths_of_fairs_between(p.start, p.end, FAIR),
            columns=_BOOTH_COLUMNS,
        ),
        Indicator(
            "fair_units",
            gettext_lazy("Đơn vị, doanh nghiệp tham gia hội chợ"),
            "unit",
            "fairs",
            gettext_lazy("Số đơn vị được duyệt, xếp gian hàng tại các hội chợ bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.units_at_fairs_between(p.start, p.end, FAIR),
            columns=_UNIT_COLUMNS,
        ),
        Indicator(
            "market_sessions",
            gettext_lazy("Phiên chợ đưa hàng Việt về nông thôn"),
            "market_session",
            "fairs",
            gettext_lazy("Số phiên chợ đưa hàng Việt về nông thôn bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.fairs_starting_between(p.start, p.end, MARKET_SESSION),
            columns=_FAIR_COLUMNS,
        ),
        Indicator(
            "market_session_booths",
            gettext_lazy("Gian hàng tại các phiên chợ"),
            "booth",
            "fairs",
            gettext_lazy("Số gian hàng trên sơ đồ các phiên chợ bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.booths_of_fairs_between(p.start, p.end, MARKET_SESSION),
            columns=_BOOTH_COLUMNS,
        ),
        Indicator(
            "market_session_units",
            gettext_lazy("Doanh nghiệp tham gia phiên chợ"),
            "unit",
            "fairs",
            gettext_lazy("Số đơn vị được duyệt, xếp gian hàng tại các phiên chợ bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.units_at_fairs_between(p.start, p.end, MARKET_SESSION),
            columns=_UNIT_COLUMNS,
        ),
        # --- trade connection ---
        Indicator(
            "trips",
            gettext_lazy("Chuyến kết nối giao thương"),
            "trip",
            "trade",
            gettext_lazy("Số chuyến kết nối giao thương, cung cầu bắt đầu trong kỳ."),
            True,
            records=lambda p: promotion.trips_starting_between(p.start, p.end),
            columns=(
                Column(gettext_lazy("Tên"), lambda t: t.name),
                Column(gettext_lazy("Điểm đến"), lambda t: t.destination),
                Column(gettext_lazy("Ngày đi"), lambda t: t.starts_on, "date"),
                Column(gettext_lazy("Số biên bản, hợp đồng"), lambda t: t.mou_count, "number"),
            ),
        ),
        Indicator(
            "mous",
            gettext_lazy("Biên bản ghi nhớ, hợp đồng được ký kết"),
            "mou",
            "trade",
            gettext_lazy(
                "Số biên bản ghi nhớ, hợp đồng ký trong kỳ (trong chuyến kết nối hoặc từ chào giá)."
            ),
            True,
            records=lambda p: promotion.mous_signed_between(p.start, p.end),
            columns=(
                Column(gettext_lazy("Bên cung cấp"), lambda m: m.supplier_name),
                Column(gettext_lazy("Bên mua"), lambda m: m.buyer_name),
                Column(gettext_lazy("Sản phẩm"), lambda m: m.products),
                Column(gettext_lazy("Ngày ký"), lambda m: m.signed_on, "date"),
                Column(gettext_lazy("Chuyến"), lambda m: m.trip.name if m.trip else ""),
            ),
        ),
        # --- OCOP ---
        Indicator(
            "ocop_products",
            gettext_lazy("Sản phẩm OCOP được công nhận (toàn tỉnh)"),
            "product",
            "ocop",
            gettext_lazy("Số sản phẩm có giấy chứng nhận OCOP còn hiệu lực vào ngày cuối kỳ."),
            True,
            records=lambda p: ocop.certificates_in_force_on(p.as_of()),
            columns=_CERTIFICATE_COLUMNS,
        ),
        *[
            Indicator(
                f"ocop_products_{stars}_stars",
                name,
                "product",
                "ocop",
                definition,
                True,
                records=functools.partial(_certificates_with_stars, stars=stars),
                columns=_CERTIFICATE_COLUMNS,
            )
            for stars, name, definition in (
                (
                    3,
                    gettext_lazy("Sản phẩm OCOP 3 sao"),
                    gettext_lazy("Số sản phẩm OCOP 3 sao còn hiệu lực vào ngày cuối kỳ."),
                ),
                (
                    4,
                    gettext_lazy("Sản phẩm OCOP 4 sao"),
                    gettext_lazy("Số sản phẩm OCOP 4 sao còn hiệu lực vào ngày cuối kỳ."),
                ),
                (
                    5,
                    gettext_lazy("Sản phẩm OCOP 5 sao"),
                    gettext_lazy("Số sản phẩm OCOP 5 sao còn hiệu lực vào ngày cuối kỳ."),
                ),
            )
        ],
        Indicator(
            "ocop_new_products",
            gettext_lazy("Sản phẩm OCOP được công nhận mới"),
            "product",
            "ocop",
            gettext_lazy("Số sản phẩm được cấp giấy chứng nhận OCOP lần đầu trong kỳ (không tính cấp lại)."),
            True,
            records=lambda p: ocop.certificates_first_issued_between(p.start, p.end),
            columns=_CERTIFICATE_COLUMNS,
        ),
        # --- showrooms ---
        Indicator(
            "showrooms",
            gettext_lazy("Cửa hàng giới thiệu sản phẩm OCOP"),
            "showroom",
            "showrooms",
            gettext_lazy("Số cửa hàng giới thiệu sản phẩm OCOP đang hoạt động vào ngày cuối kỳ."),
            True,
            records=lambda p: promotion.showrooms_open_on(p.as_of()),
            columns=(
                Column(gettext_lazy("Tên"), lambda s: s.name),
                Column(gettext_lazy("Điểm du lịch"), lambda s: s.site),
                Column(gettext_lazy("Xã/phường"), lambda s: s.commune.name),
                Column(gettext_lazy("Ngày khai trương"), lambda s: s.opened_on, "date"),
                Column(gettext_lazy("Số sản phẩm trưng bày"), lambda s: s.item_count, "number"),
            ),
        ),
        Indicator(
            "showroom_products",
            gettext_lazy("Sản phẩm trưng bày tại các cửa hàng"),
            "product",
            "showrooms",
            gettext_lazy(
                "Số sản phẩm trưng bày, bán tại các cửa hàng đang hoạt động (mỗi cửa hàng một lần)."
            ),
            True,
            records=lambda p: promotion.showroom_items_open_on(p.as_of()),
            columns=(
                Column(gettext_lazy("Cửa hàng"), lambda i: i.showroom.name),
                Column(gettext_lazy("Sản phẩm"), lambda i: i.product.name),
                Column(gettext_lazy("Nhà sản xuất"), lambda i: i.product.seller.trading_name),
            ),
        ),
        # --- supply chains ---
        Indicator(
            "chains",
            gettext_lazy("Chuỗi cung ứng thực phẩm an toàn được xác nhận"),
            "chain",
            "chains",
            gettext_lazy("Số chuỗi có xác nhận còn hiệu lực vào ngày cuối kỳ."),
            True,
            records=lambda p: trace.chains_certified_on(p.as_of()),
            columns=_CHAIN_COLUMNS,
        ),
        Indicator(
            "chain_output",
            gettext_lazy("Sản lượng các chuỗi cung cấp ra thị trường"),
            "t/year",
            "chains",
            gettext_lazy("Tổng sản lượng hằng năm của các chuỗi có xác nhận còn hiệu lực vào ngày cuối kỳ."),
            True,
            records=lambda p: trace.chains_certified_on(p.as_of()),
            columns=_CHAIN_COLUMNS,
            sum_of="annual_output_tonnes",
        ),
        Indicator(
            "chain_export_markets",
            gettext_lazy("Thị trường xuất khẩu của sản phẩm chuỗi"),
            "country",
            "chains",
            gettext_lazy("Số cặp chuỗi – quốc gia nhập khẩu của các chuỗi còn hiệu lực vào ngày cuối kỳ."),
            True,
            records=lambda p: trace.export_markets_of_chains_on(p.as_of()),
            columns=(
                Column(gettext_lazy("Chuỗi"), lambda m: m.chain.name),
                Column(gettext_lazy("Quốc gia"), lambda m: m.country_name),
                Column(
                    gettext_lazy("Sản lượng xuất khẩu (tấn/năm)"),
                    lambda m: _tonnes(m.volume_tonnes),
                    "number",
                ),
            ),
        ),
        # --- e-commerce: the platform and the national marketplaces ---
        Indicator(
            "marketplace_units",
            gettext_lazy("Đơn vị được hướng dẫn lên sàn TMĐT quốc gia"),
            "unit",
            "ecommerce",
            gettext_lazy("Số đơn vị có gian hàng trên các sàn Tiki, Voso, Sendo… (niêm yết bên ngoài)."),
            True,
            records=lambda p: syndication.sellers_on_marketplaces(p.start, p.end),
            columns=_SELLER_COLUMNS,
        ),
        Indicator(
            "linked_provinces",
            gettext_lazy("Tỉnh, thành liên kết với sàn TMĐT của tỉnh"),
            "province",
            "ecommerce",
            gettext_lazy("Số tỉnh, thành có sàn kết nối với sàn của tỉnh."),
            True,
            records=lambda p: network.peers_linked_before(p.end_at),
            columns=_PEER_COLUMNS,
        ),
        Indicator(
            "platform_sellers",
            gettext_lazy("Doanh nghiệp, đơn vị tham gia sàn TMĐT của tỉnh"),
            "seller",
            "ecommerce",
            gettext_lazy("Số người bán đã được xác minh trước ngày cuối kỳ."),
            True,
            records=lambda p: sellers.sellers_verified_before(p.end_at),
            columns=_SELLER_COLUMNS,
        ),
        Indicator(
            "platform_products",
            gettext_lazy("Loại sản phẩm trên sàn"),
            "product",
            "ecommerce",
            gettext_lazy("Số sản phẩm đang bán trên sàn, đưa lên trước ngày cuối kỳ."),
            True,
            records=lambda p: catalog.listed_products_created_before(p.end_at),
            columns=_PRODUCT_COLUMNS,
        ),
        *[
            Indicator(
                f"sellers_{kind}",
                name,
                "seller",
                "ecommerce",
                gettext_lazy("Số người bán loại này đã được xác minh trước ngày cuối kỳ."),
                False,
                records=functools.partial(_sellers_of_kind, kind=kind),
                columns=_SELLER_COLUMNS,
            )
            for kind, name in (
                ("enterprise", gettext_lazy("Người bán đã xác minh: doanh nghiệp")),
                ("cooperative", gettext_lazy("Người bán đã xác minh: hợp tác xã")),
                ("household", gettext_lazy("Người bán đã xác minh: hộ kinh doanh")),
                ("individual", gettext_lazy("Người bán đã xác minh: cá nhân")),
            )
        ],
        Indicator(
            "ocop_products_on_sale",
            gettext_lazy("Sản phẩm OCOP đang bán trên sàn"),
            "product",
            "ecommerce",
            gettext_lazy("Số sản phẩm đang bán có sao OCOP còn hiệu lực."),
            False,
            records=lambda p: catalog.listed_ocop_products_created_before(p.end_at),
            columns=_PRODUCT_COLUMNS,
        ),
        Indicator(
            "orders",
            gettext_lazy("Đơn hàng"),
            "order",
            "ecommerce",
            gettext_lazy("Số đơn hàng đặt trong kỳ (giờ Việt Nam)."),
            False,
            records=lambda p: orders.orders_placed_between(p.start_at, p.end_at),
            columns=_ORDER_COLUMNS,
        ),
        Indicator(
            "gmv",
            gettext_lazy("Doanh số trên sàn (GMV)"),
            "VND",
            "ecommerce",
            gettext_lazy("Tổng tiền các đơn đặt trong kỳ, trừ đơn huỷ, hết hiệu lực, trả lại, hoàn tiền."),
            False,
            records=lambda p: orders.sold_orders_placed_between(p.start_at, p.end_at),
            columns=_ORDER_COLUMNS,
            sum_of="total_vnd",
        ),
        Indicator(
            "delivered_rate",
            gettext_lazy("Tỉ lệ đơn giao thành công"),
            "%",
            "ecommerce",
            gettext_lazy("Phần trăm đơn đặt trong kỳ đã giao xong."),
            False,
            records=lambda p: orders.orders_placed_between(p.start_at, p.end_at),
            columns=_ORDER_COLUMNS,
            rate=_delivered_rate,
        ),
        Indicator(
            "buyer_provinces",
            gettext_lazy("Tỉnh, thành có người mua"),
            "province",
            "ecommerce",
            gettext_lazy("Số tỉnh, thành nhận hàng của các đơn đặt trong kỳ."),
            False,
            records=lambda p: orders.buyer_provinces_between(p.start_at, p.end_at),
            columns=(
                Column(gettext_lazy("Tỉnh, thành"), lambda r: r.name),
                Column(gettext_lazy("Số đơn hàng"), lambda r: r.order_count, "number"),
            ),
        ),
        Indicator(
            "lot_scans",
            gettext_lazy("Lượt quét mã truy xuất lô hàng"),
            "scan",
            "ecommerce",
            gettext_lazy("Số lượt mở trang truy xuất của các lô hàng trong kỳ."),
            False,
            records=lambda p: trace.scan_counts_between(p.start, p.end),
            columns=(
                Column(gettext_lazy("Ngày"), lambda s: s.day, "date"),
                Column(gettext_lazy("Sản phẩm"), lambda s: s.lot.product.name),
                Column(gettext_lazy("Lô"), lambda s: s.lot.code),
                Column(gettext_lazy("Lượt quét"), lambda s: s.count, "number"),
            ),
            sum_of="count",
        ),
    ]


REGISTRY: dict[str, Indicator] = {i.code: i for i in _defined()}


def all_indicators(*, public_only: bool = False) -> list[Indicator]:
    return [i for i in REGISTRY.values() if i.is_public or not public_only]


def get(code: str) -> Indicator | None:
    return REGISTRY.get(code)


def format_value(value: Value, unit: str) -> str:
    """A figure the way Vietnamese write it: 410.252; 12,5; 1.200.000 ₫; None → "chưa ghi nhận"."""
    if value is None:
        return _("chưa ghi nhận")
    if unit == "VND":
        return format_vnd(int(value))
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, _sep, frac = f"{value.normalize():f}".partition(".")
        text = group_thousands(int(whole)) + "," + frac
    else:
        text = group_thousands(int(value))
    return text + "\u00a0%" if unit == "%" else text
