from trustreg.domain.grades import (
    AFFIRMATIVE_GRADES,
    GRADE_INFO,
    NEGATIVE_GRADES,
    Grade,
    grade_label,
    is_graded,
    is_watchout,
)


def test_every_grade_has_a_distinct_label_and_glyph():
    labels = [GRADE_INFO[g].label for g in Grade]
    glyphs = [GRADE_INFO[g].glyph for g in Grade]
    assert len(set(labels)) == len(Grade)
    assert len(set(glyphs)) == len(Grade)


def test_the_seed_labels_read_as_the_public_registry_shows_them():
    assert grade_label("yes_public") == "Yes, public"
    assert grade_label("yes_sales_gated") == "Yes, sales-gated"
    assert grade_label("no_public_evidence") == "No public evidence"


def test_only_a_clean_public_yes_and_not_reviewed_are_not_watchouts():
    watch = {g for g in Grade if is_watchout(g.value)}
    assert watch == set(Grade) - {Grade.YES_PUBLIC, Grade.NOT_REVIEWED}


def test_not_reviewed_is_never_a_grade():
    assert not is_graded("not_reviewed")
    assert all(is_graded(g.value) for g in Grade if g is not Grade.NOT_REVIEWED)


def test_every_yes_grade_and_partial_affirm_and_only_no_denies():
    assert {g for g in Grade if g.value.startswith("yes_")} | {Grade.PARTIAL} == AFFIRMATIVE_GRADES
    assert {Grade.NO} == NEGATIVE_GRADES
    assert not AFFIRMATIVE_GRADES & {Grade.UNCLEAR, Grade.NO_PUBLIC_EVIDENCE, Grade.NOT_REVIEWED}
