"""The questionnaire's codebook (sample_data/kwestionariusz.json) against the SYNTHETIC data.

Every column of every channel file must be claimed by the codebook, and every answer spelling
found in the files must map to a category, so an importer driven by the codebook alone can
read all channels.
"""

import csv
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pytest

from swot.survey.codebook import Codebook, Variable, VarType, fold

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
CODEBOOK_FILE = SAMPLE_DIR / "kwestionariusz.json"
CENTRES = ("mok", "tkacz", "dok")
ASPECTS = ("offer", "hours", "prices", "information", "building")
# Identity and bookkeeping columns that are no question of the questionnaire.
METADATA = {
    "konsultacje_online_google.csv": {"Sygnatura czasowa", "Adres e-mail"},
    "konsultacje_papier.csv": {"Nr ankiety", "Data wpływu"},
    "konsultacje_wydarzenia_limesurvey.csv": {
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "token",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
    },
}
# Marks of a chosen option in one-column-per-option multiple choice.
CHOSEN_MARKS = {
    "konsultacje_papier.csv": {"x", "1"},
    "konsultacje_wydarzenia_limesurvey.csv": {"Y"},
}


def read_table(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and records of one channel file, read the way that channel writes it."""
    if name == "konsultacje_papier.csv":
        text = (SAMPLE_DIR / name).read_bytes().decode("cp1250")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]  # title row
    elif name == "konsultacje_wydarzenia_limesurvey.csv":
        text = (SAMPLE_DIR / name).read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    else:
        text = (SAMPLE_DIR / name).read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:] if any(row)]


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.load(CODEBOOK_FILE)


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE_DIR / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split_checkbox(cell: str, options: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split a Google checkbox cell greedily against the option labels (longest first).

    Returns the options found and the leftover pieces (free text of "other").
    """
    found: list[str] = []
    rest: list[str] = []
    by_length = sorted(options, key=len, reverse=True)
    while cell:
        option = next((o for o in by_length if cell == o or cell.startswith(o + ", ")), None)
        if option is None:
            piece, _, cell = cell.partition(", ")
            rest.append(piece)
            continue
        found.append(option)
        cell = cell[len(option) + 2 :]
    return found, rest


def test_codebook_loads_and_is_in_codebook_format(codebook: Codebook) -> None:
    assert codebook.title
    assert len(codebook) == 3 + 3 + 3 + 5 + 15 + 5
    assert CODEBOOK_FILE.read_text(encoding="utf-8") == codebook.to_json()
    expected = [
        "age",
        "gender",
        "district",
        *[f"participation_{c}" for c in CENTRES],
        *[f"satisfaction_{c}" for c in CENTRES],
        *[f"importance_{a}" for a in ASPECTS],
        *[f"rating_{c}_{a}" for c in CENTRES for a in ASPECTS],
        "needs",
        "barriers",
        "events_last_month",
        "spending",
        "suggestions",
    ]
    assert codebook.names == expected


def test_codebook_file_is_what_the_generator_writes() -> None:
    generator = load_generator()
    text, encoding = generator.build_files()["kwestionariusz.json"]
    assert encoding == "utf-8"
    assert text == CODEBOOK_FILE.read_text(encoding="utf-8")


def test_variable_types(codebook: Codebook) -> None:
    types = {v.name: v.type for v in codebook}
    assert {types[n] for n in ("age", "gender", "district")} == {VarType.DEMOGRAPHIC}
    assert types["needs"] is types["barriers"] is VarType.MULTIPLE
    assert types["events_last_month"] is types["spending"] is VarType.NUMERIC
    assert types["suggestions"] is VarType.OPEN
    assert len(codebook["needs"].options) == 9
    scale = ("Bardzo źle", "Źle", "Ani dobrze, ani źle", "Dobrze", "Bardzo dobrze")
    for centre in CENTRES:
        assert codebook[f"participation_{centre}"].type is VarType.SINGLE
        satisfaction = codebook[f"satisfaction_{centre}"]
        assert satisfaction.type is VarType.LIKERT
        assert satisfaction.options == scale
        assert satisfaction.dont_know == ("Nie wiem / trudno powiedzieć",)


def test_grid_variables_have_group_and_subject(codebook: Codebook) -> None:
    for centre in CENTRES:
        assert codebook[f"participation_{centre}"].group == "participation"
        assert codebook[f"participation_{centre}"].subject == centre
        assert codebook[f"satisfaction_{centre}"].group == "satisfaction"
        assert codebook[f"satisfaction_{centre}"].subject == centre
        grid = codebook.group(f"rating_{centre}")
        assert [v.name for v in grid] == [f"rating_{centre}_{a}" for a in ASPECTS]
        for var in grid:
            assert var.subject == centre
            assert var.type is VarType.LIKERT
            assert var.categories == codebook[f"satisfaction_{centre}"].categories
    importance = codebook.group("importance")
    assert [v.name for v in importance] == [f"importance_{a}" for a in ASPECTS]
    assert all(v.subject is None and v.type is VarType.LIKERT for v in importance)
    assert importance[0].options[0] == "Zupełnie nieważne"
    assert importance[0].options[-1] == "Bardzo ważne"


def test_no_heading_is_claimed_twice(codebook: Codebook) -> None:
    seen: dict[str, str] = {}
    for var in codebook:
        for heading in (*var.headings, *var.option_headings, *var.other_headings):
            assert seen.setdefault(fold(heading), var.name) == var.name, heading


@pytest.mark.parametrize("name", sorted(METADATA))
def test_every_column_is_claimed(codebook: Codebook, name: str) -> None:
    header, _ = read_table(name)
    unclaimed = [h for h in header if h not in METADATA[name] and not codebook.match_heading(h)]
    assert not unclaimed
    claimed_metadata = [h for h in METADATA[name] if codebook.match_heading(h)]
    assert not claimed_metadata
    assert METADATA[name] <= set(header)


@pytest.mark.parametrize("name", sorted(METADATA))
def test_every_answer_maps_to_a_category(codebook: Codebook, name: str) -> None:
    header, records = read_table(name)
    checked = 0
    for heading in header:
        match = codebook.match_heading(heading)
        if match is None:
            continue
        var, option = match
        values = {r[heading] for r in records if r[heading]}
        if var.type.categorical:
            unknown = sorted(v for v in values if var.canonical(v) is None)
            assert not unknown, (heading, unknown)
            checked += len(values)
        elif option == "__other__":
            assert values, heading
        elif option is not None:
            assert values <= CHOSEN_MARKS[name], (heading, values)
        elif var.type is VarType.MULTIPLE:
            checked += _check_checkbox_cells(var, values)
        elif var.type is VarType.NUMERIC:
            assert all(float(v.replace(",", ".")) >= 0 for v in values), heading
    assert checked > 100


def _check_checkbox_cells(var: Variable, cells: set[str]) -> int:
    """Google checkbox cells: options joined by ", ", then maybe the free text of "other"."""
    used: set[str] = set()
    for cell in cells:
        found, rest = split_checkbox(cell, var.options)
        assert found or rest, cell
        assert found == sorted(found, key=var.options.index), cell
        used.update(found)
        if var.name == "needs":
            assert len(rest) <= 1, cell
            assert not rest or cell.endswith(rest[0]), cell
        else:
            assert not rest, cell
    assert used == set(var.options), var.name
    return len(cells)


def test_checkbox_split_respects_commas_in_labels(codebook: Codebook) -> None:
    options = codebook["needs"].options
    found, rest = split_checkbox("Koncerty, festyny plenerowe, Wystawy, Joga", options)
    assert found == ["Koncerty, festyny plenerowe", "Wystawy"]
    assert rest == ["Joga"]


def test_street_poll_questions_and_answers(codebook: Codebook) -> None:
    _, rows = read_table("sonda_uliczna.csv")
    pairs = {(r["pytanie"], r["odpowiedz"]) for r in rows}
    questions = {q for q, _ in pairs}
    assert len(questions) == 5
    for question, answer in pairs:
        match = codebook.match_heading(question)
        assert match is not None, question
        var, option = match
        assert option is None
        assert question in var.headings
        assert var.canonical(answer) in var.categories, (question, answer)
    know = {
        codebook["participation_mok"].canonical(a) for q, a in pairs if q == "Czy zna Pan/Pani MOK?"
    }
    assert know == set(codebook["participation_mok"].options)


def test_paper_and_street_spellings(codebook: Codebook) -> None:
    assert codebook["gender"].canonical("K") == "Kobieta"
    assert codebook["age"].canonical("75+") == "75 lat i więcej"
    assert codebook["age"].canonical("15-19") == "15–19"
    participation = codebook["participation_tkacz"]
    assert participation.canonical("zna, nie korzysta") == "Nie, ale znam tę instytucję"
    assert participation.canonical("Nie znam") == "Nie znam tej instytucji"
    rating = codebook["rating_dok_prices"]
    assert rating.canonical("1") == "Bardzo źle"
    assert rating.canonical("5") == "Bardzo dobrze"
    assert rating.canonical("nw") == "Nie wiem / trudno powiedzieć"
    assert codebook["importance_prices"].canonical("5") == "Bardzo ważne"


def test_each_variable_is_asked_in_every_survey_channel(codebook: Codebook) -> None:
    for name in METADATA:
        header, _ = read_table(name)
        claimed = {m[0].name for h in header if (m := codebook.match_heading(h))}
        assert claimed == set(codebook.names), name
