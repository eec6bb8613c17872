from django.urls import path

from khth.units import views

urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("import/", views.unit_import, name="unit-import"),
    path("export.csv", views.unit_export, name="unit-export"),
    path("suggest/", views.unit_suggest, name="unit-suggest"),
    path("<str:code>/", views.unit_detail, name="unit-detail"),
    path("<str:code>/children/", views.unit_children, name="unit-children"),
    path("<str:code>/edit/", views.unit_edit, name="unit-edit"),
    path("<str:code>/add/", views.unit_add, name="unit-add"),
    path("<str:code>/move/", views.unit_move, name="unit-move"),
    path("<str:code>/dissolve/", views.unit_dissolve, name="unit-dissolve"),
    path("<str:code>/merge/", views.unit_merge, name="unit-merge"),
]
