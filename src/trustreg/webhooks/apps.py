from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "trustreg.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After a transaction that recorded events commits, queue their dispatch (not a signal: the
        # outbox calls its registered listeners from the services' own on_commit hook).
        from trustreg.outbox.services import on_committed
        from trustreg.webhooks.tasks import enqueue_dispatch

        on_committed(enqueue_dispatch)
