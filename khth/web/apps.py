from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class WebConfig(AppConfig):
    name = "khth.web"
    label = "web"
    verbose_name = "Web interface"

    def ready(self) -> None:
        from khth.lib import request_memo

        request_started.connect(request_memo.start, dispatch_uid="khth-request-memo-start")
        request_finished.connect(request_memo.end, dispatch_uid="khth-request-memo-end")
