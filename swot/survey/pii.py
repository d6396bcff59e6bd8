"""Mask personal data (e-mail addresses, Polish phone numbers, PESEL) in free text.

Open answers are stored only after masking: every e-mail address becomes ``[e-mail]``, every
Polish phone number ``[telefon]`` and every valid PESEL ``[PESEL]``. The placeholders are
data, not interface labels, so they do not change with the interface language.

What counts as what
-------------------
* **E-mail**: ``local@domain.tld`` with letters of any alphabet (``łukasz@example.pl``).
  Spelled-out forms (``jan (at) example.pl``) are not recognised.
* **PESEL**: an 11-digit number (not part of a longer one) whose check digit is right
  (weights 1,3,7,9,1,3,7,9,1,3; control ``(10 - sum mod 10) mod 10``) *and* whose first six
  digits are a real date (the month carries the century: +80 for 1800s, +20 for 2000s, +40
  for 2100s, +60 for 2200s). An 11-digit number that fails either test is left alone: it is
  more likely a library-card, application or account-number fragment, and masking it would
  destroy information the team needs. :func:`suspect_numbers` lists such leftovers so a caller
  can still flag them for a human.
* **Phone**: nine national digits, optionally after ``+48``/``0048``, written plain
  (``601234567``), in groups of three (``601 234 567``, ``601-234-567``), as a landline with
  a two-digit area code (``(44) 724 12 34``, ``44 724 12 34``, ``(0-44) 724-12-34``).
  Without ``+48`` the number must start with a real Polish area code or mobile prefix, so
  amounts (``100 200 300``), years, dates, times, postal codes (``97-200``) and prices
  (``45,50 zł``) stay as they are.

Masking repeats until nothing changes, so it is idempotent:
``mask_text(mask_text(x).text) == mask_text(x).text`` (with zero counts the second time).

Examples
--------
>>> mask_text("Proszę o kontakt: jan.kowalski@example.com, tel. 601 234 567").text
'Proszę o kontakt: [e-mail], tel. [telefon]'
>>> mask_text("PESEL 44051401359, karta 44051401358").text
'PESEL [PESEL], karta 44051401358'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from swot.i18n import register, t

__all__ = [
    "KINDS",
    "PLACEHOLDERS",
    "MaskResult",
    "MaskedTexts",
    "describe_counts",
    "is_valid_pesel",
    "mask_text",
    "mask_texts",
    "suspect_numbers",
]

KINDS = ("email", "phone", "pesel")
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {"email": "[e-mail]", "phone": "[telefon]", "pesel": "[PESEL]"}
)

_MESSAGES = {
    "pii.summary": {
        "pl": "Zamaskowane dane osobowe: {email} e-mail, {phone} telefon, {pesel} PESEL.",
        "en": "Personal data masked: {email} e-mail, {phone} phone, {pesel} PESEL.",
    },
    "pii.none": {
        "pl": "Nie znaleziono danych osobowych do zamaskowania.",
        "en": "No personal data found to mask.",
    },
}
register(_MESSAGES)

_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
# Month offset -> century of birth, as encoded in the PESEL month field.
_PESEL_CENTURY = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}

# Polish two-digit prefixes of national numbers: geographic area codes, mobile ranges, VoIP
# (39) and service numbers (70, 80). A number without +48 must start with one of them.
_AREA_CODES = [
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "22",
    "23",
    "24",
    "25",
    "29",
    "32",
    "33",
    "34",
    "41",
    "42",
    "43",
    "44",
    "46",
    "48",
    "52",
    "54",
    "55",
    "56",
    "58",
    "59",
    "61",
    "62",
    "63",
    "65",
    "67",
    "68",
    "71",
    "74",
    "75",
    "76",
    "77",
    "81",
    "82",
    "83",
    "84",
    "85",
    "86",
    "87",
    "89",
    "91",
    "94",
    "95",
]
_MOBILE = ["45", "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]
_SERVICE = ["39", "70", "80"]
_PREFIX = "(?:" + "|".join(sorted(set(_AREA_CODES + _MOBILE + _SERVICE))) + ")"

_SEP = r"[ \u00a0\u202f-]?"  # between digit groups: a space, a no-break space or a hyphen


def _national(prefix: str) -> str:
    """The nine national digits, grouped the ways people write them."""
    s, d = _SEP, "[0-9]"
    area = rf"(?:\((?:0{s})?{prefix}\)|(?:0{s})?{prefix})"
    return "|".join(
        (
            rf"{prefix}{d}{s}{d}{{3}}{s}{d}{{3}}",  # 601 234 567, 601-234-567, 601234567
            rf"{prefix}{d}{s}{d}{{2}}{s}{d}{{2}}{s}{d}{{2}}",  # 601 23 45 67
            rf"{area}{s}{d}{{3}}{s}{d}{{2}}{s}{d}{{2}}",  # (44) 724 12 34, (0-44) 724-12-34
        )
    )


_NOT_AFTER_DIGIT = r"(?<![0-9])(?<![0-9][.,])"
_NOT_BEFORE_DIGIT = r"(?![0-9])(?![.,][0-9])"
# A grouped number followed by a unit is an amount or a count, not a phone.
_NOT_UNIT = r"(?!\s?(?i:zł|zl\b|pln|eur|€|\$|%|os\.|osób|osoby|miejsc|tys|mln))"

# The look-behind makes a match start only where a word starts: without it the engine retries
# from every character of a long word, which is quadratic (a 20 kB word took 1.8 s).
_EMAIL_RE = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@(?:[\w-]+\.)+[^\W\d_]{2,}"
)
# A leading look-ahead at the first character changes no match but lets the engine skip every
# position that cannot start one (a PESEL starts with a digit, a phone with a digit, "+" or
# "("): the phone pattern runs 15x faster.
_PESEL_RE = re.compile(r"(?=[0-9])(?<![0-9])[0-9]{11}(?![0-9])")
_INTERNATIONAL = rf"(?:\+|00)[ \u00a0]?48{_SEP}(?:{_national('[0-9]{2}')})"
_PHONE_RE = re.compile(
    rf"(?=[0-9(+]){_NOT_AFTER_DIGIT}(?<!\+)(?:{_INTERNATIONAL}|{_national(_PREFIX)})"
    rf"{_NOT_BEFORE_DIGIT}{_NOT_UNIT}"
)
_LONG_NUMBER_RE = re.compile(r"(?<![0-9])[0-9]{9,}(?![0-9])")


@dataclass(frozen=True, slots=True)
class MaskResult:
    """A masked text and how many items of each kind were masked."""

    text: str
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        """Number of masked items of all kinds."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class MaskedTexts:
    """Masked texts (in input order; non-text values passed through) and total counts."""

    texts: list[str | None]
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        """Number of masked items of all kinds."""
        return sum(self.counts.values())


def is_valid_pesel(number: str) -> bool:
    """Whether ``number`` is a PESEL with a right check digit and a real birth date.

    >>> is_valid_pesel("44051401359"), is_valid_pesel("44051401358")
    (True, False)
    """
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    total = sum(d * w for d, w in zip(digits, _PESEL_WEIGHTS, strict=False))
    if (10 - total % 10) % 10 != digits[10]:
        return False
    return _pesel_date(number) is not None


def _pesel_date(number: str) -> date | None:
    year, month, day = int(number[0:2]), int(number[2:4]), int(number[4:6])
    offset = month - (month - 1) % 20 - 1  # 1-12 -> 0, 21-32 -> 20, 81-92 -> 80 ...
    century = _PESEL_CENTURY.get(offset)
    if century is None:
        return None
    try:
        return date(century + year, month - offset, day)
    except ValueError:
        return None


def mask_text(text: str) -> MaskResult:
    """Replace e-mail addresses, Polish phone numbers and valid PESELs by placeholders.

    Repeats until the text no longer changes, so masking twice equals masking once.

    >>> r = mask_text("Pisz: a_b+tag@sub.example.pl lub dzwoń (0-44) 724-12-34.")
    >>> r.text, dict(r.counts)
    ('Pisz: [e-mail] lub dzwoń [telefon].', {'email': 1, 'phone': 1, 'pesel': 0})
    """
    counts = dict.fromkeys(KINDS, 0)
    while True:
        masked = _mask_once(text, counts)
        if masked == text:
            return MaskResult(text, MappingProxyType(counts))
        text = masked


_DIGITS = "0123456789"


def _mask_once(text: str, counts: dict[str, int]) -> str:
    # E-mails first (their local part may hold digits), then PESEL (11 digits would otherwise
    # be cut into a phone), then phones. Each search only where it can match: an e-mail has
    # an '@', a phone or PESEL at least nine digits.
    if "@" in text:
        text, n = _EMAIL_RE.subn(PLACEHOLDERS["email"], text)
        counts["email"] += n
    if sum(map(text.count, _DIGITS)) < 9:  # ten C-speed counts: translate() is slower
        return text

    def pesel(match: re.Match[str]) -> str:
        if not is_valid_pesel(match.group()):
            return match.group()
        counts["pesel"] += 1
        return PLACEHOLDERS["pesel"]

    text = _PESEL_RE.sub(pesel, text)
    text, n = _PHONE_RE.subn(PLACEHOLDERS["phone"], text)
    counts["phone"] += n
    return text


def mask_texts(texts: Iterable[str | None]) -> MaskedTexts:
    """Mask every text of ``texts``; ``None`` (and any non-text value) passes through as is.

    >>> r = mask_texts(["tel. 601234567", None, "bez danych"])
    >>> r.texts, r.total
    (['tel. [telefon]', None, 'bez danych'], 1)
    """
    counts = dict.fromkeys(KINDS, 0)
    out: list[str | None] = []
    for text in texts:
        if not isinstance(text, str):
            out.append(text)
            continue
        result = mask_text(text)
        out.append(result.text)
        for kind in KINDS:
            counts[kind] += result.counts[kind]
    return MaskedTexts(out, MappingProxyType(counts))


def suspect_numbers(text: str) -> list[str]:
    """Runs of nine or more digits still in ``text`` (e.g. an 11-digit non-PESEL), for review.

    >>> suspect_numbers(mask_text("karta 44051401358, tel. 601234567").text)
    ['44051401358']
    """
    return _LONG_NUMBER_RE.findall(text)


def describe_counts(counts: Mapping[str, int], *, lang: str | None = None) -> str:
    """One sentence saying how many items of each kind were masked."""
    if not any(counts.get(kind, 0) for kind in KINDS):
        return t("pii.none", lang=lang)
    return t(
        "pii.summary",
        lang=lang,
        email=counts.get("email", 0),
        phone=counts.get("phone", 0),
        pesel=counts.get("pesel", 0),
    )
