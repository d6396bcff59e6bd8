"""Tests for swot.survey.pii: masking e-mails, Polish phone numbers and PESEL numbers."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swot import i18n
from swot.survey import pii
from swot.survey.pii import describe_counts, is_valid_pesel, mask_text, mask_texts, suspect_numbers

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
EMAIL_LOOKING = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")


def checked(first_ten: str) -> str:
    """``first_ten`` plus the right check digit (written independently of the module)."""
    total = sum(int(d) * w for d, w in zip(first_ten, WEIGHTS, strict=True))
    return first_ten + str((10 - total % 10) % 10)


def make_pesel(born: date, serial: int) -> str:
    """A valid PESEL for a birth date; the month carries the century."""
    offset = {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[born.year // 100]
    return checked(f"{born.year % 100:02d}{born.month + offset:02d}{born.day:02d}{serial:04d}")


def with_check_digit(digit: int, born: date = date(1944, 7, 22)) -> str:
    return next(p for s in range(10_000) if (p := make_pesel(born, s))[-1] == str(digit))


def broken(pesel: str) -> str:
    return pesel[:-1] + str((int(pesel[-1]) + 1) % 10)


PESEL_1944 = make_pesel(date(1944, 7, 22), 1001)
PESEL_2005 = make_pesel(date(2005, 2, 28), 4321)  # month 22: born in the 2000s
PESEL_1899 = make_pesel(date(1899, 12, 31), 17)  # month 92
PESEL_CHECK_0 = with_check_digit(0)
PESEL_LEAP = make_pesel(date(2000, 2, 29), 555)

MASKED = [  # (text, expected)
    ("jan.kowalski@example.com", "[e-mail]"),
    ("a_b+tag@sub.example.pl", "[e-mail]"),
    ("Pisz: łukasz.żak@example.pl!", "Pisz: [e-mail]!"),
    ("(kontakt: ANNA@EXAMPLE.COM)", "(kontakt: [e-mail])"),
    ("adres jan@example.com.", "adres [e-mail]."),
    ("x@a-b.example.com, y@example.pl", "[e-mail], [e-mail]"),
    ("601234567@example.pl", "[e-mail]"),
    ("+48 601 234 567", "[telefon]"),
    ("+48601234567", "[telefon]"),
    ("0048 601-234-567", "[telefon]"),
    ("0048601234567", "[telefon]"),
    ("601-234-567", "[telefon]"),
    ("601 234 567", "[telefon]"),
    ("601234567", "[telefon]"),
    ("601 23 45 67", "[telefon]"),
    ("(44) 724 12 34", "[telefon]"),
    ("44 724 12 34", "[telefon]"),
    ("(0-44) 724-12-34", "[telefon]"),
    ("(044) 724 12 34", "[telefon]"),
    ("+48 (44) 724 12 34", "[telefon]"),
    ("+48 44 724 12 34", "[telefon]"),
    ("22 628 12 34", "[telefon]"),
    ("tel.601234567", "tel.[telefon]"),
    ("tel. 601\u00a0234\u00a0567.", "tel. [telefon]."),
    ("Kontakt: tel. 790-842-366", "Kontakt: tel. [telefon]"),
    ("dzwoń 601 234 567 lub 602 345 678", "dzwoń [telefon] lub [telefon]"),
    (f"PESEL {PESEL_1944}", "PESEL [PESEL]"),
    (f"PESEL: {PESEL_2005}.", "PESEL: [PESEL]."),
    (f"nr {PESEL_CHECK_0}", "nr [PESEL]"),
    (f"ur. 1899 {PESEL_1899}", "ur. 1899 [PESEL]"),
    (f"{PESEL_LEAP}", "[PESEL]"),
    ("PESEL 44051401359", "PESEL [PESEL]"),
    (
        f"Jan, jan@example.pl, 601 234 567, {PESEL_1944}",
        "Jan, [e-mail], [telefon], [PESEL]",
    ),
]

NOT_MASKED = [
    "W 2019 roku było lepiej.",
    "Spotkanie 12.03.2019 o 18:00.",
    "Bilet kosztuje 45,50 zł.",
    "Adres: 97-200 Tomaszów Mazowiecki",
    "Sala ma 400 miejsc.",
    "Godziny 18:00–20:00, w latach 2019-2021",
    "Budżet 120 000 000 zł",
    "Dotacja 1 500 000 zł",
    "100 200 300",
    "Kwota 601 234 567,89",
    "2019-03-12",
    "12-03-2019",
    "2019/03/12 10:15:32 PM GMT+1",
    "Nr karty 44051401358",  # 11 digits, wrong check digit
    broken(PESEL_2005),
    checked("4413310135"),  # check digit right, month 13 does not exist
    "1234567890123",  # 13 digits
    "6012345678",  # 10 digits
    "NIP 123-456-32-18",
    "PL 61 1090 1014 0000 0712 1981 2874",
    "jan@localhost",
    "@mention i e-mail bez adresu",
    "Wiek 15–19, 20–29, 75+",
    "ocena 4,5 / 5",
    "Zapraszamy na [telefon] i [e-mail]",
    "601 234 567 osób",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_masks(text, expected):
    assert mask_text(text).text == expected


@pytest.mark.parametrize("text", NOT_MASKED)
def test_leaves_alone(text):
    result = mask_text(text)
    assert result.text == text
    assert result.total == 0


def test_table_is_large_enough():
    assert len(MASKED) + len(NOT_MASKED) >= 40


def test_counts_by_kind():
    result = mask_text(f"a@example.pl b@example.com 601234567 PESEL {PESEL_1944}")
    assert dict(result.counts) == {"email": 2, "phone": 1, "pesel": 1}
    assert result.total == 4


def test_result_is_frozen():
    result = mask_text("601234567")
    with pytest.raises(AttributeError):
        result.text = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.counts["phone"] = 0  # type: ignore[index]


@pytest.mark.parametrize(
    ("pesel", "valid"),
    [
        (PESEL_1944, True),
        (PESEL_2005, True),
        (PESEL_1899, True),
        (PESEL_CHECK_0, True),
        (PESEL_LEAP, True),
        (make_pesel(date(2101, 1, 1), 1), True),
        (make_pesel(date(2250, 6, 30), 1), True),
        (make_pesel(date(1944, 2, 29), 1001), True),
        (broken(PESEL_1944), False),
        (checked("4302291001"), False),  # 1943 was not a leap year
        (checked("4402300135"), False),  # 30 February
        (checked("4400100135"), False),  # month 0
        (checked("4473100135"), False),  # month 73: 13th month of the 2200s
        (checked("4405000135"), False),  # day 0
        ("4405140135", False),
        ("440514013590", False),
        ("4405140135x", False),
        ("٤٤٠٥١٤٠١٣٥٩", False),  # Arabic-Indic digits
    ],
)
def test_is_valid_pesel(pesel, valid):
    assert is_valid_pesel(pesel) is valid


def test_check_digit_zero_is_generated():
    assert PESEL_CHECK_0.endswith("0")
    assert mask_text(f"PESEL {PESEL_CHECK_0}").text == "PESEL [PESEL]"


def test_invalid_pesel_is_left_and_flagged():
    number = broken(PESEL_1944)
    masked = mask_text(f"Karta {number}, tel. 601234567").text
    assert masked == f"Karta {number}, tel. [telefon]"
    assert suspect_numbers(masked) == [number]


def test_mask_texts_passes_none_and_sums():
    result = mask_texts(["a@example.pl", None, "tel. 601 234 567", "", "a@example.com"])
    assert result.texts == ["[e-mail]", None, "tel. [telefon]", "", "[e-mail]"]
    assert dict(result.counts) == {"email": 2, "phone": 1, "pesel": 0}
    assert result.total == 3


def test_describe_counts_in_both_languages():
    counts = {"email": 2, "phone": 1, "pesel": 0}
    assert "2 e-mail" in describe_counts(counts)
    assert describe_counts(counts, lang="en").startswith("Personal data masked")
    assert describe_counts({}, lang="pl") == i18n.t("pii.none", lang="pl")


def test_messages_have_both_languages():
    for key in pii._MESSAGES:
        assert set(i18n.catalog_entry(key)) >= {"pl", "en"}


# --- properties ----------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
PHONE_LIKE = st.sampled_from(
    ["601234567", "+48 601 234 567", "(44) 724 12 34", "a@example.pl", "x.y@sub.example.com"]
)
DIGITS = st.text("0123456789 -+().,@ałx", max_size=40)  # dense in near-misses
MIXED = st.lists(
    st.one_of(TEXT, DIGITS, PHONE_LIKE, st.just(PESEL_1944), st.just(" ")), max_size=8
).map("".join)
BIRTHS = st.dates(min_value=date(1800, 1, 1), max_value=date(2299, 12, 31))


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_masking_is_idempotent(text):
    once = mask_text(text)
    twice = mask_text(once.text)
    assert twice.text == once.text
    assert twice.total == 0


@settings(max_examples=200, deadline=None)
@given(BIRTHS, st.integers(0, 9999), TEXT, TEXT)
def test_no_valid_pesel_survives(born, serial, before, after):
    pesel = make_pesel(born, serial)
    assert is_valid_pesel(pesel)
    text = f"{before} {pesel} {after}"
    masked = mask_text(text).text
    assert pesel not in masked
    for number in re.findall(r"(?<![0-9])[0-9]{11}(?![0-9])", masked):
        assert not is_valid_pesel(number)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Nd", "Cs"), exclude_characters="@")))
def test_text_without_digits_or_at_is_unchanged(text):
    result = mask_text(text)
    assert result.text == text
    assert result.total == 0


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_output_has_no_email(text):
    assert not EMAIL_LOOKING.search(mask_text(text).text)


@settings(max_examples=200, deadline=None)
@given(BIRTHS, st.integers(0, 9999))
def test_every_birth_date_is_valid_and_every_wrong_check_digit_is_not(born, serial):
    pesel = make_pesel(born, serial)
    assert is_valid_pesel(pesel)
    assert not is_valid_pesel(broken(pesel))


# --- sample data ---------------------------------------------------------------------------


def _manifest() -> list[dict[str, object]]:
    path = SAMPLE_DATA / "pii_manifest.json"
    if not path.exists():
        pytest.skip("sample_data/pii_manifest.json is missing")
    return list(json.loads(path.read_text(encoding="utf-8"))["items"])


def test_sample_data_planted_items_are_masked():
    from swot.survey.sniff import read_rows

    items = _manifest()
    tables = {}
    for item in items:
        name = str(item["file"])
        if name not in tables:
            tables[name] = read_rows((SAMPLE_DATA / name).read_bytes(), filename=name)
        table = tables[name]
        cell = table.rows[int(item["record"]) - 1][table.headers.index(str(item["column"]))]
        value = str(item["value"])
        assert value in cell, (name, item["record"])
        masked = mask_text(cell).text
        if item["kind"] == "pesel_invalid":
            assert item.get("valid_pesel") is False
            assert value in masked
            assert value in suspect_numbers(masked)
        else:
            assert value not in masked, (name, item["record"], masked)
    assert {i["kind"] for i in items} >= {"email", "phone", "pesel", "pesel_invalid"}
    # no masking in open answers without planted data
    for name, table in tables.items():
        columns = {str(i["column"]) for i in items if i["file"] == name}
        planted = [str(i["value"]) for i in items if i["file"] == name]
        for column in columns:
            index = table.headers.index(column)
            for row in table.rows:
                if not any(value in row[index] for value in planted):
                    assert mask_text(row[index]).total == 0, row[index]


# The look-ahead in front of the phone and PESEL patterns only lets the engine skip positions
# that cannot start a match: the matches are those of the patterns without it.
_WITHOUT_LOOKAHEAD = {
    "phone": re.compile(pii._PHONE_RE.pattern.removeprefix("(?=[0-9(+])")),
    "pesel": re.compile(pii._PESEL_RE.pattern.removeprefix("(?=[0-9])")),
}


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 +()-.,48zł%\u00a0x", max_size=40))
def test_lookahead_changes_no_match(text):
    for kind, plain in _WITHOUT_LOOKAHEAD.items():
        fast = pii._PHONE_RE if kind == "phone" else pii._PESEL_RE
        assert plain.pattern != fast.pattern
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_column_of_few_answers_holding_contacts_is_open_text_and_masked():
    """Four rows, two distinct answers: a choice question by the numbers, but its options
    would be stored unmasked in the codebook. With personal data in it, it is open text."""
    from swot.survey import import_survey

    data = (
        "Sygnatura czasowa,Uwagi do ośrodka\n"
        "2019-03-01 10:00:00,zadzwońcie 601 234 567\n"
        "2019-03-01 10:05:00,zadzwońcie 601 234 567\n"
        "2019-03-01 10:06:00,Brak uwag\n"
        "2019-03-01 10:07:00,Brak uwag\n"
    ).encode()
    result = import_survey(data, filename="ankieta.csv")
    variable = result.codebook["uwagi_do_osrodka"]
    assert variable.type.value == "open"
    assert variable.options == ()
    stored = " ".join(map(str, result.responses["uwagi_do_osrodka"]))
    assert "601 234 567" not in stored
    assert "[telefon]" in stored
    assert "601" not in result.codebook.to_json()


def test_a_column_of_few_plain_answers_is_still_a_choice():
    from swot.survey import import_survey

    data = (
        b"Sygnatura czasowa,Czy przyjdziesz?\n"
        b"2019-03-01 10:00:00,Tak\n2019-03-01 10:05:00,Nie\n2019-03-01 10:06:00,Tak\n"
    )
    variable = import_survey(data, filename="ankieta.csv").codebook["czy_przyjdziesz"]
    assert variable.type.value == "single"
    assert variable.options == ("Nie", "Tak")
