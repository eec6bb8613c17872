from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from khth.api.urls import api
from khth.home.views import home
from khth.web import guide, views

urlpatterns = [
    path("", home, name="home"),
    path("", include("khth.accounts.urls")),
    path("units/", include("khth.units.urls")),
    path("reports/", include("khth.reports.urls")),
    path("reports/", include("khth.synthesis.urls")),
    path("plans/", include("khth.plans.urls")),
    path("evaluations/", include("khth.evaluations.urls")),
    path("records/", include("khth.docsystem.records.urls")),
    path("register/", include("khth.docsystem.register.urls")),
    path("awards/", include("khth.awards.urls")),
    path("coordination/", include("khth.coordination.urls")),
    path("directives/", include("khth.directives.urls")),
    path("inspections/", include("khth.inspections.urls")),
    path("reviews/", include("khth.reviews.urls")),
    path("practice/", include("khth.practice.urls")),
    path("search/", include("khth.search.urls")),
    path("notifications/", include("khth.notifications.views")),
    path("regulation/", views.regulation_page, name="regulation"),
    path("guide/", guide.guide, name="guide"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
]

handler500 = "khth.web.errors.server_error"
