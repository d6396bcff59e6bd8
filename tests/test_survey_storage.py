"""Saving accepted consultation files in the workspace and reading them back merged."""

from __future__ import annotations

import pandas as pd
import pytest

from swot import DataImportError, SwotError, Workspace, survey
from swot.demo import sample_data_dir


@pytest.fixture
def empty_ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as ws:
        survey.save_codebook(ws, survey.Codebook.load(sample_data_dir() / "kwestionariusz.json"))
        yield ws


def _import(ws, name, channel):
    return survey.import_survey(
        sample_data_dir() / name, codebook=survey.load_codebook(ws), channel=channel
    )


def test_saved_rows_come_back_identical(empty_ws):
    result = _import(empty_ws, "konsultacje_papier.csv", "paper")
    survey.save_import(empty_ws, result)
    data = survey.load_survey(empty_ws)
    assert len(data.responses) == result.report.accepted == 200
    pd.testing.assert_frame_equal(data.responses, result.responses, check_dtype=False)
    assert data.reports[0].rows_in == result.report.rows_in


def test_channels_merge_into_one_column_per_question(empty_ws):
    for name, channel in (
        ("konsultacje_online_google.csv", "online"),
        ("konsultacje_papier.csv", "paper"),
    ):
        survey.save_import(empty_ws, _import(empty_ws, name, channel))
    data = survey.load_survey(empty_ws)
    assert set(data.responses["channel"]) == {"online", "paper"}
    gender = data.responses["gender"]
    assert list(gender.cat.categories) == list(data.codebook["gender"].categories)
    by_channel = data.responses.groupby("channel")["gender"].agg(lambda s: set(s.dropna()))
    assert by_channel["paper"] <= set(gender.cat.categories)
    assert "Kobieta" in by_channel["paper"]


def test_nothing_saved_when_no_row_is_valid(empty_ws, tmp_path):
    bad = tmp_path / "zle.csv"
    bad.write_text("Nr ankiety;Płeć\n1;xyz\n2;abc\n", encoding="utf-8")
    result = survey.import_survey(bad, codebook=survey.load_codebook(empty_ws))
    assert result.report.accepted == 0
    with pytest.raises(DataImportError, match="nie ma żadnego poprawnego wiersza"):
        survey.save_import(empty_ws, result)
    assert empty_ws.datasets() == []


def test_tallies_and_notes_are_kept_apart(empty_ws):
    survey.save_import(empty_ws, _import(empty_ws, "sonda_uliczna.csv", "street"))
    result = survey.import_survey(
        sample_data_dir() / "opinie_osobiste.csv", institutions=["mok", "tkacz", "dok"]
    )
    survey.save_import(empty_ws, result)
    data = survey.load_survey(empty_ws)
    assert data.responses.empty
    assert int(data.tallies["count"].sum()) > 250
    assert data.n_by_channel()["street"] == 250
    assert len(data.notes) == 14
    assert not data.notes["text"].str.contains("@", regex=False).any()


def test_update_variable_refuses_to_orphan_answers(empty_ws):
    survey.save_import(empty_ws, _import(empty_ws, "konsultacje_papier.csv", "paper"))
    gender = survey.load_codebook(empty_ws)["gender"]
    with pytest.raises(SwotError, match="Wolę nie podawać"):
        survey.update_variable(
            empty_ws, gender.replace(options=("Kobieta", "Mężczyzna"), answers={})
        )
    with pytest.raises(SwotError, match="ponownego importu"):
        survey.update_variable(empty_ws, gender.replace(type="numeric", options=(), answers={}))
    reordered = gender.replace(options=tuple(reversed(gender.options)), label="Płeć (M/K)")
    saved = survey.update_variable(empty_ws, reordered)
    assert saved["gender"].label == "Płeć (M/K)"
    assert survey.load_codebook(empty_ws)["gender"].options == reordered.options


def test_codebook_round_trips_through_json_and_yaml(tmp_path):
    book = survey.Codebook.load(sample_data_dir() / "kwestionariusz.json")
    assert survey.Codebook.load(book.save(tmp_path / "k.json")) == book
    assert survey.Codebook.load(book.save(tmp_path / "k.yaml")) == book
