from django.urls import path

from hangviet.promotion.views import events, fairs, news, showrooms, sourcing, trips

app_name = "promotion"

urlpatterns = [
    path("events/", events.events, name="events"),
    path("events.ics", events.events_ics, name="events_ics"),
    path("events/trainings/", events.trainings, name="trainings"),
    path("events/contests/", events.contests, name="contests"),
    path("fairs/", fairs.fair_list, name="fairs"),
    path("fairs/<slug:slug>/", fairs.fair_detail, name="fair"),
    path("fairs/<slug:slug>/apply/<slug:shop>/", fairs.fair_apply, name="fair_apply"),
    path("fairs/<slug:slug>/apply/<slug:shop>/withdraw/", fairs.fair_withdraw, name="fair_withdraw"),
    path("officer/fairs/", fairs.officer_fairs, name="officer_fairs"),
    path("officer/fairs/new/", fairs.officer_fair_new, name="officer_fair_new"),
    path("officer/fairs/<slug:slug>/", fairs.officer_fair, name="officer_fair"),
    path(
        "officer/applications/<int:pk>/<str:action>/", fairs.officer_application, name="officer_application"
    ),
    path("buy-requests/", sourcing.buy_request_list, name="buy_requests"),
    path("buy-requests/new/", sourcing.buy_request_new, name="buy_request_new"),
    path("buy-requests/<int:pk>/", sourcing.buy_request_detail, name="buy_request"),
    path("buy-requests/<int:pk>/close/", sourcing.buy_request_close, name="buy_request_close"),
    path("buy-requests/<int:pk>/offers/<int:offer_id>/accept/", sourcing.offer_accept, name="offer_accept"),
    path("buy-requests/<int:pk>/offers/<int:offer_id>/order/", sourcing.offer_order, name="offer_order"),
    path("showrooms/", showrooms.showroom_list, name="showrooms"),
    path("showrooms/<slug:slug>/", showrooms.showroom_detail, name="showroom"),
    path("showrooms/<slug:slug>/counter/", showrooms.showroom_counter, name="showroom_counter"),
    path("showrooms/<slug:slug>/sales/<str:number>/", showrooms.showroom_sale, name="showroom_sale"),
    path("showrooms/<slug:slug>/receive/", showrooms.showroom_receive, name="showroom_receive"),
    path(
        "showrooms/<slug:slug>/stock/<str:kind>/",
        showrooms.showroom_stock_change,
        name="showroom_stock_change",
    ),
    path("showrooms/<slug:slug>/moves/", showrooms.showroom_moves, name="showroom_moves"),
    path("showrooms/<slug:slug>/settlement.xlsx", showrooms.showroom_settlement, name="showroom_settlement"),
    path("trips/", trips.trip_list, name="trips"),
    path("trips/<slug:slug>/", trips.trip_detail, name="trip"),
    path("trips/mous/<int:pk>/status/", trips.mou_status, name="mou_status"),
    path("trips/mous/<int:pk>/document.pdf", trips.mou_document, name="mou_document"),
    path("news/", news.news_list, name="news"),
    path("news/<slug:slug>/", news.news_detail, name="news_detail"),
]
