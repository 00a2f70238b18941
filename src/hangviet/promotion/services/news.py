"""News posts: sanitised bodies, unique slugs, checked pictures."""

import nh3
from django.db import transaction

from hangviet.accounts.models import User
from hangviet.core import images
from hangviet.core.text import unique_slug
from hangviet.promotion.models import NewsPost
from hangviet.promotion.services._common import _full_clean, _remove
from hangviet.sellers.permissions import ensure_officer

NEWS_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "blockquote", "a"}


def sanitize_news_body(html: str) -> str:
    return nh3.clean(html or "", tags=NEWS_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")


@transaction.atomic
def save_news_post(*, actor: User, post: NewsPost) -> NewsPost:
    """An officer writes or edits a news post; the body is sanitised, the slug made unique, a new
    picture checked and re-encoded (core.images)."""
    ensure_officer(actor)
    images.check_model_image(post, "image")
    post.body = sanitize_news_body(post.body)
    if not post.slug:
        post.slug = unique_slug(NewsPost, post.title, max_length=90, fallback="muc")
    if post.author_id is None:
        post.author = actor
    _full_clean(post, exclude=["author"])
    post.save()
    return post


@transaction.atomic
def delete_news_post(*, actor: User, post: NewsPost) -> None:
    ensure_officer(actor)
    _remove(post)
