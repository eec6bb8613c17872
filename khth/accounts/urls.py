from django.urls import path

from khth.accounts import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("people/", views.people, name="people"),
    path("people/new/", views.user_new, name="user-new"),
    path("people/<str:username>/", views.person, name="person"),
]
