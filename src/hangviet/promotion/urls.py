from django.urls import path

from hangviet.promotion import views

app_name = "promotion"

urlpatterns = [
    path("events/", views.events, name="events"),
    path("events.ics", views.events_ics, name="events_ics"),
    path("events/trainings/", views.trainings, name="trainings"),
    path("events/contests/", views.contests, name="contests"),
    path("fairs/", views.fair_list, name="fairs"),
    path("fairs/<slug:slug>/", views.fair_detail, name="fair"),
    path("fairs/<slug:slug>/apply/<slug:shop>/", views.fair_apply, name="fair_apply"),
    path("fairs/<slug:slug>/apply/<slug:shop>/withdraw/", views.fair_withdraw, name="fair_withdraw"),
    path("officer/fairs/", views.officer_fairs, name="officer_fairs"),
    path("officer/fairs/new/", views.officer_fair_new, name="officer_fair_new"),
    path("officer/fairs/<slug:slug>/", views.officer_fair, name="officer_fair"),
    path(
        "officer/applications/<int:pk>/<str:action>/", views.officer_application, name="officer_application"
    ),
    path("buy-requests/", views.buy_request_list, name="buy_requests"),
    path("buy-requests/new/", views.buy_request_new, name="buy_request_new"),
    path("buy-requests/<int:pk>/", views.buy_request_detail, name="buy_request"),
    path("buy-requests/<int:pk>/close/", views.buy_request_close, name="buy_request_close"),
    path("buy-requests/<int:pk>/offers/<int:offer_id>/accept/", views.offer_accept, name="offer_accept"),
    path("buy-requests/<int:pk>/offers/<int:offer_id>/order/", views.offer_order, name="offer_order"),
    path("showrooms/", views.showroom_list, name="showrooms"),
    path("showrooms/<slug:slug>/", views.showroom_detail, name="showroom"),
    path("showrooms/<slug:slug>/counter/", views.showroom_counter, name="showroom_counter"),
    path("showrooms/<slug:slug>/sales/<str:number>/", views.showroom_sale, name="showroom_sale"),
    path("showrooms/<slug:slug>/receive/", views.showroom_receive, name="showroom_receive"),
    path(
        "showrooms/<slug:slug>/stock/<str:kind>/", views.showroom_stock_change, name="showroom_stock_change"
    ),
    path("showrooms/<slug:slug>/moves/", views.showroom_moves, name="showroom_moves"),
    path("showrooms/<slug:slug>/settlement.xlsx", views.showroom_settlement, name="showroom_settlement"),
    path("trips/", views.trip_list, name="trips"),
    path("trips/<slug:slug>/", views.trip_detail, name="trip"),
    path("trips/mous/<int:pk>/status/", views.mou_status, name="mou_status"),
    path("trips/mous/<int:pk>/document.pdf", views.mou_document, name="mou_document"),
    path("news/", views.news_list, name="news"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
]
