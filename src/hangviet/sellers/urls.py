from django.urls import path

from hangviet.sellers import views

app_name = "sellers"

urlpatterns = [
    path("sell/register/", views.register, name="register"),
    path("seller/", views.shop_picker, name="picker"),
    path("seller/<slug:shop>/", views.dashboard, name="dashboard"),
    path("seller/<slug:shop>/profile/", views.profile, name="profile"),
    path("seller/<slug:shop>/resubmit/", views.resubmit, name="resubmit"),
    path("officer/", views.officer_home, name="officer_home"),
    path("officer/sellers/", views.officer_list, name="officer_list"),
    path("officer/sellers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officer/sellers/<int:pk>/licence/", views.officer_licence, name="officer_licence"),
    path("officer/sellers/<int:pk>/verify/", views.officer_verify, name="officer_verify"),
    path("officer/sellers/<int:pk>/reject/", views.officer_reject, name="officer_reject"),
]
