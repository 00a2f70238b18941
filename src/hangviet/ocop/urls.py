from django.urls import path

from hangviet.ocop import views

app_name = "ocop"

urlpatterns = [
    path("ocop/", views.registry, name="registry"),
    path("ocop/certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("ocop/certificates/<str:number>/", views.certificate, name="certificate"),
    path("ocop/certificates/<str:number>/print/", views.certificate_print, name="certificate_print"),
    path("ocop/certificates/<str:number>/certificate.pdf", views.certificate_file, name="certificate_pdf"),
    path("ocop/certificates/<str:number>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("ocop/rounds/", views.rounds, name="rounds"),
    path("ocop/rounds/new/", views.round_new, name="round_new"),
    path("ocop/rounds/<int:pk>/", views.round_detail, name="round"),
    path("ocop/rounds/<int:pk>/apply/", views.dossier_new, name="dossier_new"),
    path("ocop/dossiers/", views.dossiers, name="dossiers"),
    path("ocop/dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("ocop/dossiers/<int:pk>/edit/", views.dossier_edit, name="dossier_edit"),
    path("ocop/dossiers/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("ocop/dossiers/<int:pk>/sheet/", views.sheet, name="sheet"),
]
