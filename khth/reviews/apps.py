from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "khth.reviews"
    label = "reviews"
    verbose_name = "Reviews (sơ kết, tổng kết)"

    def ready(self) -> None:
        # A finished review's key tasks are items the unit's next plans must cover
        # (khth/reviews/carried.py, through the plans cascade's item sources).
        from khth.plans.cascade import add_item_source
        from khth.reviews.carried import review_items

        add_item_source(review_items)
