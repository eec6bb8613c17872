from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "khth.practice"
    label = "practice"
    verbose_name = "Good practice (điển hình tiên tiến)"

    def ready(self) -> None:
        # The report, plan and typed-document editors offer models of the kind being written
        # («Xem mẫu điển hình», khth/web/examples.py) without importing this room.
        from khth.practice.access import examples_for
        from khth.web.examples import add_examples_source

        add_examples_source(examples_for)
