"""Storage of the registry: parties, the dimension catalogue, offerings and cells.

Models hold data only. Every write goes through ``trustreg.registry.services``; every read used by
pages, API and exports goes through ``trustreg.registry.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from trustreg.dbfields import OrderedJSONField
from trustreg.domain.catalogue import Level
from trustreg.domain.grades import Confidence, Grade

GRADE_CHOICES = [(g.value, g.value) for g in Grade]
CONFIDENCE_CHOICES = [(c.value, c.value) for c in Confidence]


class RegistryInfo(models.Model):
    """Registry-wide metadata (name, licence, disclaimer); a single row."""

    name = models.CharField(max_length=200, default="Trust Registry")
    license = models.TextField(blank=True)
    disclaimer = models.TextField(blank=True)
    extra = OrderedJSONField(default=dict, blank=True)


class Party(models.Model):
    """An organisation acting as model developer, serving platform, or both."""

    id = models.SlugField(primary_key=True, max_length=80)
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True, null=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name


class DimensionGroup(models.Model):
    id = models.CharField(primary_key=True, max_length=60)
    label = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    # Informational groups: never watch-outs, never in data.json (see domain.catalogue.Group).
    informational = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class Dimension(models.Model):
    """One question asked of every offering. The catalogue is data: see dimensions.yaml."""

    id = models.CharField(primary_key=True, max_length=60)
    label = models.CharField(max_length=80)
    question = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    group = models.ForeignKey(DimensionGroup, on_delete=models.PROTECT, related_name="dimensions")
    level = models.CharField(max_length=20, choices=[(lv.value, lv.value) for lv in Level])
    slug = models.SlugField(max_length=80, unique=True)
    freshness_days = models.PositiveIntegerField()
    # {"fact_key": {"type": "string", "description": "..."}}
    facts = OrderedJSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class Offering(models.Model):
    """A way to buy a model: developer x platform (+ model family)."""

    class Category(models.TextChoices):
        FIRST_PARTY = "first_party", "first party"
        CLOUD_DISTRIBUTION = "cloud_distribution", "cloud distribution"

    id = models.SlugField(primary_key=True, max_length=80)
    name = models.CharField(max_length=200)
    developer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="developed_offerings")
    platform = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="served_offerings")
    category = models.CharField(max_length=30, choices=Category.choices)
    model_family = models.CharField(max_length=120, blank=True)
    summary = models.TextField(blank=True)
    sort_order = models.IntegerField(default=0)
    # Keys of imported data we do not model, kept so nothing is lost on a round trip.
    extra = OrderedJSONField(default=dict, blank=True)
    # Set when a load retires an offering its files no longer list: the row, its cells, history and
    # corrections stay (status pages keep answering); it is only left out of listings and exports.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "id"]
        indexes = [
            # Listings page in registry order: the first rows of this index, not a sort of every offering.
            models.Index(fields=["sort_order", "id"], condition=Q(retired_at__isnull=True),
                         name="listed_offering_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Cell(models.Model):
    """The answer to one dimension, recorded on an offering or once on a party.

    A cell on an offering whose ``grade`` is empty is a *scope entry*: it adds notes, facts,
    annotations and sources to the cell the offering inherits from its graded party.
    """

    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="cells")
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, null=True, blank=True, related_name="cells"
    )
    party = models.ForeignKey(Party, on_delete=models.CASCADE, null=True, blank=True, related_name="cells")
    grade = models.CharField(max_length=30, choices=GRADE_CHOICES, blank=True)
    confidence = models.CharField(max_length=10, choices=CONFIDENCE_CHOICES, blank=True)
    summary = models.CharField(max_length=600, blank=True)
    notes = models.TextField(blank=True)
    tier = models.CharField(max_length=60, blank=True)
    route = models.CharField(max_length=60, blank=True)
    default = models.CharField(max_length=60, blank=True)
    geography = models.CharField(max_length=400, blank=True)
    facts = OrderedJSONField(default=dict, blank=True)
    verified = models.DateField(null=True, blank=True)
    caveat = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    extra = OrderedJSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="cell_on_offering_xor_party",
                condition=(Q(offering__isnull=False, party__isnull=True) | Q(offering__isnull=True, party__isnull=False)),
            ),
            models.UniqueConstraint(fields=["offering", "dimension"], name="one_cell_per_offering_dimension",
                                    condition=Q(offering__isnull=False)),
            models.UniqueConstraint(fields=["party", "dimension"], name="one_cell_per_party_dimension",
                                    condition=Q(party__isnull=False)),
        ]

    def __str__(self) -> str:
        holder = self.offering_id or self.party_id
        return f"{holder} / {self.dimension_id}"

    @property
    def is_scope(self) -> bool:
        return self.offering_id is not None and not self.grade


class ResolvedGrade(models.Model):
    """What one offering answers to one question today, after the two-level rule, and how strong
    its evidence is before its age is considered (``domain.strength.sourced_strength``).

    Derived data, never edited: ``registry.resolved`` rewrites it in the transaction of every change
    that can move it (load, publish, the monitor's quote checks), so the index and question pages
    filter, sort, count and page in SQL. Expiry moves with the day shown, so it is kept as a date.
    """

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="resolved_grades")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=30, choices=GRADE_CHOICES)
    grade_rank = models.PositiveSmallIntegerField()  # domain.grades.GRADE_ORDER: best first
    origin = models.CharField(max_length=30)
    strength = models.CharField(max_length=30)  # domain.strength.Strength, expiry aside
    strength_rank = models.PositiveSmallIntegerField()  # domain.strength.STRENGTH_ORDER
    why = models.CharField(max_length=200)
    confidence = models.CharField(max_length=10, blank=True)
    verified = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)  # shown as expired on any later day
    backed = models.BooleanField(default=False)  # domain.coverage.is_backed
    quoted = models.BooleanField(default=False)  # domain.coverage.has_quote
    fit_key = models.CharField(max_length=32, default="")  # FitInput.key: what the fit verdict reads

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offering", "dimension"], name="one_resolved_grade_per_cell"),
        ]
        indexes = [
            models.Index(fields=["dimension", "grade_rank"], name="resolved_dim_grade_idx"),
            models.Index(fields=["dimension", "strength_rank"], name="resolved_dim_strength_idx"),
            # a question's distinct fit inputs, read from this index alone
            models.Index(fields=["dimension", "fit_key"], name="resolved_dim_fit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.offering_id} / {self.dimension_id}: {self.grade}"


class ResolvedGradeSpan(models.Model):
    """What one offering answered to one question over a stretch of the registry's history: the
    ``ResolvedGrade`` columns, valid for every cut ``c`` (revisions published before ``c``) with
    ``since < c <= until``; ``since`` None is before the holders' first revision, ``until`` None is
    still true. A past day's index and question pages read the spans valid at the end of that day.

    Derived data, never edited: ``registry.resolved_spans`` rebuilds an offering's spans from its
    holders' revisions in the transaction of every change that refreshes its stored grades."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(null=True, blank=True)
    until = models.DateTimeField(null=True, blank=True)
    listed = models.BooleanField(default=True)  # the offering is listed today (not retired)
    grade = models.CharField(max_length=30, choices=GRADE_CHOICES)
    grade_rank = models.PositiveSmallIntegerField()
    origin = models.CharField(max_length=30)
    strength = models.CharField(max_length=30)
    strength_rank = models.PositiveSmallIntegerField()
    why = models.CharField(max_length=200)
    confidence = models.CharField(max_length=10, blank=True)
    verified = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    backed = models.BooleanField(default=False)
    quoted = models.BooleanField(default=False)
    fit_key = models.CharField(max_length=32, default="")

    class Meta:
        indexes = [
            # an offering's spans of one question, in time order (the index page's per-offering seeks)
            models.Index(fields=["offering", "dimension", "since"], name="span_offering_dim_idx"),
            # one question's listed spans still valid after a cut, with what the question page counts:
            # its counts (and the index's total) read this index alone
            models.Index(fields=["dimension", "listed", "until", "since", "grade"], name="span_dim_listed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.offering_id} / {self.dimension_id} from {self.since}: {self.grade}"


class FitInput(models.Model):
    """What the fit check reads of one question's resolved cells (``domain.fitkeys``), once per
    distinct value: ``ResolvedGrade.fit_key`` and ``ResolvedGradeSpan.fit_key`` name it.

    Derived data, never edited: written by ``registry.fitinputs`` beside the rows that name it, in
    the same transaction; never deleted by a refresh (a past day's spans may still name it), so the
    rows kept follow the distinct inputs there have been, not the offerings."""

    key = models.CharField(max_length=32, unique=True)
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    inputs = models.TextField()  # canonical JSON (domain.fitkeys.fit_inputs)
    # The same inputs typed (domain.fitkeys.columns_of), facts in FitFact: the fit check groups the
    # inputs by what a requirement reads of them in SQL (buyers.fitgroups).
    grade = models.CharField(max_length=30, default="")
    record = models.BooleanField(default=False)
    q_tier = models.CharField(max_length=60, null=True)  # noqa: DJ001 (None is not "": a value of its own)
    q_route = models.CharField(max_length=60, null=True)  # noqa: DJ001
    q_default = models.CharField(max_length=60, null=True)  # noqa: DJ001
    geography = models.TextField(null=True)  # noqa: DJ001

    def __str__(self) -> str:
        return f"{self.dimension_id} / {self.key}"


class FitFact(models.Model):
    """One fact of a ``FitInput``, its value as canonical JSON text (the type kept: true is not 1).
    Derived data, written with its input by ``registry.fitinputs``."""

    input = models.ForeignKey(FitInput, to_field="key", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    value = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["input", "name"], name="one_fit_fact_per_name")]

    def __str__(self) -> str:
        return f"{self.input_id} / {self.name}"


FIT_SLOTS = 32  # questions a FitVector row holds (the catalogue's first core questions)


class FitVector(models.Model):
    """One offering's fit inputs on every core question, in one narrow row: the fit check of a
    custom profile is one scan of this table (``buyers.fitflat``). Slot ``k`` is the catalogue's
    ``k``-th core question (``registry.fitvectors.slots``): ``i<k>`` names its ``FitInput`` (by
    id), ``w<k>`` is the first day its evidence is weak (secondary only or no source: always; else
    the day after it expires; None: never).

    Derived data, never edited: ``registry.fitvectors`` writes it beside the stored grades, in the
    same transaction; listing and order change only with a load, which refreshes every row."""

    offering = models.OneToOneField(Offering, primary_key=True, on_delete=models.CASCADE, related_name="+")
    listed = models.BooleanField()
    sort_order = models.IntegerField()
    for _k in range(FIT_SLOTS):
        locals()[f"i{_k}"] = models.IntegerField(null=True)
        locals()[f"w{_k}"] = models.DateField(null=True)
    del _k

    def __str__(self) -> str:
        return f"{self.offering_id}: fit inputs"


class GradeCount(models.Model):
    """How many listed offerings' stored grades (``ResolvedGrade``) have this grade on this question,
    split by backed and quoted: the question page's counts and the coverage figures, read in a few
    rows whatever the size of the registry.

    Derived data, never edited: ``registry.resolved`` keeps it in the same transaction as the stored
    grades (recounted on a whole refresh, moved by the rows rewritten otherwise)."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=30, choices=GRADE_CHOICES)
    backed = models.BooleanField()
    quoted = models.BooleanField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "grade", "backed", "quoted"], name="one_grade_count"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id} / {self.grade}: {self.n}"


class Annotation(models.Model):
    """A human decision on a flag, shown on the public cell as ``[human DATE] Dismissed: ...``."""

    cell = models.ForeignKey(Cell, on_delete=models.CASCADE, related_name="annotations")
    date = models.DateField()
    decision = models.CharField(max_length=20, choices=[("dismissed", "dismissed"), ("resolved", "resolved")])
    reason = models.TextField()
    author = models.CharField(max_length=120, default="human")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cell_id", "position", "id"]


class Revision(models.Model):
    """An append-only record of one published change to one cell.

    ``holder`` is ``offering:<id>`` or ``party:<id>``; ``before``/``after`` are the full cell as
    plain data (None when the cell did not exist / was removed), so the registry can be replayed
    to any date without the cell rows.
    """

    class Kind(models.TextChoices):
        VENDOR_CHANGED = "vendor_changed", "vendor changed"
        REVERIFIED = "reverified", "evidence re-verified"
        RUBRIC_CHANGED = "rubric_changed", "rubric changed"
        CORRECTION = "correction", "correction"
        EDITORIAL = "editorial", "editorial"

    holder = models.CharField(max_length=100)
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="revisions")
    offering = models.ForeignKey(Offering, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions")
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions")
    before = OrderedJSONField(null=True, blank=True)
    after = OrderedJSONField(null=True, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reason = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="authored_revisions")
    author_name = models.CharField(max_length=150, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reviewed_revisions")
    credit = models.CharField(max_length=200, blank=True)
    # Everyone who wrote or edited any version of the draft this revision published (the changelog
    # credits them all; none of them may be the reviewer).
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="edited_revisions")
    published_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["published_at", "id"]
        indexes = [
            # A cell's last revision before a date is one backward seek (as-of views); id breaks ties.
            models.Index(fields=["holder", "dimension", "published_at", "id"], name="revision_cell_at_idx"),
            # The changelog, newest first, and its filters; an offering's first revision.
            models.Index(fields=["published_at", "id"], name="revision_at_idx"),
            models.Index(fields=["offering", "published_at"], name="revision_offering_at_idx"),
            models.Index(fields=["dimension", "published_at"], name="revision_dimension_at_idx"),
            models.Index(fields=["kind", "published_at"], name="revision_kind_at_idx"),
        ]


# An offering's past details: in a module of their own (this one stays under the size limit), and
# imported here so that the app registers them with its other models.
from trustreg.registry.detail_spans import OfferingDetailsSpan as OfferingDetailsSpan  # noqa: E402
