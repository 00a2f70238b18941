"""Demo news posts."""

import datetime

from hangviet.accounts.models import User
from hangviet.promotion.demo._common import _aware, _Report
from hangviet.promotion.models import NewsPost
from hangviet.promotion.services import news


def build_news(officer: User, r: _Report, today: datetime.date) -> None:
    posts = (
        (
            "khai-mac-hoi-cho-ocop-tra-vinh-2022",
            "Khai mạc Hội chợ triển lãm sản phẩm CNNT – OCOP Trà Vinh 2022",
            "270 gian hàng của 120 đơn vị, doanh nghiệp tham gia.",
            _aware(datetime.date(2022, 5, 6)),
        ),
        (
            "ra-mat-3-cua-hang-ocop-2022",
            "Ra mắt 3 cửa hàng giới thiệu sản phẩm OCOP tại điểm du lịch",
            "Cồn Chim, biển Ba Động và Ao Bà Om: khoảng 200 sản phẩm trưng bày và bán.",
            _aware(datetime.date(2022, 9, 1)),
        ),
        (
            f"hoi-cho-ocop-vinh-long-{today.year}",
            f"Mở đăng ký gian hàng Hội chợ OCOP và hàng Việt {today.year}",
            "Người bán đã xác minh đăng ký gian hàng trực tuyến trên HàngViệt.",
            _aware(today - datetime.timedelta(days=7)),
        ),
    )
    existing = set(NewsPost.objects.filter(slug__in=[p[0] for p in posts]).values_list("slug", flat=True))
    for slug, title, summary, at in posts:
        if slug not in existing:
            post = NewsPost(
                slug=slug, title=title, summary=summary, body=f"<p>{summary}</p>", published_at=at
            )
            news.save_news_post(actor=officer, post=post)
            r.add("news posts", 1)
