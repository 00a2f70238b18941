"""The authorisation matrix: every page, every API operation and every admin page × every role.

Who may do what, in plain words (the tables below say it address by address; write a new row the same way):

1. Public pages and public API reads answer everyone alike.
2. Someone not signed in who asks for anything that needs an account is sent to the login page (never a
   bare 403), for a write too. The API wants a bearer token (401 without one) and never reads the session
   cookie: a signed-in browser gets on the API exactly what an anonymous one gets.
3. A shop's workspace (/seller/<shop>/…, /lots/<shop>/…, its import files, its booth applications, the
   API's /sellers/<shop>/…, an offer made in its name) exists only for the shop's members. Everyone else
   (buyers, other sellers, officers, council members, administrators) gets 404, as for a shop that does
   not exist. One helper decides it: hangviet.sellers.permissions.member_shop.
4. Someone else's private thing (an order, a checkout, a draft product, an OCOP dossier and its
   attachments, a round one has no part in, an EPCIS capture job, an API token) is 404 to whoever may
   not see it: nobody learns it exists.
5. A place for a role (officer pages, a showroom's counter, a council member's score sheet, choosing an
   offer on one's buy request) and a change to something one may see but not change (another seller's
   public product or lot through the API, a dossier one reads but does not own) answer 403 to a
   signed-in user without the role.
6. Officers work in their own pages (/officer/…, OCOP rounds and dossiers, showroom counters, MoUs) and
   in the admin on the domain's apps (settings.HANGVIET_OFFICER_APPS); they do not enter sellers'
   workspaces. Administrators are officers plus accounts (users, tokens, groups, tasks) in the admin.
7. Council members see the dossiers of their round (with the attachments) and fill in their own score
   sheet; nothing of another round.
8. Buyers see their own orders and checkouts, their buy requests and the offers made on them; never a
   seller's workspace.
9. A private file is served only by its page's view, to whoever may open that page, with that page's
   answer (rows `ocop:attachment`, `imports:job_file`, `promotion:mou_document`); where /media/ once
   served it, 404 to everyone. Public pictures stay public.

Answers: `ok` (a read: 200; a write: let in — any status below 500 but login/401/403/404/405, since an
empty POST may well be refused for its content), `login` (redirected to the login page: the admin's for
admin rows), or the exact status (`302`, `307`, `401`, `403`, `404`, `405`). Every request runs in a
savepoint rolled back afterwards, so no row changes the world for the next.

Where the code disagreed with these rules (found by this matrix) and how it was settled:
- Another shop's import pages, import files and lot pages answered 403 (catalog/import_views.py
  `_managed_seller`, trace/views.py `_seller`) where its other workspace pages answered 404 → 404
  everywhere through sellers.permissions.member_shop, used by every seller-centre view (rule 3).
- The API's POST /sellers/{shop}/products and POST /buy-requests/{id}/offers (naming the shop in the
  body) answered 403 to a non-member, telling them a pending shop's slug exists → 404 (rule 3).
- Revoking someone else's API token from one's account page answered 403, and an administrator could
  do it there → 404 to anyone but the token's owner; administrators revoke in the admin (rule 4).
- An OCOP round that was not open answered its page to any signed-in user who guessed its number while
  the list hid it; a producer with a dossier in a closed round could not find that round in the list →
  one query (ocop.queries.rounds_visible_to) for the list and the page, 404 otherwise (rule 4).
- The OCOP application form answered 200 to users who are not members of a verified shop (buyers,
  officers, council members) → 403 (rule 5: a producer's place).
- An anonymous POST to a trip page (recording an MoU) answered 403 → the login page (rule 2).
- (Beside the statuses, seen while building the world) the public EPCIS query answered every event,
  a pending shop's too, whose lots have no public page → only events of verified shops or of none
  (tests/trace/test_epcis_capture_query.py).
- The admin offered add pages for orders, checkouts, payments and EPCIS events, which only checkout,
  the payment webhook and capture make (every field read-only: saving a checkout, a payment or an event
  crashed with a 500) → no add page (403 to those who may enter the admin).
"""

import datetime
import json
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.security.world import BUYER_PHONE, EPCIS_CONTEXT, ROLES, World, build_world, epcis_document

MATRIX_MODULE = "tests/security/test_authorization_matrix.py"
OK, LOGIN = "ok", "login"
REFUSALS = {"401", "403", "404", "405"}
MEDIA = "media/<path:path>"  # the one URL pattern without a name: public uploads


# --- values taken from the world ------------------------------------------------------------------------


@dataclass(frozen=True)
class W:
    """A value of the world: an attribute path ("a.slug") or a function of the world."""

    get: str | Callable[[World], Any]

    def __call__(self, world: World) -> Any:
        return operator.attrgetter(self.get)(world) if isinstance(self.get, str) else self.get(world)


def resolved(value: Any, world: World) -> Any:
    if isinstance(value, W):
        return value(world)
    if isinstance(value, dict):
        return {k: resolved(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [resolved(v, world) for v in value]
    return value


SHOP_A = W("a.slug")
SELLER_A = W("a.pk")
PRODUCT = W("product.slug")
DRAFT = W("draft.slug")
PRODUCT_PK = W("product.pk")
DRAFT_PK = W("draft.pk")
IMAGE = W("image.pk")
JOB = W("job.pk")
CHECKOUT = W("checkout.code")
ORDER = W("order.code")
ORDER_ITEM = W(lambda w: w.order.items.get().pk)
REVIEW = W("review.pk")
ADDRESS = W("address.pk")
CART = W("guest_cart.token")
LOT = W("lot.pk")
LOT_CODE = W("lot.code")
FLAG = W("flag.pk")
CERTIFICATE = W("certificate.number")
CERTIFICATE_PK = W("certificate.pk")
ROUND = W("round.pk")
OTHER_ROUND = W("other_round.pk")
DOSSIER = W("dossier.pk")
OTHER_DOSSIER = W("other_dossier.pk")
ATTACHMENT = W("attachment.pk")
FAIR = W("fair.slug")
APPLICATION = W("application.pk")
SHOWROOM = W("showroom.slug")
SALE = W("sale.number")
TRIP = W("trip.slug")
MOU = W("mou.pk")
BUY_REQUEST = W("buy_request.pk")
OFFER = W("offer.pk")
NEWS = W("news.slug")
CHAIN = W("chain.slug")
TOKEN_A = W("token_a.pk")
CAPTURE = W("capture.pk")
CATEGORY = W("product.category.slug")
UID_A = W(lambda w: urlsafe_base64_encode(force_bytes(w.users["seller_a"].pk)))
DIGITAL_LINK = W(lambda w: f"{w.product.gtin}/10/{w.lot.code}")
THIS_MONTH = W(lambda w: f"{timezone.localdate():%Y-%m}")
PICTURE = W("image.image.url")
OLD_DOSSIER = W(lambda w: w.old_media["dossier"])
OLD_IMPORT = W(lambda w: w.old_media["import"])
OLD_MOU = W(lambda w: w.old_media["mou"])
IN_15_DAYS = W(lambda w: str(timezone.localdate() + datetime.timedelta(days=15)))


# --- the pages --------------------------------------------------------------------------------------------


@dataclass
class Page:
    method: str
    name: str
    answers: dict[str, str]
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    address: W | None = None  # for the pattern without a name (/media/)

    def url(self, world: World) -> str:
        if self.address is not None:
            return str(self.address(world))
        return reverse(self.name, kwargs=resolved(self.kwargs, world))


def _answers(written: str) -> dict[str, str]:
    tokens = written.split()
    assert len(tokens) == len(ROLES), f"{written!r}: one answer per role {ROLES}"
    assert all(t in (OK, LOGIN) or t.isdigit() for t in tokens), f"{written!r}: ok, login or a status"
    return dict(zip(ROLES, tokens, strict=True))


def get(name: str, answers: str, query: dict[str, Any] | None = None, **kwargs: Any) -> Page:
    return Page("GET", name, _answers(answers), kwargs, query or {})


def post(name: str, answers: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Page:
    return Page("POST", name, _answers(answers), kwargs, data=data or {})


def media(address: W, answers: str) -> Page:
    return Page("GET", MEDIA, _answers(answers), address=address)


# Every URL pattern of the site outside the admin and the API's operations. A new pattern needs a row here.
# fmt: off
PAGES = [
    #                                        anon  buyer sel_a sel_b offcr counc admin
    # --- public pages ---
    get("web:home",                         "ok    ok    ok    ok    ok    ok    ok"),
    get("web:search",                       "ok    ok    ok    ok    ok    ok    ok", {"q": "mat"}),
    get("web:browse",                       "ok    ok    ok    ok    ok    ok    ok",
        category_slug=CATEGORY),
    get("web:terms",                        "ok    ok    ok    ok    ok    ok    ok"),
    get("web:privacy",                      "ok    ok    ok    ok    ok    ok    ok"),
    get("web:healthz",                      "ok    ok    ok    ok    ok    ok    ok"),
    get("web:favicon",                      "301   301   301   301   301   301   301"),
    # --- syndication: feeds, sitemaps and robots.txt are public; a shop's marketplace pages its own;
    # the officers' exports and guided listings the department's.
    get("syndication:robots",               "ok    ok    ok    ok    ok    ok    ok"),
    get("syndication:sitemap_index",        "ok    ok    ok    ok    ok    ok    ok"),
    get("syndication:sitemap",              "ok    ok    ok    ok    ok    ok    ok", section="products"),
    get("syndication:platform_feed",        "ok    ok    ok    ok    ok    ok    ok", fmt="tsv"),
    get("syndication:shop_feed",            "ok    ok    ok    ok    ok    ok    ok", shop=SHOP_A, fmt="xml"),
    get("syndication:seller_marketplaces",  "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("syndication:seller_export",        "login 404   ok    404   404   404   404",
        shop=SHOP_A, code="tiki", fmt="xlsx"),
    post("syndication:listing_record",      "login 404   ok    404   404   404   404", shop=SHOP_A),
    post("syndication:listing_import",      "login 404   ok    404   404   404   404", shop=SHOP_A),
    # --- reports: open data and public figures' records for everyone; the dashboard, targets, private
    # figures' records and the year-end report for the department.
    get("reports:open_data",                "ok    ok    ok    ok    ok    ok    ok"),
    get("reports:open_data_schema",         "ok    ok    ok    ok    ok    ok    ok"),
    get("reports:open_data_csv",            "ok    ok    ok    ok    ok    ok    ok", year=2022),
    get("reports:open_data_json",           "ok    ok    ok    ok    ok    ok    ok", year=2022),
    get("reports:records",                  "ok    ok    ok    ok    ok    ok    ok", code="fairs"),
    get("reports:records",                  "login 403   403   403   ok    403   ok", code="orders"),
    get("reports:dashboard",                "login 403   403   403   ok    403   ok"),
    get("reports:targets",                  "login 403   403   403   ok    403   ok", year=2022),
    get("reports:yearend",                  "login 403   403   403   ok    403   ok"),
    get("reports:yearend_detail",           "login 403   403   403   404   403   404", pk=999999),
    get("reports:yearend_file",             "login 403   403   403   404   403   404",
        pk=999999, kind="docx"),
    get("syndication:officer_export",       "login 403   403   403   ok    403   ok"),
    get("syndication:officer_guided",       "login 403   403   403   ok    403   ok"),
    get("core:legacy_lookup",               "ok    ok    ok    ok    ok    ok    ok"),
    post("set_language",                    "ok    ok    ok    ok    ok    ok    ok", {"language": "en"}),
    get("api:openapi-json",                 "ok    ok    ok    ok    ok    ok    ok"),
    get("api:openapi-view",                 "ok    ok    ok    ok    ok    ok    ok"),
    get("api:api-root",                     "404   404   404   404   404   404   404"),
    get("catalog:product",                  "ok    ok    ok    ok    ok    ok    ok", slug=PRODUCT),
    get("catalog:product",                  "404   404   ok    404   404   404   404", slug=DRAFT),
    get("catalog:shop",                     "ok    ok    ok    ok    ok    ok    ok", slug=SHOP_A),
    # --- accounts ---
    get("accounts:register",                "ok    302   302   302   302   302   302"),
    get("accounts:login",                   "ok    302   302   302   302   302   302"),
    post("accounts:logout",                 "ok    ok    ok    ok    ok    ok    ok"),
    get("accounts:password_reset",          "ok    ok    ok    ok    ok    ok    ok"),
    get("accounts:password_reset_done",     "ok    ok    ok    ok    ok    ok    ok"),
    get("accounts:password_reset_confirm",  "ok    ok    ok    ok    ok    ok    ok",
        uidb64=UID_A, token="khong-hop-le"),
    get("accounts:password_reset_complete", "ok    ok    ok    ok    ok    ok    ok"),
    get("accounts:password_change",         "login ok    ok    ok    ok    ok    ok"),
    get("accounts:password_change_done",    "login ok    ok    ok    ok    ok    ok"),
    get("accounts:account",                 "login ok    ok    ok    ok    ok    ok"),
    get("accounts:tokens",                  "login ok    ok    ok    ok    ok    ok"),
    post("accounts:token_revoke",           "login 404   ok    404   404   404   404", token_id=TOKEN_A),
    get("accounts:data_export",             "login ok    ok    ok    ok    ok    ok"),
    get("accounts:delete_account",          "login ok    ok    ok    ok    ok    ok"),
    # --- a shop's workspace: its members only ---
    get("sellers:register",                 "login ok    302   302   ok    ok    ok"),
    get("sellers:picker",                   "login ok    302   302   ok    ok    ok"),
    get("sellers:dashboard",                "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("sellers:profile",                  "login 404   ok    404   404   404   404", shop=SHOP_A),
    post("sellers:profile",                 "login 404   ok    404   404   404   404", shop=SHOP_A),
    post("sellers:resubmit",                "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("seller_catalog:list",              "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("seller_catalog:create",            "login 404   ok    404   404   404   404", shop=SHOP_A),
    post("seller_catalog:create",           "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("seller_catalog:edit",              "login 404   ok    404   404   404   404",
        shop=SHOP_A, pk=PRODUCT_PK),
    get("seller_catalog:edit",              "login 404   ok    404   404   404   404",
        shop=SHOP_A, pk=DRAFT_PK),
    post("seller_catalog:edit",             "login 404   ok    404   404   404   404",
         shop=SHOP_A, pk=DRAFT_PK),
    post("seller_catalog:archive",          "login 404   ok    404   404   404   404",
         shop=SHOP_A, pk=PRODUCT_PK),
    get("seller_catalog:stock",             "login 404   ok    404   404   404   404",
        shop=SHOP_A, pk=PRODUCT_PK),
    post("seller_catalog:stock",            "login 404   ok    404   404   404   404",
         shop=SHOP_A, pk=PRODUCT_PK),
    get("seller_catalog:images",            "login 404   ok    404   404   404   404",
        shop=SHOP_A, pk=PRODUCT_PK),
    post("seller_catalog:images",           "login 404   ok    404   404   404   404",
         shop=SHOP_A, pk=PRODUCT_PK),
    post("seller_catalog:image_delete",     "login 404   ok    404   404   404   404",
         shop=SHOP_A, pk=PRODUCT_PK, image_pk=IMAGE),
    get("imports:index",                    "login 404   ok    404   404   404   404", shop=SHOP_A),
    post("imports:index",                   "login 404   ok    404   404   404   404", shop=SHOP_A),
get("imports:job",
        "login 404   ok    404   404   404   404", shop=SHOP_A, job_id=JOB),
get("imports:job_file",
        "login 404   ok    404   404   404   404", shop=SHOP_A, job_id=JOB),
    get("imports:template_xlsx",            "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("imports:template_csv",             "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("imports:export",                   "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("orders:seller_orders",             "login 404   ok    404   404   404   404", shop=SHOP_A),
get("orders:seller_order",
        "login 404   ok    404   404   404   404", shop=SHOP_A, code=ORDER),
get("orders:packing_slip",
        "login 404   ok    404   404   404   404", shop=SHOP_A, code=ORDER),
    post("orders:seller_action",            "login 404   ok    404   404   404   404",
         shop=SHOP_A, code=ORDER, action="confirm"),
    get("orders:reconciliation",            "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("orders:payouts",                   "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("orders:payout_xlsx",               "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("orders:seller_reviews",            "login 404   ok    404   404   404   404", shop=SHOP_A),
post("orders:reply_review",
        "login 404   ok    404   404   404   404", shop=SHOP_A, pk=REVIEW),
    get("orders:delivery",                  "login 404   ok    404   404   404   404", shop=SHOP_A),
    post("orders:delivery",                 "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("trace:lots",                       "login 404   ok    404   404   404   404", shop=SHOP_A),
    post("trace:lots",                      "login 404   ok    404   404   404   404", shop=SHOP_A),
    get("trace:lot",                        "login 404   ok    404   404   404   404", shop=SHOP_A, pk=LOT),
    post("trace:lot",                       "login 404   ok    404   404   404   404", shop=SHOP_A, pk=LOT),
    get("trace:labels",                     "login 404   ok    404   404   404   404", shop=SHOP_A, pk=LOT),
    get("trace:qr",                         "login 404   ok    404   404   404   404",
        shop=SHOP_A, pk=LOT, kind="png"),
    get("trace:export",                     "login 404   ok    404   404   404   404", shop=SHOP_A, pk=LOT),
    post("trace:resolve_flag",              "login 404   ok    404   404   404   404",
         shop=SHOP_A, pk=LOT, flag_id=FLAG),
get("promotion:fair_apply",
        "login 404   ok    404   404   404   404", slug=FAIR, shop=SHOP_A),
post("promotion:fair_apply",
         "login 404   ok    404   404   404   404", slug=FAIR, shop=SHOP_A),
post("promotion:fair_withdraw",
         "login 404   ok    404   404   404   404", slug=FAIR, shop=SHOP_A),
    # --- officers' pages ---
    get("sellers:officer_home",             "login 403   403   403   ok    403   ok"),
    get("sellers:officer_list",             "login 403   403   403   ok    403   ok"),
    get("sellers:officer_detail",           "login 403   403   403   ok    403   ok", pk=SELLER_A),
    # SELLER_A uploaded no licence: 404 to officers (tests/sellers/test_role_homes.py serves one)
    get("sellers:officer_licence",          "login 403   403   403   404   403   404", pk=SELLER_A),
    post("sellers:officer_verify",          "login 403   403   403   ok    403   ok", pk=SELLER_A),
    post("sellers:officer_reject",          "login 403   403   403   ok    403   ok", pk=SELLER_A),
    get("trace:officer_flags",              "login 403   403   403   ok    403   ok"),
    get("promotion:officer_fairs",          "login 403   403   403   ok    403   ok"),
    get("promotion:officer_fair_new",       "login 403   403   403   ok    403   ok"),
    post("promotion:officer_fair_new",      "login 403   403   403   ok    403   ok"),
    get("promotion:officer_fair",           "login 403   403   403   ok    403   ok", slug=FAIR),
    post("promotion:officer_fair",          "login 403   403   403   ok    403   ok", slug=FAIR),
    post("promotion:officer_application",   "login 403   403   403   ok    403   ok",
         pk=APPLICATION, action="approve"),
    post("promotion:trip",                  "login 403   403   403   ok    403   ok", slug=TRIP),
    post("promotion:mou_status",            "login 403   403   403   ok    403   ok", pk=MOU),
    get("promotion:mou_document",           "login 403   403   403   ok    403   ok", pk=MOU),
    get("promotion:showroom_counter",       "login 403   403   403   ok    403   ok", slug=SHOWROOM),
    post("promotion:showroom_counter",      "login 403   403   403   ok    403   ok", slug=SHOWROOM),
    get("promotion:showroom_sale",          "login 403   403   403   ok    403   ok",
        slug=SHOWROOM, number=SALE),
    get("promotion:showroom_receive",       "login 403   403   403   ok    403   ok", slug=SHOWROOM),
    post("promotion:showroom_receive",      "login 403   403   403   ok    403   ok", slug=SHOWROOM),
    get("promotion:showroom_stock_change",  "login 403   403   403   ok    403   ok",
        slug=SHOWROOM, kind="return"),
    post("promotion:showroom_stock_change", "login 403   403   403   ok    403   ok",
         slug=SHOWROOM, kind="adjust"),
    get("promotion:showroom_moves",         "login 403   403   403   ok    403   ok", slug=SHOWROOM),
    get("promotion:showroom_settlement",    "login 403   403   403   ok    403   ok",
        {"seller": SELLER_A, "month": THIS_MONTH}, slug=SHOWROOM),
    # --- OCOP ---
    get("ocop:registry",                    "ok    ok    ok    ok    ok    ok    ok"),
    get("ocop:certificate",                 "ok    ok    ok    ok    ok    ok    ok", number=CERTIFICATE),
    get("ocop:certificate_lookup",          "302   302   302   302   302   302   302"),
    get("ocop:certificate_print",           "ok    ok    ok    ok    ok    ok    ok", number=CERTIFICATE),
    get("ocop:certificate_pdf",             "ok    ok    ok    ok    ok    ok    ok", number=CERTIFICATE),
    post("ocop:certificate_revoke",         "login 403   403   403   ok    403   ok", number=CERTIFICATE),
    get("ocop:rounds",                      "login ok    ok    ok    ok    ok    ok"),
    get("ocop:round_new",                   "login 403   403   403   ok    403   ok"),
    post("ocop:round_new",                  "login 403   403   403   ok    403   ok"),
    get("ocop:round",                       "login ok    ok    ok    ok    ok    ok", pk=ROUND),
    post("ocop:round",                      "login 403   403   403   ok    403   ok", pk=ROUND),
    get("ocop:round",                       "login 404   404   ok    ok    404   ok", pk=OTHER_ROUND),
    get("ocop:dossier_new",                 "login 403   ok    ok    403   403   403", pk=ROUND),
    post("ocop:dossier_new",                "login 403   ok    ok    403   403   403", pk=ROUND),
    get("ocop:dossiers",                    "login ok    ok    ok    ok    ok    ok"),
    get("ocop:dossier",                     "login 404   ok    404   ok    ok    ok", pk=DOSSIER),
    post("ocop:dossier",                    "login 404   ok    404   403   403   403", {"action": "submit"},
         pk=DOSSIER),
    post("ocop:dossier",                    "login 404   403   404   ok    403   ok",
         {"action": "commune", "decision": "forward"}, pk=DOSSIER),
    get("ocop:dossier",                     "login 404   404   ok    ok    404   ok", pk=OTHER_DOSSIER),
    get("ocop:dossier_edit",                "login 404   ok    404   403   403   403", pk=DOSSIER),
    post("ocop:dossier_edit",               "login 404   ok    404   403   403   403", pk=DOSSIER),
    get("ocop:attachment",                  "login 404   ok    404   ok    ok    ok",
        pk=DOSSIER, attachment_id=ATTACHMENT),
    get("ocop:sheet",                       "login 404   403   404   403   ok    403", pk=DOSSIER),
    post("ocop:sheet",                      "login 404   403   404   403   ok    403", pk=DOSSIER),
    get("ocop:sheet",                       "login 404   404   403   403   404   403", pk=OTHER_DOSSIER),
    # --- buying ---
    get("orders:cart",                      "ok    ok    ok    ok    ok    ok    ok"),
    post("orders:cart_add",                 "ok    ok    ok    ok    ok    ok    ok"),
    post("orders:cart_update",              "ok    ok    ok    ok    ok    ok    ok"),
    get("orders:checkout",                  "302   ok    302   302   302   302   302"),
    post("orders:checkout_place",           "ok    ok    ok    ok    ok    ok    ok"),
    get("orders:checkout_done",             "404   ok    404   404   404   404   404", code=CHECKOUT),
    get("orders:mine",                      "login ok    ok    ok    ok    ok    ok"),
    get("orders:addresses",                 "login ok    ok    ok    ok    ok    ok"),
    post("orders:addresses",                "login ok    ok    ok    ok    ok    ok"),
    post("orders:address_delete",           "login ok    404   404   404   404   404", pk=ADDRESS),
    get("orders:track",                     "ok    ok    ok    ok    ok    ok    ok"),
    get("orders:detail",                    "404   ok    404   404   404   404   404", code=ORDER),
    get("orders:qr_png",                    "404   ok    404   404   404   404   404", code=ORDER),
    post("orders:buyer_action",             "404   ok    404   404   404   404   404",
         code=ORDER, action="cancel"),
    post("orders:review",                   "404   ok    404   404   404   404   404",
         code=ORDER, item=ORDER_ITEM),
    # --- traceability ---
    get("trace:resolve",                    "307   307   307   307   307   307   307",
        key="01", rest=DIGITAL_LINK),
    get("trace:well_known",                 "ok    ok    ok    ok    ok    ok    ok"),
    get("trace:scan_product",               "302   302   302   302   302   302   302", product=PRODUCT),
    get("trace:scan",                       "ok    ok    ok    ok    ok    ok    ok",
        product=PRODUCT, lot=LOT_CODE),
    get("trace:certificate",                "ok    ok    ok    ok    ok    ok    ok", pk=CERTIFICATE_PK),
    get("trace:chains",                     "ok    ok    ok    ok    ok    ok    ok"),
    get("trace:chain",                      "ok    ok    ok    ok    ok    ok    ok", slug=CHAIN),
    # --- trade promotion ---
    get("promotion:events",                 "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:events_ics",             "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:trainings",              "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:contests",               "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:fairs",                  "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:fair",                   "ok    ok    ok    ok    ok    ok    ok", slug=FAIR),
    get("promotion:buy_requests",           "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:buy_request_new",        "login ok    ok    ok    ok    ok    ok"),
    post("promotion:buy_request_new",       "login ok    ok    ok    ok    ok    ok"),
    get("promotion:buy_request",            "ok    ok    ok    ok    ok    ok    ok", pk=BUY_REQUEST),
    post("promotion:buy_request",           "login ok    ok    ok    ok    ok    ok", pk=BUY_REQUEST),
    post("promotion:buy_request_close",     "login ok    403   403   ok    403   ok", pk=BUY_REQUEST),
    post("promotion:offer_accept",          "login ok    403   403   403   403   403",
         pk=BUY_REQUEST, offer_id=OFFER),
    get("promotion:offer_order",            "login ok    403   403   403   403   403",
        pk=BUY_REQUEST, offer_id=OFFER),
    post("promotion:offer_order",           "login ok    403   403   403   403   403",
         pk=BUY_REQUEST, offer_id=OFFER),
    get("promotion:showrooms",              "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:showroom",               "ok    ok    ok    ok    ok    ok    ok", slug=SHOWROOM),
    get("promotion:trips",                  "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:trip",                   "ok    ok    ok    ok    ok    ok    ok", slug=TRIP),
    get("promotion:news",                   "ok    ok    ok    ok    ok    ok    ok"),
    get("promotion:news_detail",            "ok    ok    ok    ok    ok    ok    ok", slug=NEWS),
    # --- the provincial network: the protocol's POSTs answer a form 415 for everyone alike (no role
    # counts: only a node's signature, 401 without it, tests/network/test_orders.py); the registry
    # lookup only on a registry node; officers manage peers; a cross-province order's page is its
    # unguessable transaction id (none here: 404) ---
    get("network:descriptor",               "ok    ok    ok    ok    ok    ok    ok"),
    get("network:catalog",                  "401   401   401   401   401   401   401"),
    post("network:select",                  "ok    ok    ok    ok    ok    ok    ok"),
    post("network:confirm",                 "ok    ok    ok    ok    ok    ok    ok"),
    post("network:status",                  "ok    ok    ok    ok    ok    ok    ok"),
    post("network:cancel",                  "ok    ok    ok    ok    ok    ok    ok"),
    post("network:on_status",               "ok    ok    ok    ok    ok    ok    ok"),
    post("network:lookup",                  "404   404   404   404   404   404   404"),
    get("network:checkout",                 "404   404   404   404   404   404   404", peer=999999),
    get("network:order",                    "404   404   404   404   404   404   404", transaction_id="none"),
    get("network:peers",                    "login 403   403   403   ok    403   ok"),
    post("network:peers",                   "login 403   403   403   ok    403   ok", {"url": "ftp://x"}),
    post("network:peer_confirm",            "login 403   403   403   ok    403   ok"),
    post("network:peer_suspend",            "login 403   403   403   404   403   404", pk=999999),
    post("network:peer_sync",               "login 403   403   403   404   403   404", pk=999999),
    get("network:log",                      "login 403   403   403   ok    403   ok"),
    # --- /media/: public pictures only; where private files once were, nothing ---
    media(PICTURE,                          "ok    ok    ok    ok    ok    ok    ok"),
    media(OLD_DOSSIER,                      "404   404   404   404   404   404   404"),
    media(OLD_IMPORT,                       "404   404   404   404   404   404   404"),
    media(OLD_MOU,                          "404   404   404   404   404   404   404"),
]
# fmt: on


# --- the API --------------------------------------------------------------------------------------------


@dataclass
class Operation:
    method: str
    path: str  # as the API declares it: "/products/{slug}"
    answers: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None

    def url(self, world: World) -> str:
        return "/api/v1" + self.path.format(**resolved(self.params, world))


def op(method: str, path: str, answers: str, body: Any = None, query: Any = None, **params: Any) -> Operation:
    return Operation(method, path, _answers(answers), params, query or {}, body)


NEW_PRODUCT = {
    "name": "Mật hoa dừa 500 ml",
    "category": CATEGORY,
    "unit": "chai",
    "price_vnd": 150000,
    "sku": "MHD-500",
}
CHECKOUT_BODY = {
    "buyer": {"name": "Trần Thị Bích", "phone": BUYER_PHONE},
    "address": {"street": "12 Nguyễn Đáng", "commune_code": "29242", "province_code": "86"},
    "payment_method": "cod",
}
OFFER_BODY = {"seller": SHOP_A, "unit_price_vnd": 48000, "volume": 80, "delivery_on": IN_15_DAYS}
EPCIS_DOCUMENT = W(lambda w: epcis_document(w.lot))
EPCIS_EVENT = W(lambda w: {"@context": EPCIS_CONTEXT, **epcis_document(w.lot)["epcisBody"]["eventList"][0]})

# Every API operation (method and path). A new operation needs a row here.
# fmt: off
OPERATIONS = [
    #                                                  anon  buyer sel_a sel_b offcr counc admin
    op("GET",    "/products",                         "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/marketplaces",                     "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/indicators",                       "ok    ok    ok    ok    ok    ok    ok",
       query={"from": "2022-01-01", "to": "2022-12-31"}),
    op("GET",    "/shops/{slug}/marketplaces",        "ok    ok    ok    ok    ok    ok    ok", slug=SHOP_A),
    op("GET",    "/products/{slug}",                  "ok    ok    ok    ok    ok    ok    ok", slug=PRODUCT),
    op("GET",    "/products/{slug}",                  "404   404   404   404   404   404   404", slug=DRAFT),
    op("PATCH",  "/products/{slug}",                  "401   403   ok    403   403   403   403",
       {"price_vnd": 99000}, slug=PRODUCT),
    op("PATCH",  "/products/{slug}",                  "401   404   ok    404   404   404   404",
       {"price_vnd": 99000}, slug=DRAFT),
    op("PUT",    "/products/{slug}/stock",            "401   403   ok    403   403   403   403",
       {"stock": 5, "reason": "kiểm kho"}, slug=PRODUCT),
    op("POST",   "/products/{slug}/stock/adjust",     "401   403   ok    403   403   403   403",
       {"delta": 1, "reason": "nhập thêm"}, slug=PRODUCT),
    op("GET",    "/categories",                       "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/suggest",                          "ok    ok    ok    ok    ok    ok    ok",
       query={"q": "mat"}),
    op("POST",   "/sellers/{shop_slug}/products",     "401   404   ok    404   404   404   404",
       NEW_PRODUCT, shop_slug=SHOP_A),
    op("GET",    "/shops",                            "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/shops/{slug}",                     "ok    ok    ok    ok    ok    ok    ok", slug=SHOP_A),
    op("GET",    "/provinces",                        "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/provinces/{code}/communes",        "ok    ok    ok    ok    ok    ok    ok", code="86"),
    op("GET",    "/units/legacy-lookup",              "ok    ok    ok    ok    ok    ok    ok",
       query={"province": "Trà Vinh"}),
    op("GET",    "/me",                               "401   ok    ok    ok    ok    ok    ok"),
    op("GET",    "/ocop/certificates/{number}",       "ok    ok    ok    ok    ok    ok    ok",
       number=CERTIFICATE),
    op("GET",    "/ocop/products",                    "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/ocop/stats",                       "ok    ok    ok    ok    ok    ok    ok"),
    # a guest cart's token and an order's code with its buyer's phone are the keys to them
    op("POST",   "/carts",                            "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/carts/{token}",                    "ok    ok    ok    ok    ok    ok    ok", token=CART),
    op("POST",   "/carts/{token}/items",              "ok    ok    ok    ok    ok    ok    ok",
       {"product": PRODUCT, "quantity": 1}, token=CART),
    op("DELETE", "/carts/{token}/items/{product}",    "ok    ok    ok    ok    ok    ok    ok",
       token=CART, product=PRODUCT),
    op("POST",   "/carts/{token}/checkout",           "ok    ok    ok    ok    ok    ok    ok",
       CHECKOUT_BODY, token=CART),
    op("GET",    "/orders/{code}",                    "ok    ok    ok    ok    ok    ok    ok",
       query={"phone": BUYER_PHONE}, code=ORDER),
    op("POST",   "/orders/{code}/cancel",             "ok    ok    ok    ok    ok    ok    ok",
       {"phone": BUYER_PHONE, "reason": "đổi ý"}, code=ORDER),
    op("GET",    "/products/{slug}/reviews",          "ok    ok    ok    ok    ok    ok    ok", slug=PRODUCT),
    op("GET",    "/products/{slug}/reviews",          "404   404   404   404   404   404   404", slug=DRAFT),
    op("POST",   "/orders/{code}/items/{item_id}/review", "ok    ok    ok    ok    ok    ok    ok",
       {"phone": BUYER_PHONE, "stars": 5}, code=ORDER, item_id=ORDER_ITEM),
    op("POST",   "/orders/{code}/items/{item_id}/review", "404   404   404   404   404   404   404",
       {"phone": "0911111111", "stars": 5}, code=ORDER, item_id=ORDER_ITEM),
    op("POST",   "/seller/reviews/{review_id}/reply", "401   404   ok    404   404   404   404",
       {"reply": "Cảm ơn"}, review_id=REVIEW),
    op("GET",    "/seller/orders",                    "401   ok    ok    ok    ok    ok    ok"),
    op("POST",   "/seller/orders/{code}/confirm",     "401   404   ok    404   404   404   404", code=ORDER),
    op("POST",   "/seller/orders/{code}/ship",        "401   404   ok    404   404   404   404",
       {"carrier": "VNPost", "tracking_number": "VN123"}, code=ORDER),
    op("POST",   "/seller/orders/{code}/deliver",     "401   404   ok    404   404   404   404", code=ORDER),
    op("POST",   "/seller/orders/{code}/cancel",      "401   404   ok    404   404   404   404",
       {"reason": "hết hàng"}, code=ORDER),
    op("POST",   "/seller/orders/{code}/accept-return","401   404   ok    404   404   404   404", code=ORDER),
    op("POST",   "/seller/orders/{code}/refund",      "401   404   ok    404   404   404   404", code=ORDER),
    op("POST",   "/payments/webhook",                 "401   401   401   401   401   401   401",
       {"transaction_id": "FT1", "amount": 85000, "description": "HV"}),
    op("POST",   "/vietqr/parse",                     "ok    ok    ok    ok    ok    ok    ok",
       {"payload": "x"}),
    op("POST",   "/epcis/capture",                    "401   403   ok    403   403   403   403",
       EPCIS_DOCUMENT),
    op("GET",    "/epcis/capture/{capture_id}",       "401   404   ok    404   404   404   404",
       capture_id=CAPTURE),
    op("POST",   "/epcis/events",                     "401   403   ok    403   403   403   403", EPCIS_EVENT),
    op("GET",    "/epcis/events",                     "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/trace/lots/{lot_id}/epcis",        "ok    ok    ok    ok    ok    ok    ok", lot_id=LOT),
    op("GET",    "/chains/stats",                     "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/buy-requests",                     "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/buy-requests/{request_id}",        "ok    ok    ok    ok    ok    ok    ok",
       request_id=BUY_REQUEST),
    op("POST",   "/buy-requests/{request_id}/offers", "401   404   ok    404   404   404   404",
       OFFER_BODY, request_id=BUY_REQUEST),
    op("GET",    "/fairs",                            "ok    ok    ok    ok    ok    ok    ok"),
    op("GET",    "/fairs/{slug}",                     "ok    ok    ok    ok    ok    ok    ok", slug=FAIR),
    op("GET",    "/events",                           "ok    ok    ok    ok    ok    ok    ok"),
]
# fmt: on


# --- the admin ----------------------------------------------------------------------------------------------

# Each app of the admin: the answers of its models' list and add pages (and of the admin's index, "").
# `login` is the admin's own login page here. Officers use the domain's apps; accounts stay with
# administrators. Generated rows: one per registered model, so a new ModelAdmin is covered at once.
# fmt: off
ADMIN_APPS = {
    #                           anon  buyer sel_a sel_b offcr counc admin
    "":                        "login login login login ok    login ok",
    "sellers":                 "login login login login ok    login ok",
    "catalog":                 "login login login login ok    login ok",
    "orders":                  "login login login login ok    login ok",
    "ocop":                    "login login login login ok    login ok",
    "trace":                   "login login login login ok    login ok",
    "promotion":               "login login login login ok    login ok",
    "accounts":                "login login login login 403   login ok",
    "auth":                    "login login login login 403   login ok",
    "django_tasks_database":   "login login login login 403   login ok",
}
# fmt: on
# Made only by their own flow, never typed in: no add page (403 to whoever may enter the admin).
NO_ADD_PAGE = {
    "accounts.apitoken": "a key is shown once, to its owner, on the account's tokens page",
    "catalog.stockmove": "every stock move comes from a stock change",
    "django_tasks_database.dbtaskresult": "tasks are enqueued by the code that needs them",
    "ocop.criterion": "rubrics are versioned data files (ocop/data/rubrics/)",
    "ocop.dossier": "a producer applies on the OCOP pages",
    "ocop.rubric": "rubrics are versioned data files (ocop/data/rubrics/)",
    "orders.order": "orders come from checkout",
    "orders.checkout": "checkouts come from checkout",
    "orders.deliverypolicy": "a shop sets its own delivery rules on its delivery page",
    "orders.payment": "payments come from the bank's webhook",
    "orders.review": "buyers write reviews from their delivered orders",
    "promotion.booth": "booths are laid out on the officer's fair page, given by deciding applications",
    "promotion.buyrequest": "buyers post them on the buy-request pages",
    "promotion.showroomstockmove": "every move comes from a receipt, sale, return or adjustment",
    "sellers.seller": "a seller registers itself; its account becomes the owner",
    "trace.epcisevent": "events come from capture and the lot pages",
    "trace.lot": "a shop records its lots on the lot pages",
}


def admin_rows() -> list[tuple[str, str, dict[str, str]]]:
    """(label, address, answers) for the admin's index and each registered model's list and add pages."""
    rows = [("admin index", reverse("admin:index"), _answers(ADMIN_APPS[""]))]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label_lower):
        meta = model._meta
        assert meta.app_label in ADMIN_APPS, (
            f"The admin registers {meta.label} of the app {meta.app_label!r}, which the authorisation matrix "
            f"does not know: add the app to ADMIN_APPS in {MATRIX_MODULE} with its answer for every role."
        )
        answers = _answers(ADMIN_APPS[meta.app_label])
        no_add = meta.label_lower in NO_ADD_PAGE
        add = {role: "403" if no_add and answer == OK else answer for role, answer in answers.items()}
        base = f"admin:{meta.app_label}_{meta.model_name}"
        rows.append((f"{meta.label} list", reverse(f"{base}_changelist"), answers))
        rows.append((f"{meta.label} add", reverse(f"{base}_add"), add))
    return rows


# --- asking -------------------------------------------------------------------------------------------------


def answer(response: Any, method: str, login_url: str) -> str:
    """The response as the tables write it."""
    status = response.status_code
    if response.streaming:  # a file: read to its end, which closes it as the test client means to
        b"".join(response.streaming_content)
    if status == 302 and response["Location"].startswith(f"{login_url}?next="):
        return LOGIN
    if method in ("GET", "HEAD"):
        return OK if status == 200 else str(status)
    return str(status) if str(status) in REFUSALS or status >= 500 else OK


def signed_in(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module inside a transaction rolled back at its end (each test then
    runs in its own savepoint, pytest-django's, and each request in another)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _mismatch(where: str, expected: str, got: str) -> str:
    return f"  {where}: expected {expected}, got {got}"


# --- the tests ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_rules_say(world, role):
    client = signed_in(world, role)
    login_url = resolve_url(settings.LOGIN_URL)
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    wrong = []
    for page in sorted(PAGES, key=lambda p: p.method != "GET"):  # reads first
        url = page.url(world)
        with transaction.atomic():
            if page.method == "GET":
                response = client.get(url, resolved(page.query, world))
            else:
                response = client.post(url, resolved(page.data, world))
            transaction.set_rollback(True)
        got = answer(response, page.method, login_url)
        if got != page.answers[role]:
            wrong.append(_mismatch(f"{page.method} {url} ({page.name})", page.answers[role], got))
        user = world.users[role]
        if user is not None and client.cookies.get(settings.SESSION_COOKIE_NAME) != session:
            client.force_login(user)  # the row signed the client out (logout) or in again
            session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    assert not wrong, f"As {role}:\n" + "\n".join(wrong)


def _call(client: Client, operation: Operation, world: World, **headers: str) -> Any:
    url = operation.url(world)
    query = resolved(operation.query, world)
    body = resolved(operation.body, world)
    with transaction.atomic():
        if operation.method == "GET":
            response = client.get(url, query, **headers)
        else:
            payload = json.dumps(body if body is not None else {})
            response = client.generic(operation.method, url, payload, "application/json", **headers)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_api_operation_answers_each_role_as_the_rules_say(world, role):
    """Each role with a bearer token of every scope (what each scope allows: test_token_scopes.py)."""
    client = Client(raise_request_exception=False)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.keys[role]}"} if role in world.keys else {}
    wrong = []
    for operation in OPERATIONS:
        got = answer(_call(client, operation, world, **headers), operation.method, "-")
        if got != operation.answers[role]:
            where = f"{operation.method} {operation.url(world)}"
            wrong.append(_mismatch(where, operation.answers[role], got))
    assert not wrong, f"As {role}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["seller_a", "administrator"])
def test_the_api_ignores_the_session_a_signed_in_browser_gets_what_an_anonymous_one_gets(world, role):
    client = signed_in(world, role)
    wrong = []
    for operation in OPERATIONS:
        got = answer(_call(client, operation, world), operation.method, "-")
        if got != operation.answers["anonymous"]:
            where = f"{operation.method} {operation.url(world)}"
            wrong.append(_mismatch(where, operation.answers["anonymous"], got))
    assert not wrong, f"Signed in as {role}, without a token:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_answers_each_role_as_the_rules_say(world, role):
    client = signed_in(world, role)
    login_url = reverse("admin:login")
    wrong = []
    for label, url, answers in admin_rows():
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        got = answer(response, "GET", login_url)
        if got != answers[role]:
            wrong.append(_mismatch(f"GET {url} ({label})", answers[role], got))
    assert not wrong, f"As {role}:\n" + "\n".join(wrong)


# --- nothing without a row ------------------------------------------------------------------------------


def _api_routes() -> set[str]:
    """The API's operations as the URL resolver names its routes ("api/v1/products/<slug>")."""
    from hangviet.config.api import api

    return {
        "api/v1" + path.replace("{", "<").replace("}", ">")
        for _prefix, router in api._routers
        for path in router.path_operations
    }


def _url_patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(name, route) of every URL pattern, names with their namespaces ("orders:detail")."""
    found = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            found += _url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or route
            found.append((name, route))
    return found


def test_every_url_pattern_has_a_row():
    api_routes = _api_routes()
    site = {
        name
        for name, route in _url_patterns(get_resolver())
        if not route.startswith("admin/") and route not in api_routes
    }
    rows = {page.name for page in PAGES}
    missing, stale = sorted(site - rows), sorted(rows - site)
    assert not missing, (
        f"URL patterns without a row in the authorisation matrix: {missing}. Add a row for each to PAGES in "
        f"{MATRIX_MODULE}, with its answer for every role ({', '.join(ROLES)}) as the rules at the top "
        "of that module say."
    )
    assert not stale, f"Rows of PAGES for URL patterns that no longer exist: {stale}"


def test_every_api_operation_has_a_row():
    from hangviet.config.api import api

    declared = {
        (method, prefix + path)
        for prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        for method in operation.methods
    }
    rows = {(operation.method, operation.path) for operation in OPERATIONS}
    missing, stale = sorted(declared - rows), sorted(rows - declared)
    assert not missing, (
        f"API operations without a row in the authorisation matrix: {missing}. Add a row for each to "
        f"OPERATIONS in {MATRIX_MODULE}, with its answer for every role ({', '.join(ROLES)})."
    )
    assert not stale, f"Rows of OPERATIONS for operations that no longer exist: {stale}"


def test_every_model_without_an_add_page_is_registered():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(NO_ADD_PAGE) <= registered
