"""Workbench and correction forms: parse and size-limit input; services do the real validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from trustreg.domain.bundle import LIMITS
from trustreg.domain.catalogue import Dimension, FactType
from trustreg.domain.cells import CitationRole, Decision, SourceKind
from trustreg.domain.factinput import parse_fact
from trustreg.domain.grades import Confidence, Grade, grade_label
from trustreg.evidence.models import Source
from trustreg.evidence.services import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES
from trustreg.flags.models import Flag
from trustreg.registry.models import Revision
from trustreg.workbench.corrections import Triage
from trustreg.workbench.drafts import CELL_FIELDS
from trustreg.workbench.models import Correction

GRADE_CHOICES = [(g.value, grade_label(g.value)) for g in Grade]
URL_MAX = 2000


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class SourceForm(forms.Form):
    url = forms.URLField(max_length=URL_MAX, assume_scheme="https")
    kind = forms.ChoiceField(choices=[(k.value, k.value) for k in SourceKind])
    publisher = forms.CharField(max_length=LIMITS["publisher"], required=False)
    title = forms.CharField(max_length=LIMITS["title"], required=False)
    canonical_url = forms.URLField(max_length=URL_MAX, required=False, assume_scheme="https")
    archived_url = forms.URLField(max_length=URL_MAX, required=False, assume_scheme="https")


class SnapshotForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=MAX_TEXT_CHARS,
        strip=False,
        help_text="Paste the source's text, or upload a file below.",
    )
    file = forms.FileField(
        required=False, help_text=f"Text or HTML, at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        f = data.get("file")
        if f is not None and f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is {f.size} bytes; the limit is {MAX_UPLOAD_BYTES}.")
        if not data.get("text", "").strip() and f is None:
            raise forms.ValidationError("Paste the text or upload a file.")
        if data.get("text", "").strip() and f is not None:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        return data


class CitationForm(forms.Form):
    source = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=LIMITS["quote"]
    )
    role = forms.ChoiceField(
        choices=[(r.value, r.value) for r in CitationRole], initial=CitationRole.SUPPORTS.value
    )
    primary = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "source").choices = [("", "(none)")] + [
            (s.pk, f"{s.title or s.url} · {s.kind}") for s in Source.objects.order_by("url")
        ]


CitationFormSet = forms.formset_factory(CitationForm, extra=2, max_num=30, validate_max=True)


class CellForm(forms.Form):
    grade = forms.ChoiceField(required=False)
    confidence = forms.ChoiceField(
        choices=[("", "(none)")] + [(c.value, c.value) for c in Confidence], required=False
    )
    summary = forms.CharField(max_length=LIMITS["summary"], required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=LIMITS["notes"], required=False
    )
    tier = forms.CharField(max_length=60, required=False)
    route = forms.CharField(max_length=60, required=False)
    default = forms.CharField(max_length=60, required=False)
    geography = forms.CharField(max_length=LIMITS["geography"], required=False)
    verified = forms.DateField(
        required=False,
        help_text="YYYY-MM-DD: the day the evidence was checked.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    caveat = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=LIMITS["caveat"], required=False
    )
    override_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=LIMITS["override_reason"], required=False
    )
    kind = forms.ChoiceField(choices=Revision.Kind.choices, label="Kind of change")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=LIMITS["reason"], label="Why the cell changes"
    )

    def __init__(self, *args: Any, dimension: Dimension, scope_allowed: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.dimension = dimension
        first = [("", "(no grade: scope entry on the inherited cell)")] if scope_allowed else []
        choice_field(self, "grade").choices = first + GRADE_CHOICES
        self.fields["grade"].required = not scope_allowed
        for key, spec in dimension.facts.items():
            widget = (
                forms.Textarea(attrs={"rows": 2}) if spec.type is FactType.STRING_LIST else forms.TextInput()
            )
            self.fields[f"fact_{key}"] = forms.CharField(
                label=f"fact {key} ({spec.type.value})",
                required=False,
                max_length=2000,
                widget=widget,
                help_text=spec.description,
            )

    def fact_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("fact_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        facts = {}
        for key, spec in self.dimension.facts.items():
            text = data.get(f"fact_{key}", "")
            if text.strip():
                try:
                    facts[key] = parse_fact(text, spec.type)
                except ValueError as exc:
                    self.add_error(f"fact_{key}", f"{spec.type.value} expected: {exc}")
        data["facts"] = facts
        return data

    def cell_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        out = {k: d.get(k) for k in CELL_FIELDS if k != "verified"}
        verified: dt.date | None = d.get("verified")
        out["verified"] = verified.isoformat() if verified else None
        out["facts"] = d.get("facts") or {}
        return out


class FlagDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(Decision.DISMISSED.value, "Dismiss"), (Decision.RESOLVED.value, "Resolve")]
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=LIMITS["reason"])


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(choices=Correction.Outcome.choices)
    public_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LIMITS["reason"],
        label="Public reason",
        help_text="Shown on the submitter's status page and, once published, in the changelog and feeds.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LIMITS["reason"],
        required=False,
        label="Internal note",
        help_text="For maintainers only: never shown publicly.",
    )
    target = forms.ChoiceField(
        required=False,
        choices=[
            ("", "(the offering's own cell)"),
            ("party", "change the party cell (every offering listed below)"),
            ("offering", "override on this offering only"),
        ],
        label="Where the change goes",
    )
    override_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LIMITS["override_reason"],
        required=False,
        label="Why this offering differs (for an override)",
    )
    source_kind = forms.ChoiceField(
        choices=[(k.value, k.value) for k in SourceKind], initial=SourceKind.OTHER.value,
        label="Kind of the evidence source",
    )
    source_primary = forms.BooleanField(required=False, label="The evidence is a primary source")

    def triage(self) -> Triage:
        return Triage(**self.cleaned_data)


class QueueFilterForm(forms.Form):
    AGES = [
        ("", "any age"),
        ("1", "older than 1 day"),
        ("7", "older than 7 days"),
        ("30", "older than 30 days"),
    ]
    # A search (an id, or part of a name or id), never a list of every offering in the registry.
    offering = forms.CharField(
        required=False, max_length=80, strip=True,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "id or name", "autocomplete": "off"}),
    )
    dimension = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", "any kind")] + Flag.Kind.choices)
    age = forms.ChoiceField(required=False, choices=AGES)
    status = forms.ChoiceField(required=False, choices=[("open", "open"), ("all", "all")])

    def __init__(self, *args: Any, dimensions: list[tuple[str, str]], **kw: Any):
        super().__init__(*args, **kw)
        choice_field(self, "dimension").choices = [("", "any question")] + dimensions


class CorrectionForm(forms.Form):
    proposed_grade = forms.ChoiceField(required=False, choices=[("", "(no change)")] + GRADE_CHOICES)
    proposed_fact_key = forms.ChoiceField(required=False, label="Fact")
    proposed_fact_value = forms.CharField(required=False, max_length=2000, label="Fact value")
    evidence_url = forms.URLField(
        max_length=URL_MAX,
        label="Evidence URL",
        assume_scheme="https",
        help_text="Required: the page that shows the registry is wrong.",
    )
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LIMITS["quote"],
        label="Supporting quote",
        help_text="The exact words on that page.",
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        label="Anything else we should know",
    )
    name = forms.CharField(required=False, max_length=120, label="Your name (optional)")
    email = forms.EmailField(required=False, max_length=254, label="Your email (optional, never published)")
    credit_consent = forms.BooleanField(required=False, label="Credit me by name in the changelog")
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill every field.
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")

    def __init__(self, *args: Any, dimension: Dimension, **kw: Any):
        super().__init__(*args, **kw)
        choice_field(self, "proposed_fact_key").choices = [("", "(no fact)")] + [(k, k) for k in dimension.facts]
