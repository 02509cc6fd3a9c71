"""The storage of offerings' past details (``registry.details`` writes and reads it)."""

from __future__ import annotations

from django.db import models

from trustreg.dbfields import OrderedJSONField
from trustreg.registry.models import Offering, Party


class OfferingDetailsSpan(models.Model):
    """An offering's details (the ``Offering`` columns below) as they were over a stretch of the past:
    valid for every cut ``c`` (changes published before ``c``) with ``since < c <= until``; ``since``
    None is from before anything was recorded. Today's details are the ``Offering`` row, valid after
    its last span's ``until``. Written only by ``registry.details.details_keep`` (for the load) in
    the transaction that changes the row; a database older than this table knows one state."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="details_spans")
    since = models.DateTimeField(null=True, blank=True)
    until = models.DateTimeField()
    name = models.CharField(max_length=200)
    developer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=30, choices=Offering.Category.choices)
    model_family = models.CharField(max_length=120, blank=True)
    summary = models.TextField(blank=True)
    sort_order = models.IntegerField(default=0)
    extra = OrderedJSONField(default=dict, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["offering", "until"], name="details_offering_until_idx")]
