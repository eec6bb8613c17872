from django.urls import URLPattern

from khth.synthesis import views

urlpatterns: list[URLPattern] = [*views.urlpatterns]
