"""One world for the authorisation matrix, built with the factories and the real services.

Seller A (verified) has something of every kind a page or an API operation can name: products (one
active with an image, a lot and a certificate; one draft), an import, an order from the buyer, an OCOP
dossier with an attachment, a fair application, goods in a showroom, an MoU, an offer on the buyer's buy
request, an EPCIS capture. Seller B (verified) has its own product, lot, order and OCOP dossier (in
another round). One user per role of the matrix, each with an API token holding every scope.
"""

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hangviet.accounts import services as accounts_services
from hangviet.accounts.models import ApiToken, User
from hangviet.catalog import services as catalog_services
from hangviet.catalog.imports import write
from hangviet.catalog.models import Category, ImportJob, Product, ProductImage
from hangviet.core.models import Province
from hangviet.core.unit_data import load_admin_units
from hangviet.ocop import services as ocop_services
from hangviet.ocop.models import Certificate, Dossier, DossierAttachment, Round
from hangviet.orders.models import Cart, Checkout, Order, Review, SavedAddress
from hangviet.orders.services.cart import add_to_cart, cart_for
from hangviet.orders.services.checkout import BuyerDetails, place_order
from hangviet.promotion.models import (
    BoothApplication,
    BuyRequest,
    Fair,
    Mou,
    NewsPost,
    Offer,
    Showroom,
    ShowroomSale,
    Trip,
)
from hangviet.promotion.services import fairs as promotion_fairs
from hangviet.promotion.services import news as promotion_news
from hangviet.promotion.services import showrooms as promotion_showrooms
from hangviet.promotion.services import sourcing as promotion_sourcing
from hangviet.promotion.services import trips as promotion_trips
from hangviet.sellers.models import Seller
from hangviet.trace import services as trace_services
from hangviet.trace.models import CaptureJob, CounterfeitFlag, Lot, SupplyChain
from tests import factories as f
from tests.catalog.test_import import row, xlsx_bytes
from tests.ocop.helpers import PDF

ROLES = ("anonymous", "buyer", "seller_a", "seller_b", "officer", "council", "administrator")
GTIN = "09506000134352"  # GS1's example prefix 950: never a real product
BUYER_PHONE = "0987654321"
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"


@dataclass
class World:
    users: dict[str, User | None]
    keys: dict[str, str]  # role → bearer key of a token with every scope
    a: Seller
    b: Seller
    product: Product  # seller A's, active, with a GTIN, an image, a lot and a certificate
    draft: Product  # seller A's, not public
    image: ProductImage
    job: ImportJob
    checkout: Checkout  # the buyer's, of seller A's order
    order: Order
    address: SavedAddress  # the buyer's saved address: only the buyer may delete it
    review: Review  # on the buyer's line of `order` (written directly: the matrix asks only who may reach it)
    guest_cart: Cart  # an open cart of a visitor without an account (the API's carts)
    lot: Lot
    flag: CounterfeitFlag
    certificate: Certificate
    round: Round  # open; the council member sits on it; seller A's dossier is in it
    dossier: Dossier
    attachment: DossierAttachment
    other_round: Round  # evaluating; seller B's dossier is in it; nobody of the matrix sits on it
    other_dossier: Dossier
    fair: Fair
    application: BoothApplication
    showroom: Showroom
    sale: ShowroomSale
    trip: Trip
    mou: Mou
    buy_request: BuyRequest  # the buyer's
    offer: Offer  # seller A's
    news: NewsPost
    chain: SupplyChain
    capture: CaptureJob  # seller A's EPCIS capture
    token_a: ApiToken  # seller A's own token (the revoke page)
    old_media: dict[str, str] = field(default_factory=dict)  # private files where /media/ once had them


def jpeg() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 10)).save(buf, "JPEG")
    return SimpleUploadedFile("anh.jpg", buf.getvalue())


def _put_in_media_root(name: str, content: bytes) -> str:
    """A file where /media/ served private files before they moved: its old address must stay dead."""
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/{name}"


def _buyer_details() -> BuyerDetails:
    return BuyerDetails(
        name="Trần Thị Bích",
        phone=BUYER_PHONE,
        email="bich@example.vn",
        street="12 Nguyễn Đáng",
        commune_code="29242",
        province_code="86",
    )


def _order(buyer: User | None, product: Product, method: str) -> Checkout:
    cart = cart_for(user=buyer, create=True) if buyer else Cart.objects.create()
    assert cart is not None
    add_to_cart(cart=cart, product=product, quantity=1)
    return place_order(cart=cart, buyer=_buyer_details(), payment_method=method, user=buyer)


def build_world() -> World:
    if Province.objects.count() < 34:  # a transactional test elsewhere may have flushed the migration's data
        load_admin_units()
    today = timezone.localdate()
    f.commune()
    food = Category.objects.get(code="I.2.2")

    buyer = f.user(full_name="Người mua")
    officer = f.officer(is_staff=True, full_name="Cán bộ Sở")
    council = f.user(full_name="Thành viên Hội đồng")
    administrator = User.objects.create_superuser(email="quantri@example.vn", password="mat-khau-an-toan-123")
    owner_a, owner_b = f.user(full_name="Chủ cửa hàng A"), f.user(full_name="Chủ cửa hàng B")

    # --- seller A ---------------------------------------------------------------------------------
    a = f.seller(
        owner=owner_a,
        trading_name="HTX Mật hoa dừa A",
        bank_bin="970415",
        bank_account="0011001932418",
        bank_account_name="HTX MAT HOA DUA A",
    )
    product = f.product(a, name="Mật hoa dừa 250 ml", category=food, gtin=GTIN, stock=50, price_vnd=85000)
    draft = f.product(a, name="Mật hoa dừa nháp", category=food, status=Product.Status.DRAFT)
    image = catalog_services.add_product_image(actor=owner_a, product=product, uploaded_file=jpeg())
    job = write.start_import(
        actor=owner_a, seller=a, uploaded_file=SimpleUploadedFile("hang.xlsx", xlsx_bytes([row("A")]))
    )
    checkout = _order(buyer, product, "vietqr")
    order = checkout.orders.get()
    review = Review.objects.create(
        item=order.items.get(), product=product, seller=a, author=buyer, author_name="Bích", stars=5
    )
    address = SavedAddress.objects.create(
        user=buyer,
        name="Bích",
        phone=BUYER_PHONE,
        street="12 Nguyễn Đáng",
        commune_id="29242",
        province_id="86",
    )
    open_cart = cart_for(user=buyer, create=True)  # the buyer shops on
    assert open_cart is not None
    add_to_cart(cart=open_cart, product=product, quantity=1)
    guest_cart = cart_for(token=None, create=True)
    assert guest_cart is not None
    add_to_cart(cart=guest_cart, product=product, quantity=1)

    lot = trace_services.create_lot(
        actor=owner_a,
        product=product,
        code="L01",
        produced_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=300),
        quantity=100,
    )
    [serial] = trace_services.add_serials(actor=owner_a, lot=lot, serials=["S1"])
    trace_services.record_scan(lot=lot, serial=serial, country="VN")
    trace_services.record_scan(lot=lot, serial=serial, country="US")  # too far apart: flagged
    flag = CounterfeitFlag.objects.get(item=serial)
    certificate = ocop_services.issue_certificate(
        actor=officer,
        product=product,
        number="OCOP-86-2026-0001",
        stars=4,
        score="78.50",
        issued_on=today - datetime.timedelta(days=10),
    )

    round_ = ocop_services.open_round(
        actor=officer,
        province=f.province(),
        year=today.year,
        number=1,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=30),
        council_members=[council],
    )
    dossier = ocop_services.create_dossier(actor=owner_a, round_=round_, product=product)
    attachment = ocop_services.add_attachment(
        actor=owner_a, dossier=dossier, file=SimpleUploadedFile("hoso.pdf", PDF), title="Phiếu đăng ký"
    )

    fair = promotion_fairs.create_fair(
        actor=officer,
        kind=Fair.Kind.FAIR,
        name="Hội chợ OCOP Vĩnh Long",
        organiser="Sở Công Thương",
        venue="Quảng trường",
        commune=f.commune(),
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=24),
        applications_open_on=today - datetime.timedelta(days=5),
        applications_close_on=today + datetime.timedelta(days=10),
        is_published=True,
    )
    promotion_fairs.add_booth_grid(
        actor=officer, fair=fair, rows=1, columns=4, prefix="A", price_vnd=1_500_000
    )
    application = promotion_fairs.apply_for_booths(
        actor=owner_a, fair=fair, seller=a, booths_wanted=1, products=[product]
    )

    showroom = promotion_showrooms.create_showroom(
        actor=officer,
        name="Cửa hàng OCOP Ao Bà Om",
        slug="ao-ba-om",
        site="Khu di tích Ao Bà Om",
        street="Quốc lộ 53",
        commune=f.commune(),
        opening_hours="7:00–21:00",
        commission_bp=1000,
    )
    promotion_showrooms.receive_consignment(actor=officer, showroom=showroom, seller=a, lines=[(product, 5)])
    sale = promotion_showrooms.sell_at_counter(
        actor=officer, showroom=showroom, lines=[(product, 1)], payment="cash"
    )

    trip = promotion_trips.create_trip(
        actor=officer,
        name="Kết nối Cần Thơ",
        organiser="Sở Công Thương",
        destination="Cần Thơ",
        starts_on=today,
        ends_on=today,
    )
    mou = promotion_trips.record_mou(
        actor=officer,
        trip=trip,
        document=SimpleUploadedFile("mou.pdf", PDF),
        supplier=a,
        supplier_name=a.legal_name,
        buyer_name="Bách hoá Xanh",
        products="Mật hoa dừa",
        signed_on=today,
    )

    buy_request = promotion_sourcing.post_buy_request(
        actor=buyer,
        buyer_name="Siêu thị Co.op",
        buyer_kind="supermarket",
        contact_email="mua@coop.vn",
        title="Mật hoa dừa",
        category=f.category(),
        volume=100,
        unit="chai",
        delivery_from=today + datetime.timedelta(days=10),
        delivery_to=today + datetime.timedelta(days=40),
        delivery_province=f.province(),
        delivery_place="Kho Bình Dương",
        deadline_on=today + datetime.timedelta(days=7),
    )
    offer = promotion_sourcing.make_offer(
        actor=owner_a,
        buy_request=buy_request,
        seller=a,
        unit_price_vnd=50000,
        volume=100,
        delivery_on=today + datetime.timedelta(days=15),
    )
    news = promotion_news.save_news_post(
        actor=officer,
        post=NewsPost(title="Khai mạc hội chợ OCOP", body="<p>Hôm nay</p>", published_at=timezone.now()),
    )
    chain = trace_services.certify_chain(
        actor=officer,
        name="Chuỗi mật hoa dừa an toàn",
        slug="chuoi-mat-hoa-dua",
        product_type="coconut_nectar",
        decision_number="12/QĐ-SCT",
        certified_on=today - datetime.timedelta(days=100),
        valid_until=today + datetime.timedelta(days=600),
        annual_output_tonnes=120,
    )

    # --- seller B: its own shop, product, lot, order, and a dossier in a round A has nothing in ------
    b = f.seller(owner=owner_b, trading_name="Cơ sở Bánh tét B")
    product_b = f.product(b, name="Bánh tét Trà Cuôn", category=food, stock=20)
    trace_services.create_lot(
        actor=owner_b, product=product_b, code="B01", produced_on=today, quantity=10, expires_on=None
    )
    _order(None, product_b, "cod")
    other_round = ocop_services.open_round(
        actor=officer,
        province=f.province(),
        year=today.year,
        number=2,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=30),
        council_members=[f.user(full_name="Thành viên đợt 2")],
    )
    other_dossier = ocop_services.create_dossier(actor=owner_b, round_=other_round, product=product_b)
    other_round = ocop_services.set_round_stage(
        actor=officer, round_=other_round, status=Round.Status.EVALUATING, step=Round.Step.EVALUATE
    )

    # --- tokens: every signed-in role holds one with every scope ---------------------------------
    users: dict[str, User | None] = {
        "anonymous": None,
        "buyer": buyer,
        "seller_a": owner_a,
        "seller_b": owner_b,
        "officer": officer,
        "council": council,
        "administrator": administrator,
    }
    keys = {}
    tokens = {}
    for role, user in users.items():
        if user is not None:
            tokens[role], keys[role] = accounts_services.create_api_token(
                actor=user, name="Ma trận quyền", scopes=ApiToken.Scope.values
            )
    capture = trace_services.capture_document(actor=owner_a, data=epcis_document(lot))

    world = World(
        users=users,
        keys=keys,
        a=a,
        b=b,
        product=product,
        draft=draft,
        image=image,
        job=job,
        checkout=checkout,
        order=order,
        review=review,
        address=address,
        guest_cart=guest_cart,
        lot=lot,
        flag=flag,
        certificate=certificate,
        round=round_,
        dossier=dossier,
        attachment=attachment,
        other_round=other_round,
        other_dossier=other_dossier,
        fair=fair,
        application=application,
        showroom=showroom,
        sale=sale,
        trip=trip,
        mou=mou,
        buy_request=buy_request,
        offer=offer,
        news=news,
        chain=chain,
        capture=capture,
        token_a=tokens["seller_a"],
    )
    world.old_media = {
        "dossier": _put_in_media_root(f"ocop/dossiers/{today:%Y}/12/hoso-{dossier.pk}.pdf", PDF),
        "import": _put_in_media_root(f"imports/{today:%Y}/12/hang.xlsx", b"PK\x03\x04"),
        "mou": _put_in_media_root(f"promotion/mous/{today:%Y}/mou-3f2a9c1b7d4e.pdf", PDF),
    }
    return world


def epcis_document(lot: Lot) -> dict[str, Any]:
    """A valid EPCIS document with one event naming `lot` by its GS1 Digital Link."""
    event = {
        "type": "ObjectEvent",
        "action": "OBSERVE",
        "eventTime": "2026-01-14T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "bizStep": "packing",
        "quantityList": [
            {"epcClass": f"https://id.example.vn/01/{GTIN}/10/{lot.code}", "quantity": 5, "uom": "KGM"}
        ],
    }
    return {
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-01-14T08:00:00+07:00",
        "epcisBody": {"eventList": [event]},
    }
