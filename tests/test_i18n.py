"""The message catalogue: complete in both languages, consistent placeholders, safe fallbacks."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import string
import subprocess
import sys

import pytest

import swot
from swot import i18n
from swot.model import KINDS, CommentStatus, Quadrant, Role

# Modules register their own messages when imported: import every one of them first, so the
# checks below see the whole catalogue whatever the test order.
for _module in pkgutil.walk_packages(swot.__path__, "swot."):
    importlib.import_module(_module.name)

ALL_KEYS = i18n.keys()


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_catalogue_is_big_and_sorted():
    keys = i18n.keys()
    assert len(keys) > 100
    assert keys == sorted(set(keys))
    assert i18n.LANGUAGES == ("pl", "en")


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_key_has_both_languages_with_same_placeholders(key):
    entry = i18n.catalog_entry(key)
    assert set(entry) == {"pl", "en"}
    assert entry["pl"].strip() and entry["en"].strip()
    assert _placeholders(entry["pl"]) == _placeholders(entry["en"])
    # Polish typographic quotes come in pairs; English texts carry no Polish letters or quotes.
    assert entry["pl"].count("„") == entry["pl"].count("”")
    assert not re.search("[ąćęłńśźżĄĆĘŁŃŚŹŻ„”]", entry["en"])


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_key_formats_in_both_languages(key):
    entry = i18n.catalog_entry(key)
    params = {name: f"<{name}>" for name in _placeholders(entry["pl"])}
    for lang in i18n.LANGUAGES:
        text = i18n.t(key, lang=lang, **params)
        for value in params.values():
            assert value in text
        assert "{" not in text and "}" not in text


def test_labels_exist_for_every_domain_value():
    needed = (
        [f"kind.{k}" for k in KINDS]
        + [f"quadrant.{q.value}" for q in Quadrant]
        + [f"role.{r.value}" for r in Role]
        + [f"status.{s.value}" for s in CommentStatus]
    )
    assert [k for k in needed if k not in ALL_KEYS] == []


def test_polish_and_english_texts():
    assert i18n.t("quadrant.S") == "Mocne strony"
    assert i18n.t("quadrant.S", lang="en") == "Strengths"
    assert i18n.t("field.importance") == "ważność"
    assert i18n.t("error.ws_closed") == "Przestrzeń robocza została zamknięta. Otwórz ją ponownie."


def test_params_are_filled_in():
    assert i18n.t("ui.saved", what="Zespół MOK") == "Zapisano: Zespół MOK"
    assert i18n.t("ui.saved", lang="en", what="X") == "Saved: X"
    assert i18n.t("where.row", row=7) == "wiersz 7"


def test_lang_argument_does_not_change_the_current_language():
    assert i18n.t("quadrant.T", lang="en") == "Threats"
    assert i18n.get_language() == "pl"
    assert i18n.t("quadrant.T") == "Zagrożenia"


def test_set_language_switches_every_later_message():
    swot.set_language("en")
    assert swot.get_language() == "en"
    assert swot.t("quadrant.W") == "Weaknesses"
    assert Quadrant.O.label == "Opportunities"
    swot.set_language("pl")
    assert swot.t("quadrant.W") == "Słabe strony"


def test_unknown_key_falls_back_to_key_or_default():
    assert i18n.t("no.such.key") == "no.such.key"
    assert i18n.t("no.such.key", lang="en") == "no.such.key"
    assert i18n.t("no.such.key", default="Zapasowy") == "Zapasowy"
    assert i18n.t("no.such.key", default="Wiersz {row}", row=3) == "Wiersz 3"
    assert i18n.t("no.such.key", default="") == ""


def test_known_key_ignores_default():
    assert i18n.t("quadrant.S", default="inne") == "Mocne strony"


def test_unknown_language_argument_falls_back_to_polish():
    assert i18n.t("quadrant.S", lang="de") == "Mocne strony"


def test_missing_translation_falls_back_to_polish(monkeypatch):
    monkeypatch.setitem(i18n._CATALOG, "test.only_pl", {"pl": "Tylko po polsku {n}"})
    swot.set_language("en")
    assert i18n.t("test.only_pl", n=2) == "Tylko po polsku 2"


@pytest.mark.parametrize("code", ["de", "PL", "EN", "", "pl_PL", "polski", None])
def test_set_language_rejects_unknown_codes(code):
    with pytest.raises(ValueError, match="language must be one of"):
        swot.set_language(code)
    assert swot.get_language() == "pl"


def _language_in_fresh_process(lang_env: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SWOT_LANG"}
    if lang_env is not None:
        env["SWOT_LANG"] = lang_env
    result = subprocess.run(
        [sys.executable, "-c", "import swot; print(swot.get_language(), swot.t('quadrant.S'))"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("lang_env", "expected"),
    [
        (None, "pl Mocne strony"),
        ("", "pl Mocne strony"),
        ("xx", "pl Mocne strony"),
        ("en", "en Strengths"),
        ("pl", "pl Mocne strony"),
    ],
)
def test_polish_is_the_default_and_swot_lang_is_honoured(lang_env, expected):
    assert _language_in_fresh_process(lang_env) == expected
