from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "khth.reviews"
    label = "reviews"
    verbose_name = "Reviews (sơ kết, tổng kết)"
