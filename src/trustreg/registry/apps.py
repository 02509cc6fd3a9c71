from typing import Any

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "trustreg.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from trustreg.evidence.signals import quote_states_changed

        quote_states_changed.connect(_quote_states_changed, dispatch_uid="registry.resolved_grades")


def _quote_states_changed(sender: Any, *, source_ids: list[int], **kwargs: Any) -> None:
    """A quote found or lost moves the stored grades of every offering citing its source."""
    from trustreg.registry.resolved import offerings_affected, resolved_grades_refresh

    resolved_grades_refresh(offerings_affected(source_ids=source_ids))
