"""The seller's product management pages, under /seller/<shop>/products/ (members of the shop only).

A product is always looked up among the products of a shop the signed-in user belongs to, so another
shop's products answer 404 whatever their id; the services check the membership again on every write.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hangviet.catalog import queries, services, stock
from hangviet.catalog.forms import ImageForm, ProductFilterForm, ProductForm, StockForm
from hangviet.catalog.models import Product, ProductImage
from hangviet.core.errors import ValidationFailed
from hangviet.core.forms import show_service_errors
from hangviet.core.money import format_vnd
from hangviet.core.text import fold
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import member_shop

PAGE_SIZE = 50
MOVES_PAGE_SIZE = 50


def _shop(request: HttpRequest, shop: str) -> Seller:
    """The shop if the signed-in user is one of its members; 404 otherwise."""
    return member_shop(request.user, shop)


def _product(seller: Seller, pk: int) -> Product:
    return get_object_or_404(queries.products_of(seller), pk=pk)


@login_required
def product_list(request: HttpRequest, shop: str) -> HttpResponse:
    """Every product of the shop (drafts and archived too), filtered by status, searched by name or SKU."""
    seller = _shop(request, shop)
    filters = ProductFilterForm(request.GET or None)
    products = queries.products_of(seller).prefetch_related("images").order_by("-created_at", "-pk")
    if filters.is_valid():
        if status := filters.cleaned_data["status"]:
            products = products.filter(status=status)
        if q := filters.cleaned_data["q"].strip():
            products = products.filter(Q(name_folded__contains=fold(q)) | Q(sku__icontains=q))
        if filters.cleaned_data["low_stock"]:
            products = products.filter(pk__in=queries.low_stock(seller).values("pk"))
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    for product in page.object_list:
        product.price_display = format_vnd(product.price_vnd)  # type: ignore[attr-defined]
        product.first_image = next(iter(product.images.all()), None)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/seller/product_list.html",
        {"seller": seller, "filters": filters, "page": page, "query": query.urlencode()},
    )


@login_required
def product_create(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _shop(request, shop)
    if request.method == "POST":
        form = ProductForm(
            request.POST, request.FILES, seller=seller, creating=True, instance=Product(seller=seller)
        )
        if form.is_valid():
            try:
                product = services.create_product(
                    actor=request.user,  # type: ignore[arg-type]
                    seller=seller,
                    stock=form.cleaned_data["stock"],
                    images=form.cleaned_data["images"],
                    **form.service_fields(),
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm sản phẩm %(name)s.") % {"name": product.name})
                return redirect("seller_catalog:edit", shop=seller.slug, pk=product.pk)
    else:
        form = ProductForm(seller=seller, creating=True, instance=Product(seller=seller))
    return render(
        request, "catalog/seller/product_form.html", {"seller": seller, "form": form, "product": None}
    )


@login_required
def product_edit(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    seller = _shop(request, shop)
    product = _product(seller, pk)
    # The form writes into its instance while validating: give it a copy, keep `product` as stored.
    instance = queries.products_of(seller).get(pk=product.pk)
    if request.method == "POST":
        form = ProductForm(request.POST, seller=seller, creating=False, instance=instance)
        if form.is_valid():
            try:
                services.update_product(actor=request.user, product=product, **form.service_fields())  # type: ignore[arg-type]
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu sản phẩm."))
                return redirect("seller_catalog:edit", shop=seller.slug, pk=product.pk)
    else:
        form = ProductForm(seller=seller, creating=False, instance=instance)
    return render(
        request, "catalog/seller/product_form.html", {"seller": seller, "form": form, "product": product}
    )


@login_required
@require_POST
def product_archive(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    seller = _shop(request, shop)
    product = _product(seller, pk)
    services.archive_product(actor=request.user, product=product)  # type: ignore[arg-type]
    messages.success(request, _("Đã lưu trữ sản phẩm %(name)s.") % {"name": product.name})
    return redirect("seller_catalog:list", shop=seller.slug)


@login_required
def product_stock(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    """Adjust the stock by a delta with a reason; the history of every stock move is shown below."""
    seller = _shop(request, shop)
    product = _product(seller, pk)
    status = 200
    if request.method == "POST":
        form = StockForm(request.POST)
        if form.is_valid():
            try:
                stock.adjust_stock(
                    actor=request.user,  # type: ignore[arg-type]
                    product=product,
                    delta=form.cleaned_data["delta"],
                    reason=form.cleaned_data["reason"],
                )
            except stock.InsufficientStock as exc:
                form.add_error(
                    "delta",
                    _("Không đủ hàng: hiện còn %(available)s, không thể giảm %(n)s.")
                    % {
                        "available": exc.details.get("available", product.stock),
                        "n": -form.cleaned_data["delta"],
                    },
                )
            else:
                messages.success(request, _("Đã cập nhật tồn kho."))
                return redirect("seller_catalog:stock", shop=seller.slug, pk=product.pk)
        status = 422
    else:
        form = StockForm()
    page = Paginator(product.stock_moves.select_related("actor"), MOVES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "catalog/seller/product_stock.html",
        {"seller": seller, "product": product, "form": form, "page": page},
        status=status,
    )


@login_required
def product_images(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    seller = _shop(request, shop)
    product = _product(seller, pk)
    status = 200
    if request.method == "POST":
        form = ImageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                added = services.add_product_images(
                    actor=request.user,  # type: ignore[arg-type]
                    product=product,
                    uploaded_files=form.cleaned_data["image"],
                    alt=form.cleaned_data["alt"],
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext("Đã thêm %(n)s ảnh.", "Đã thêm %(n)s ảnh.", len(added)) % {"n": len(added)},
                )
                return redirect("seller_catalog:images", shop=seller.slug, pk=product.pk)
        status = 422
    else:
        form = ImageForm()
    return render(
        request,
        "catalog/seller/product_images.html",
        {"seller": seller, "product": product, "form": form, "images": product.images.all()},
        status=status,
    )


@login_required
@require_POST
def image_delete(request: HttpRequest, shop: str, pk: int, image_pk: int) -> HttpResponse:
    seller = _shop(request, shop)
    product = _product(seller, pk)
    image = get_object_or_404(
        ProductImage.objects.select_related("product__seller"), pk=image_pk, product=product
    )
    services.remove_product_image(actor=request.user, image=image)  # type: ignore[arg-type]
    messages.success(request, _("Đã xoá ảnh."))
    return redirect("seller_catalog:images", shop=seller.slug, pk=product.pk)
