from __future__ import annotations

from django import forms

from trustreg.outbox.models import OutboxEvent


class SubscriptionForm(forms.Form):
    url = forms.URLField(max_length=2048, assume_scheme="https",
                         help_text="Public http(s) address of the receiver; private addresses are refused.")
    description = forms.CharField(max_length=200, required=False)
    event_types = forms.MultipleChoiceField(choices=OutboxEvent.Type.choices, widget=forms.CheckboxSelectMultiple)


class DisableForm(forms.Form):
    reason = forms.CharField(max_length=500, initial="Disabled by an admin")
