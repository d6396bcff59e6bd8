"""Drafting findings from analysis results: numbers and sources that trace back."""

from __future__ import annotations

import pytest

from swot import ValidationError, diagnosis, findings, survey


@pytest.fixture(scope="module")
def data(demo_template):
    from swot import Workspace

    with Workspace.open(demo_template) as ws:
        return survey.load_survey(ws)


def test_draft_from_frequencies_carries_share_interval_and_base(data):
    freq = diagnosis.frequencies(data.responses, data.codebook, "participation_tkacz", by="age")
    draft = findings.draft_from_frequencies(
        freq, data.codebook, "Nie znam tej instytucji", group="15–19", institution_id="tkacz"
    )
    row = freq[(freq["age"] == "15–19") & (freq["option"] == "Nie znam tej instytucji")].iloc[0]
    numbers = dict(draft.numbers)
    assert numbers["n"] == row["base"]
    assert numbers["odsetek"] == pytest.approx(row["share"], abs=1e-4)
    assert numbers["dolna granica 95%"] < numbers["odsetek"] < numbers["górna granica 95%"]
    assert "Nie znam tej instytucji" in draft.source and "15–19" in draft.source
    assert draft.version == 0 and draft.institution_id == "tkacz"


def test_draft_mentions_street_poll_when_tallies_are_included(data):
    freq = diagnosis.frequencies(
        data.responses, data.codebook, "participation_dok", tallies=data.tallies
    )
    draft = findings.draft_from_frequencies(freq, data.codebook, "Tak, regularnie")
    assert "sonda uliczna" in draft.source


def test_unknown_answer_is_a_clear_error(data):
    freq = diagnosis.frequencies(data.responses, data.codebook, "gender")
    with pytest.raises(ValidationError, match="Kobieta"):
        findings.draft_from_frequencies(freq, data.codebook, "Nie ma takiej")


def test_draft_from_ipa(data):
    ipa = diagnosis.importance_performance(data.responses, data.codebook, "dok")
    draft = findings.draft_from_ipa(
        ipa,
        "information",
        institution_id="dok",
        institution_name="DOK",
        aspect_label="Informacja o ofercie",
    )
    numbers = dict(draft.numbers)
    assert numbers["ważność (średnia)"] > numbers["ocena (średnia)"]
    assert "Informacja o ofercie" in draft.statement
