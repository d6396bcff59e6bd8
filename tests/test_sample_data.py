"""Checks of the SYNTHETIC sample data in sample_data/ and of its generator."""

import codecs
import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from swot.model import DEFAULT_CATEGORIES

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
GENERATOR = SAMPLE_DIR / "generate.py"
DATA_FILES = (
    "instytucje.csv",
    "zespoly.csv",
    "swot_robocze.csv",
    "plan_roboczy.csv",
    "konsultacje_online_google.csv",
    "konsultacje_papier.csv",
    "konsultacje_wydarzenia_limesurvey.csv",
    "konsultacje_wydarzenia_limesurvey_kody.json",
    "sonda_uliczna.csv",
    "opinie_osobiste.csv",
    "pii_manifest.json",
    "przyklad_ankiety_z_bledami.csv",
    "kwestionariusz.json",
    "oferta_mok.csv",
    "oferta_tkacz.csv",
    "oferta_dok.csv",
    "zaproszeni_panel.csv",
)
CATEGORIES = set(DEFAULT_CATEGORIES)  # the workspace's own list: the demo must load
CENTRE_NAMES = {
    "mok": "Miejski Ośrodek Kultury",
    "tkacz": "Ośrodek Kultury „Tkacz”",
    "dok": "Dzielnicowy Ośrodek Kultury",
}
COMMA_NEEDS = (
    "Koncerty, festyny plenerowe",
    "Kino, pokazy filmowe",
    "Warsztaty rękodzieła, ceramiki",
)
Q5_ONLINE = "Jak ocenia Pan/Pani ofertę poniższych instytucji?"
Q6_ONLINE = "Jak ważne są dla Pana/Pani poniższe cechy ośrodka kultury?"
Q7_ONLINE_PREFIX = "Jakich zajęć lub wydarzeń najbardziej brakuje"
RATING_ONLINE = "Jak ocenia Pan/Pani {} pod względem poniższych cech?"
ASPECTS = (
    "Ciekawa oferta programowa",
    "Dogodne godziny zajęć",
    "Przystępne ceny",
    "Informacja o ofercie",
    "Dostępny, wygodny budynek",
)
PAPER_ASPECTS = ("oferta", "godziny", "ceny", "informacja", "budynek")
# centre id: (online label, paper label, LimeSurvey code of its rating grid, LimeSurvey SQ)
CENTRES = {
    "mok": ("MOK", "MOK", "Q12", "SQ001"),
    "tkacz": ("OK „Tkacz”", "Tkacz", "Q13", "SQ002"),
    "dok": ("DOK", "DOK", "Q14", "SQ003"),
}
SCALE = {"Bardzo źle": 1, "Źle": 2, "Ani dobrze, ani źle": 3, "Dobrze": 4, "Bardzo dobrze": 5}
IMPORTANCE = {
    "Zupełnie nieważne": 1,
    "Raczej nieważne": 2,
    "Średnio ważne": 3,
    "Raczej ważne": 4,
    "Bardzo ważne": 5,
}
UNKNOWN_CENTRE = {"Nie znam tej instytucji", "nie zna"}
YOUNG = {"15–19", "20–29"}
SENIOR = {"60–74", "75 lat i więcej"}
Q4_ONLINE = (
    "Czy w ciągu ostatnich 12 miesięcy brał(a) Pan/Pani udział w zajęciach "
    "lub wydarzeniach poniższych instytucji?"
)
Q11_ONLINE = "Co Pana/Pani zdaniem powinno się zmienić w ofercie ośrodków kultury?"
ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")


def read_dicts(name: str, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    text = (SAMPLE_DIR / name).read_bytes().decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def online_records() -> list[dict[str, str]]:
    return read_dicts("konsultacje_online_google.csv")


def paper_rows() -> list[list[str]]:
    text = (SAMPLE_DIR / "konsultacje_papier.csv").read_bytes().decode("cp1250")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def paper_records() -> list[dict[str, str]]:
    rows = paper_rows()
    header = rows[1]
    return [dict(zip(header, row, strict=True)) for row in rows[2:] if any(row)]


def events_records() -> list[dict[str, str]]:
    return read_dicts("konsultacje_wydarzenia_limesurvey.csv", "utf-8-sig", ";")


def records_of(name: str) -> list[dict[str, str]]:
    readers = {
        "konsultacje_online_google.csv": online_records,
        "konsultacje_papier.csv": paper_records,
        "konsultacje_wydarzenia_limesurvey.csv": events_records,
        "opinie_osobiste.csv": lambda: read_dicts("opinie_osobiste.csv"),
    }
    return readers[name]()


def pesel_is_valid(number: str) -> bool:
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(d) * w for d, w in zip(number[:10], weights, strict=True))
    return len(number) == 11 and (10 - total % 10) % 10 == int(number[10])


def manifest_items() -> list[dict[str, object]]:
    data = json.loads((SAMPLE_DIR / "pii_manifest.json").read_text(encoding="utf-8"))
    return data["items"]


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], check=True, capture_output=True)
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated == sorted(DATA_FILES)
    for name in DATA_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name


def test_individual_responses_reach_600() -> None:
    online, paper, events = online_records(), paper_records(), events_records()
    assert len(online) == 320
    assert len(paper) == 200
    assert len(events) == 150
    assert len(online) + len(paper) + len(events) >= 600


def test_paper_file_is_polish_excel_csv() -> None:
    raw = (SAMPLE_DIR / "konsultacje_papier.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1250")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 200
    title, header = text.split("\r\n")[:2]
    assert title.startswith("Ankiety papierowe – ")
    assert header.startswith("Nr ankiety;")
    assert ";;;;;" in text
    records = paper_records()
    spending = [r["Wydatki na kulturę (zł)"] for r in records if r["Wydatki na kulturę (zł)"]]
    assert any(re.fullmatch(r"\d+,\d\d", value) for value in spending)
    assert not any("." in value for value in spending)
    numbers = [r["Nr ankiety"] for r in records]
    assert len(set(numbers)) == len(numbers) == 200
    marks = {v for r in records for k, v in r.items() if k.startswith("Brakuje: ") and v}
    assert {"x", "1"} <= marks


def test_paper_file_has_blank_rows_in_the_middle() -> None:
    rows = paper_rows()
    blank = [i for i, row in enumerate(rows) if not any(row)]
    assert len(blank) >= 2
    assert all(2 < i < len(rows) - 1 for i in blank)


def test_limesurvey_file_has_bom_and_codes() -> None:
    raw = (SAMPLE_DIR / "konsultacje_wydarzenia_limesurvey.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert raw[len(codecs.BOM_UTF8) :].startswith(b'"id";"submitdate";"lastpage"')
    codes = json.loads(
        (SAMPLE_DIR / "konsultacje_wydarzenia_limesurvey_kody.json").read_text(encoding="utf-8")
    )["questions"]
    for column in events_records()[0]:
        match = re.fullmatch(r"(Q\d+)(?:\[(\w+)\])?", column)
        if match:
            question, sub = match.groups()
            assert question in codes
            if sub:
                assert sub in codes[question]["subquestions"], column


def test_swot_factors_per_quadrant_and_centre() -> None:
    rows = read_dicts("swot_robocze.csv")
    teams = {r["instytucja"]: r["czlonkowie"].split("; ") for r in read_dicts("zespoly.csv")}
    for centre in CENTRE_NAMES:
        for quadrant in "SWOT":
            factors = [r for r in rows if r["instytucja"] == centre and r["cwiartka"] == quadrant]
            assert len(factors) >= 6, (centre, quadrant)
    for row in rows:
        assert row["cwiartka"] in {"S", "W", "O", "T"}
        assert row["kategoria"] in CATEGORIES
        assert 1 <= int(row["waznosc"]) <= 5
        assert row["autor"] in teams[row["instytucja"]]
    texts = [r["tresc"] for r in rows]
    assert len(set(texts)) == len(texts)


def test_planted_pesel_numbers() -> None:
    items = manifest_items()
    valid = [str(i["value"]) for i in items if i["kind"] == "pesel"]
    invalid = [str(i["value"]) for i in items if i["kind"] == "pesel_invalid"]
    assert valid
    assert invalid
    assert all(pesel_is_valid(number) for number in valid)
    assert any(number.endswith("0") for number in valid)
    assert all(len(number) == 11 and not pesel_is_valid(number) for number in invalid)


def test_planted_items_are_where_the_manifest_says() -> None:
    for item in manifest_items():
        records = records_of(str(item["file"]))
        cell = records[int(item["record"]) - 1][str(item["column"])]
        assert str(item["value"]) in cell, item


def test_no_unlisted_eleven_digit_numbers_in_open_answers() -> None:
    listed = {str(i["value"]) for i in manifest_items()}
    open_texts = [r[Q11_ONLINE] for r in online_records()]
    open_texts += [r["Uwagi"] for r in paper_records()]
    open_texts += [r["Q11"] for r in events_records()]
    found = {n for text in open_texts for n in ELEVEN_DIGITS.findall(text)}
    assert found
    assert found <= listed


def test_about_eight_percent_of_open_answers_hold_personal_data() -> None:
    answered = sum(1 for r in online_records() if r[Q11_ONLINE])
    answered += sum(1 for r in paper_records() if r["Uwagi"])
    answered += sum(1 for r in events_records() if r["Q11"])
    planted = {(i["file"], i["record"]) for i in manifest_items()}
    survey_planted = [p for p in planted if p[0] != "opinie_osobiste.csv"]
    assert 0.05 <= len(survey_planted) / answered <= 0.12
    phones = [str(i["value"]) for i in manifest_items() if i["kind"] == "phone"]
    assert any(p.startswith("+48 ") for p in phones)
    assert any(re.fullmatch(r"\d{3}-\d{3}-\d{3}", p) for p in phones)
    assert any(re.fullmatch(r"\d{9}", p) for p in phones)
    assert any(re.fullmatch(r"\(44\) \d{3} \d\d \d\d", p) for p in phones)
    emails = [str(i["value"]) for i in manifest_items() if i["kind"] == "email"]
    assert {e.rsplit("@", 1)[1] for e in emails} == {"example.com", "example.pl"}


def test_google_file_has_comma_labels_in_checkbox_cells() -> None:
    records = online_records()
    q7 = next(c for c in records[0] if c.startswith(Q7_ONLINE_PREFIX))
    cells = [r[q7] for r in records]
    for label in COMMA_NEEDS:
        assert any(label in cell for cell in cells), label
    assert any(cell.count(", ") >= 3 for cell in cells)
    header = (SAMPLE_DIR / "konsultacje_online_google.csv").read_bytes()[:200]
    assert header.startswith(b"Sygnatura czasowa,Adres e-mail,")


def test_online_timestamps_use_google_format() -> None:
    stamps = [r["Sygnatura czasowa"] for r in online_records()]
    pattern = r"\d{4}/\d\d/\d\d \d{1,2}:\d\d:\d\d [AP]M GMT\+[12]"
    assert all(re.fullmatch(pattern, s) for s in stamps)
    assert len(set(stamps)) == len(stamps)


def test_plan_rows_have_owner_and_indicators() -> None:
    rows = read_dicts("plan_roboczy.csv")
    assert len(rows) >= 18
    for row in rows:
        assert row["podmiot_odpowiedzialny"].strip()
        indicators = [line for line in row["wskazniki"].split("\n") if line.strip()]
        assert indicators, row["zadanie"]
    joint = 0
    for row in rows:
        partners = set(row["podmioty_wspolpracujace"].split("\n"))
        others = set(CENTRE_NAMES.values()) - {row["podmiot_odpowiedzialny"]}
        if row["podmiot_odpowiedzialny"] in CENTRE_NAMES.values() and others <= partners:
            joint += 1
    assert joint >= 2


def test_older_respondents_rate_dok_higher() -> None:
    records = online_records()
    dok = f"{Q5_ONLINE} [DOK]"
    young = [SCALE[r[dok]] for r in records if r[dok] in SCALE and _young(r)]
    old = [SCALE[r[dok]] for r in records if r[dok] in SCALE and _senior(r)]
    assert sum(old) / len(old) > sum(young) / len(young) + 0.5


def _young(record: dict[str, str]) -> bool:
    return record["Ile ma Pan/Pani lat?"] in YOUNG


def _senior(record: dict[str, str]) -> bool:
    return record["Ile ma Pan/Pani lat?"] in SENIOR


Score = int | str  # 1–5, "nw" for "don't know", "" for an empty cell


@dataclass
class AspectAnswers:
    """Age band, participation, Q6 importance and Q12–Q14 ratings of one respondent."""

    age: str
    participation: dict[str, str]
    importance: list[Score]
    rating: dict[str, list[Score]]


def aspect_answers() -> list[AspectAnswers]:
    """The aspect questions of every respondent of every channel, scored alike."""
    out: list[AspectAnswers] = []
    for r in online_records():
        out.append(
            AspectAnswers(
                age=r["Ile ma Pan/Pani lat?"],
                participation={
                    c: r[f"{Q4_ONLINE} [{label}]"] for c, (label, *_) in CENTRES.items()
                },
                importance=[IMPORTANCE.get(r[f"{Q6_ONLINE} [{a}]"], "") for a in ASPECTS],
                rating={
                    c: [_online_score(r[f"{RATING_ONLINE.format(label)} [{a}]"]) for a in ASPECTS]
                    for c, (label, *_) in CENTRES.items()
                },
            )
        )
    for r in paper_records():
        out.append(
            AspectAnswers(
                age=r["Wiek"].replace("-", "–").replace("75+", "75 lat i więcej"),
                participation={c: r[f"Udział {p}"] for c, (_, p, *_) in CENTRES.items()},
                importance=[_paper_score(r[f"Ważne: {a}"]) for a in PAPER_ASPECTS],
                rating={
                    c: [_paper_score(r[f"{p}: {a}"]) for a in PAPER_ASPECTS]
                    for c, (_, p, *_) in CENTRES.items()
                },
            )
        )
    for r in events_records():
        out.append(
            AspectAnswers(
                age=r["Q1"],
                participation={c: r[f"Q4[{sq}]"] for c, (*_, sq) in CENTRES.items()},
                importance=[IMPORTANCE.get(r[f"Q6[SQ00{n}]"], "") for n in range(1, 6)],
                rating={
                    c: [_online_score(r[f"{code}[SQ00{n}]"]) for n in range(1, 6)]
                    for c, (_, _, code, _) in CENTRES.items()
                },
            )
        )
    return out


def _online_score(cell: str) -> int | str:
    if cell == "Nie wiem / trudno powiedzieć":
        return "nw"
    return SCALE[cell] if cell else ""


def _paper_score(cell: str) -> int | str:
    return int(cell) if cell.isdigit() else cell


def _mean(values: list[Score]) -> float:
    scores = [v for v in values if isinstance(v, int)]
    return sum(scores) / len(scores)


def test_aspect_questions_in_every_channel() -> None:
    online = online_records()[0]
    for label, paper, code, _ in CENTRES.values():
        for aspect in ASPECTS:
            assert f"{RATING_ONLINE.format(label)} [{aspect}]" in online
            assert f"{Q6_ONLINE} [{aspect}]" in online
        for aspect in PAPER_ASPECTS:
            assert f"{paper}: {aspect}" in paper_records()[0]
            assert f"Ważne: {aspect}" in paper_records()[0]
        assert f"{code}[SQ005]" in events_records()[0]
    codes = json.loads(
        (SAMPLE_DIR / "konsultacje_wydarzenia_limesurvey_kody.json").read_text(encoding="utf-8")
    )["questions"]
    assert list(codes["Q6"]["subquestions"].values()) == list(ASPECTS)
    assert list(codes["Q6"]["answers"]) == list(IMPORTANCE)
    for label, _, code, _ in CENTRES.values():
        assert codes[code]["text"] == RATING_ONLINE.format(label)
        assert list(codes[code]["subquestions"].values()) == list(ASPECTS)
        assert codes[code]["answers"] == [*SCALE, "Nie wiem / trudno powiedzieć"]
    answers = aspect_answers()
    cells = {v for a in answers for c in CENTRES for v in a.rating[c]}
    assert cells == {1, 2, 3, 4, 5, "nw", ""}
    assert {v for a in answers for v in a.importance} <= {1, 2, 3, 4, 5, ""}


def test_only_people_who_know_a_centre_rate_it() -> None:
    answers = aspect_answers()
    strangers = 0
    for a in answers:
        for centre in CENTRES:
            if a.participation[centre] in UNKNOWN_CENTRE:
                strangers += 1
                assert a.rating[centre] == [""] * 5
    assert strangers > 100
    for centre in CENTRES:
        rated = [a for a in answers if any(a.rating[centre])]
        assert len(rated) > 200, centre


def test_importance_performance_patterns() -> None:
    answers = aspect_answers()

    def performance(centre: str, aspect: int) -> float:
        return _mean([a.rating[centre][aspect] for a in answers])

    offer, hours, prices, information, building = range(5)
    assert performance("mok", offer) > performance("mok", prices) + 1.2
    assert performance("mok", offer) == max(performance("mok", i) for i in range(5))
    assert performance("dok", prices) > performance("dok", information) + 1.2
    assert performance("dok", building) > performance("dok", information) + 1.2
    tkacz = sorted(range(5), key=lambda i: performance("tkacz", i))
    assert set(tkacz[:2]) == {information, building}
    for aspect in (prices, information):
        young = _mean([a.importance[aspect] for a in answers if a.age in YOUNG])
        senior = _mean([a.importance[aspect] for a in answers if a.age in SENIOR])
        assert senior > young + 1.0, aspect
    seniors = [a for a in answers if a.age in SENIOR]
    ranking = sorted(range(5), key=lambda i: -_mean([a.importance[i] for a in seniors]))
    assert set(ranking[:2]) == {prices, information}
    assert hours in ranking[2:]


def test_street_poll_tallies() -> None:
    rows = read_dicts("sonda_uliczna.csv")
    places = dict.fromkeys(r["miejsce"] for r in rows)
    assert len(places) == 4
    for place in places:
        totals: dict[str, int] = {}
        for r in rows:
            if r["miejsce"] == place and not r["pytanie"].startswith("Czego brakuje"):
                totals[r["pytanie"]] = totals.get(r["pytanie"], 0) + int(r["liczba"])
        assert len(totals) == 4
        assert len(set(totals.values())) == 1, place
    assert sum(int(r["liczba"]) for r in rows if r["pytanie"] == "Wiek rozmówcy") == 250


def test_readme_states_data_is_synthetic() -> None:
    readme = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme[:600]
    assert "example.com" in readme
    for name in DATA_FILES:
        assert name in readme, name
