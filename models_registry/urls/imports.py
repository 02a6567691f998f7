from django.urls import path

from ..views import imports

urlpatterns = [
    path("imports/", imports.import_index, name="import_index"),
    path("imports/template/", imports.import_template, name="import_template"),
    path("imports/sample/", imports.import_sample, name="import_sample"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/status/", imports.import_status, name="import_status"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
]
