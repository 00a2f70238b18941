from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "hangviet.syndication"
    label = "syndication"
    verbose_name = _("Đưa sản phẩm ra các kênh khác")
