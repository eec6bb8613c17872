from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "khth.notifications"
    label = "notifications"
    verbose_name = "Notifications"
