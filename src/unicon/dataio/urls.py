from django.urls import path

from unicon.dataio import views, views_exports

urlpatterns = [
    path("dashboard/", views.dashboard, name="dataio-dashboard"),
    path("manage/import/", views.import_home, name="dataio-import-home"),
    path("manage/import/template.xlsx", views.import_template, name="dataio-import-template"),
    path("manage/import/<uuid:public_id>/", views.import_detail, name="dataio-import"),
    path(
        "manage/import/<uuid:public_id>/commit/", views.import_commit, name="dataio-import-commit"
    ),
    path(
        "manage/import/<uuid:public_id>/progress/",
        views.import_progress,
        name="dataio-import-progress",
    ),
    path("exports/", views_exports.exports, name="dataio-exports"),
    path(
        "exports/<uuid:public_id>/download/",
        views_exports.export_download,
        name="dataio-export-download",
    ),
    path(
        "manage/import/<uuid:public_id>/errors.xlsx",
        views.import_errors,
        name="dataio-import-errors",
    ),
]
