app_name = "ocop"

urlpatterns: list = []
