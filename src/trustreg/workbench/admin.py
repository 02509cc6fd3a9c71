"""Django admin for admins only; maintainers' daily work happens in the workbench pages."""

from django.contrib import admin

from trustreg.flags.models import Flag
from trustreg.workbench.models import Correction, Draft


class ReadOnly(admin.ModelAdmin):
    """Rows are written by services only (audit and revisions); the admin may look, not write."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnly):
    list_display = ("title", "kind", "status", "created_at")
    list_filter = ("kind", "status")


@admin.register(Draft)
class DraftAdmin(ReadOnly):
    list_display = ("id", "holder", "dimension", "kind", "status", "author")
    list_filter = ("status", "kind")


@admin.register(Correction)
class CorrectionAdmin(ReadOnly):
    list_display = ("id", "offering", "dimension", "status", "outcome", "created_at")
    list_filter = ("status", "outcome")
