"""News posts."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from hangviet.promotion import queries


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.published_news(), 12).get_page(request.GET.get("page"))
    return render(request, "promotion/news_list.html", {"page": page})


@require_safe
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(queries.published_news(), slug=slug)
    return render(request, "promotion/news_detail.html", {"post": post})
