from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SellersConfig(AppConfig):
    name = "hangviet.sellers"
    label = "sellers"
    # A context of its own: the plain msgid "Người bán" is one seller ("Seller") on every page, and
    # catalogs merge across rooms (this room's would win over the others').
    verbose_name = pgettext_lazy("admin section", "Người bán")
