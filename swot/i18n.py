"""Interface language: Polish by default, English available.

Labels and messages live here, keyed by short English identifiers; code never embeds Polish
strings. The language is a process-wide setting (``SWOT_LANG`` or :func:`set_language`),
because a JupyterLab kernel serves one workshop room in one language.

Examples
--------
>>> from swot import i18n
>>> i18n.t("quadrant.S", lang="pl")
'Mocne strony'
>>> i18n.t("quadrant.S", lang="en")
'Strengths'
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["LANGUAGES", "get_language", "plural", "register", "set_language", "t"]

LANGUAGES = ("pl", "en")

_CATALOG: dict[str, dict[str, str]] = {
    # --- generic error messages -------------------------------------------------------------
    "error.validation": {
        "pl": "Pole „{field}”: oczekiwano {expected}, otrzymano {got}.",
        "en": "Field '{field}': expected {expected}, got {got}.",
    },
    "error.not_found": {
        "pl": "Nie znaleziono obiektu „{kind}” o identyfikatorze {id} w przestrzeni roboczej.",
        "en": "No {kind} with id {id} in the workspace.",
    },
    "error.conflict": {
        "pl": (
            "Ktoś inny zmienił ten obiekt („{kind}”) w międzyczasie (Twoja wersja: {mine}, "
            "zapisana: {theirs}). Nic nie zostało nadpisane — porównaj obie wersje i zapisz "
            "ponownie."
        ),
        "en": (
            "Someone else changed this {kind} meanwhile (your version: {mine}, stored: "
            "{theirs}). Nothing was overwritten: compare both versions and save again."
        ),
    },
    "error.conflict_deleted": {
        "pl": "Ktoś inny usunął ten obiekt („{kind}”) w międzyczasie. Nic nie zostało zapisane.",
        "en": "Someone else deleted this {kind} meanwhile. Nothing was saved.",
    },
    "error.missing_reference": {
        "pl": (
            "Pole „{field}” wskazuje na obiekt „{kind}” o identyfikatorze {id}, którego nie ma "
            "w przestrzeni roboczej. Wybierz istniejący obiekt."
        ),
        "en": (
            "Field '{field}' points to {kind} {id}, which is not in the workspace. "
            "Choose an existing one."
        ),
    },
    "error.still_referenced": {
        "pl": (
            "Nie można usunąć: obiekt jest nadal używany przez {count} inne obiekty "
            "(np. {example}). Najpierw usuń lub przenieś je."
        ),
        "en": (
            "Cannot delete: {count} other objects still use it (e.g. {example}). "
            "Delete or move them first."
        ),
    },
    "error.duplicate_id": {
        "pl": "Obiekt „{kind}” o identyfikatorze {id} już istnieje. Użyj innego identyfikatora.",
        "en": "A {kind} with id {id} already exists. Use another id.",
    },
    "error.busy": {
        "pl": (
            "Przestrzeń robocza jest zajęta przez innych uczestników dłużej niż {seconds} s. "
            "Nic nie zostało zapisane — spróbuj ponownie za chwilę."
        ),
        "en": (
            "The workspace was busy with other participants for over {seconds} s. "
            "Nothing was saved: try again in a moment."
        ),
    },
    "error.ws_missing": {
        "pl": (
            "Nie ma przestrzeni roboczej w pliku {path}. Sprawdź ścieżkę albo utwórz nową "
            "(np. poleceniem: swot demo {path})."
        ),
        "en": (
            "There is no workspace at {path}. Check the path or create one "
            "(e.g. with: swot demo {path})."
        ),
    },
    "error.ws_exists": {
        "pl": "Plik {path} już istnieje. Wybierz inną nazwę albo otwórz istniejącą przestrzeń.",
        "en": "{path} already exists. Choose another name or open the existing workspace.",
    },
    "error.ws_not_swot": {
        "pl": (
            "Plik {path} nie jest przestrzenią roboczą swot ({reason}). Sprawdź, czy wskazano "
            "właściwy plik."
        ),
        "en": "{path} is not a swot workspace ({reason}). Check that this is the right file.",
    },
    "error.ws_too_new": {
        "pl": (
            "Przestrzeń robocza {path} ma schemat w wersji {found}, a ta wersja swot obsługuje "
            "najwyżej {supported}. Zaktualizuj pakiet swot."
        ),
        "en": (
            "Workspace {path} has schema version {found}; this swot supports up to "
            "{supported}. Upgrade swot."
        ),
    },
    "error.ws_no_path": {
        "pl": (
            "Nie wskazano przestrzeni roboczej. Podaj ścieżkę do pliku albo ustaw zmienną "
            "środowiskową SWOT_WORKSPACE."
        ),
        "en": "No workspace given. Pass a file path or set the SWOT_WORKSPACE variable.",
    },
    "error.ws_not_empty": {
        "pl": (
            "Przestrzeń robocza {path} nie jest pusta ({count} obiektów). Import pliku JSON "
            "tworzy nową przestrzeń — wskaż nowy plik."
        ),
        "en": (
            "Workspace {path} is not empty ({count} objects). A JSON import creates a new "
            "workspace: name a new file."
        ),
    },
    "error.ws_closed": {
        "pl": "Przestrzeń robocza została zamknięta. Otwórz ją ponownie.",
        "en": "The workspace is closed. Open it again.",
    },
    "error.path_name": {
        "pl": (
            "Nazwa „{name}” jest niedozwolona: {reason}. Użyj liter, cyfr, spacji, kropki, "
            "myślnika lub podkreślenia (np. warsztaty-2019)."
        ),
        "en": (
            "The name '{name}' is not allowed: {reason}. Use letters, digits, spaces, dots, "
            "hyphens or underscores (e.g. workshop-2019)."
        ),
    },
    "error.path_outside": {
        "pl": "Ścieżka „{name}” wychodzi poza folder {root}. Podaj samą nazwę pliku.",
        "en": "The path '{name}' leads outside {root}. Give a plain file name.",
    },
    "error.import_problems": {
        "pl": "Nie zaimportowano niczego: znaleziono {count} problem(ów).",
        "en": "Nothing was imported: {count} problem(s) found.",
    },
    "error.more_problems": {
        "pl": "… oraz {count} kolejnych problemów.",
        "en": "… and {count} more problems.",
    },
    "error.json_invalid": {
        "pl": "To nie jest poprawny plik JSON ({reason}).",
        "en": "This is not valid JSON ({reason}).",
    },
    "error.json_format": {
        "pl": "To nie jest eksport przestrzeni roboczej swot (brak pola „format”: {expected}).",
        "en": "This is not a swot workspace export (missing 'format': {expected}).",
    },
    "error.unknown_kind": {
        "pl": "Nieznany rodzaj obiektu „{kind}”. Dozwolone: {allowed}.",
        "en": "Unknown object kind '{kind}'. Allowed: {allowed}.",
    },
    "reason.no_folder": {"pl": "folder nie istnieje", "en": "the folder does not exist"},
    "reason.no_sample_data": {
        "pl": "ustaw zmienną SWOT_SAMPLE_DATA na folder sample_data",
        "en": "set SWOT_SAMPLE_DATA to the sample_data folder",
    },
    "reason.empty_file": {
        "pl": "plik jest pusty (0 bajtów)",
        "en": "the file is empty (0 bytes)",
    },
    "reason.foreign_db": {
        "pl": "to baza danych SQLite innego programu",
        "en": "it is another program's SQLite database",
    },
    "error.file_unreadable": {
        "pl": "Nie można odczytać pliku {path}: {reason}.",
        "en": "Cannot read {path}: {reason}.",
    },
    "path.reason.type": {"pl": "to nie jest tekst", "en": "it is not text"},
    "path.reason.empty": {"pl": "nazwa jest pusta", "en": "the name is empty"},
    "path.reason.nul": {"pl": "zawiera znak NUL", "en": "it contains a NUL character"},
    "path.reason.separator": {
        "pl": "zawiera separator ścieżki lub „..”",
        "en": "it contains a path separator or '..'",
    },
    "path.reason.long": {
        "pl": "jest dłuższa niż {max} znaków",
        "en": "it is longer than {max} characters",
    },
    "path.reason.chars": {
        "pl": "zawiera niedozwolone znaki albo zaczyna się od kropki lub myślnika",
        "en": "it has characters that are not allowed or starts with a dot or hyphen",
    },
    "path.reason.reserved": {
        "pl": "to nazwa zarezerwowana przez system Windows",
        "en": "it is reserved on Windows",
    },
    "path.reason.directory": {
        "pl": "to jest folder, a nie plik",
        "en": "it is a folder, not a file",
    },
    "where.row": {"pl": "wiersz {row}", "en": "row {row}"},
    "where.column": {"pl": "kolumna „{column}”", "en": "column '{column}'"},
    # --- what validation expects -------------------------------------------------------------
    "expect.text": {
        "pl": "niepustego tekstu (najwyżej {max} znaków)",
        "en": "non-empty text (at most {max} characters)",
    },
    "expect.optional_text": {
        "pl": "tekstu (najwyżej {max} znaków)",
        "en": "text (at most {max} characters)",
    },
    "expect.int_range": {
        "pl": "liczby całkowitej od {min} do {max}",
        "en": "a whole number from {min} to {max}",
    },
    "expect.number": {"pl": "liczby", "en": "a number"},
    "expect.choice": {"pl": "jednej z wartości: {choices}", "en": "one of: {choices}"},
    "expect.identifier": {
        "pl": "identyfikatora (litery, cyfry, „-” lub „_”, najwyżej 64 znaki)",
        "en": "an identifier (letters, digits, '-' or '_', at most 64 characters)",
    },
    "expect.text_list": {
        "pl": "listy niepustych tekstów bez powtórzeń",
        "en": "a list of non-empty texts without repeats",
    },
    "expect.years": {
        "pl": "roku początkowego nie późniejszego niż końcowy",
        "en": "a start year not after the end year",
    },
    "expect.evidence": {
        "pl": "dowodu: identyfikatora ustalenia albo opisu źródła",
        "en": "evidence: a finding id or a description of the source",
    },
    "expect.strategy_factors": {
        "pl": "czynników z ćwiartek {quadrants} (strategia {kind})",
        "en": "factors from quadrants {quadrants} (strategy {kind})",
    },
    "expect.period": {
        "pl": "okresu w postaci RRRR, RRRR-KN (kwartał) lub RRRR-MM",
        "en": "a period as YYYY, YYYY-QN (quarter) or YYYY-MM",
    },
    "got.length": {"pl": "{n} znaków", "en": "{n} characters"},
    "expect.unique": {
        "pl": "wartości niepowtarzalnej (taki obiekt „{kind}” już istnieje)",
        "en": "a unique value (such a {kind} already exists)",
    },
    "hint.unique": {
        "pl": "Zmień treść albo edytuj istniejący obiekt.",
        "en": "Change the text or edit the existing one.",
    },
    "expect.mapping": {"pl": "obiektu z polami (słownika)", "en": "an object with fields"},
    "expect.present": {"pl": "wartości (pole jest wymagane)", "en": "a value (required field)"},
    "hint.mapping": {
        "pl": "Sprawdź, czy plik nie został zmieniony ręcznie.",
        "en": "Check that the file was not edited by hand.",
    },
    "hint.unknown_field": {
        "pl": "Usuń nieznane pole albo popraw jego nazwę.",
        "en": "Remove the unknown field or correct its name.",
    },
    "hint.int_range": {
        "pl": "Wpisz liczbę całkowitą od {min} do {max}.",
        "en": "Enter a whole number from {min} to {max}.",
    },
    "hint.number": {
        "pl": "Wpisz liczbę, np. 12 albo 12,5 (bez jednostek).",
        "en": "Enter a number, e.g. 12 or 12.5 (no units).",
    },
    "hint.identifier": {
        "pl": "Użyj tylko liter łacińskich, cyfr, „-” i „_” (np. mok).",
        "en": "Use only Latin letters, digits, '-' and '_' (e.g. mok).",
    },
    "hint.text_list": {
        "pl": "Podaj listę, po jednej pozycji w wierszu.",
        "en": "Give a list, one item per line.",
    },
    "hint.repeats": {
        "pl": "Usuń powtórzone pozycje.",
        "en": "Remove the repeated items.",
    },
    "hint.evidence": {
        "pl": "Wskaż zapisane ustalenie z diagnozy albo opisz źródło (np. „ankieta 2019”).",
        "en": "Pick a saved finding or describe the source (e.g. 'survey 2019').",
    },
    "hint.period": {
        "pl": "Wpisz np. 2020, 2020-Q3 albo 2020-09.",
        "en": "Enter e.g. 2020, 2020-Q3 or 2020-09.",
    },
    "expect.variable_name": {
        "pl": "nazwy zmiennej (małe litery łacińskie, cyfry i „_”, zaczyna się literą)",
        "en": "a variable name (lowercase Latin letters, digits and '_', starting with a letter)",
    },
    "hint.variable_name": {
        "pl": "Np. wiek, ocena_mok, potrzeby.",
        "en": "E.g. age, rating_mok, needs.",
    },
    "kind.variable": {"pl": "zmienna", "en": "variable"},
    "kind.heading": {"pl": "nagłówek kolumny", "en": "column heading"},
    "hint.shorten": {"pl": "Skróć tekst.", "en": "Shorten the text."},
    "hint.fill": {"pl": "Uzupełnij to pole.", "en": "Fill in this field."},
    "hint.pick": {"pl": "Wybierz wartość z listy.", "en": "Pick a value from the list."},
    "hint.years": {
        "pl": "Zamień lata miejscami (np. 2019-2021).",
        "en": "Swap the years (e.g. 2019-2021).",
    },
    "hint.strategy_factors": {
        "pl": "Połącz strategię tylko z czynnikami z właściwych ćwiartek.",
        "en": "Link the strategy only to factors from the matching quadrants.",
    },
    # --- object kinds --------------------------------------------------------------------------
    "kind.institution": {"pl": "instytucja", "en": "institution"},
    "kind.team": {"pl": "zespół", "en": "team"},
    "kind.participant": {"pl": "uczestnik", "en": "participant"},
    "kind.factor": {"pl": "czynnik SWOT", "en": "SWOT factor"},
    "kind.strategy": {"pl": "strategia", "en": "strategy"},
    "kind.goal": {"pl": "cel strategiczny", "en": "strategic goal"},
    "kind.task": {"pl": "zadanie", "en": "task"},
    "kind.indicator": {"pl": "wskaźnik", "en": "indicator"},
    "kind.measurement": {"pl": "pomiar", "en": "measurement"},
    "kind.finding": {"pl": "ustalenie", "en": "finding"},
    "kind.comment": {"pl": "komentarz", "en": "comment"},
    "kind.dataset": {"pl": "zaimportowany plik", "en": "imported file"},
    # --- field labels -------------------------------------------------------------------------
    "field.id": {"pl": "identyfikator", "en": "id"},
    "field.version": {"pl": "wersja", "en": "version"},
    "field.name": {"pl": "nazwa", "en": "name"},
    "field.short_name": {"pl": "nazwa skrócona", "en": "short name"},
    "field.address": {"pl": "adres", "en": "address"},
    "field.district": {"pl": "dzielnica", "en": "district"},
    "field.description": {"pl": "opis", "en": "description"},
    "field.institution_id": {"pl": "instytucja", "en": "institution"},
    "field.team_id": {"pl": "zespół", "en": "team"},
    "field.members": {"pl": "członkowie", "en": "members"},
    "field.role": {"pl": "rola", "en": "role"},
    "field.quadrant": {"pl": "ćwiartka", "en": "quadrant"},
    "field.text": {"pl": "treść", "en": "text"},
    "field.category": {"pl": "kategoria", "en": "category"},
    "field.importance": {"pl": "ważność", "en": "importance"},
    "field.author": {"pl": "autor", "en": "author"},
    "field.evidence": {"pl": "dowody", "en": "evidence"},
    "field.source": {"pl": "źródło", "en": "source"},
    "field.position": {"pl": "kolejność", "en": "position"},
    "field.kind": {"pl": "rodzaj", "en": "kind"},
    "field.factor_ids": {"pl": "czynniki", "en": "factors"},
    "field.number": {"pl": "numer", "en": "number"},
    "field.title": {"pl": "tytuł", "en": "title"},
    "field.strategy_ids": {"pl": "strategie", "en": "strategies"},
    "field.goal_id": {"pl": "cel", "en": "goal"},
    "field.responsible": {"pl": "podmiot odpowiedzialny", "en": "responsible entity"},
    "field.cooperating": {"pl": "podmioty współpracujące", "en": "cooperating entities"},
    "field.start_year": {"pl": "rok początkowy", "en": "start year"},
    "field.end_year": {"pl": "rok końcowy", "en": "end year"},
    "field.task_id": {"pl": "zadanie", "en": "task"},
    "field.unit": {"pl": "jednostka", "en": "unit"},
    "field.baseline": {"pl": "wartość bazowa", "en": "baseline"},
    "field.target_text": {"pl": "wartość docelowa", "en": "target value"},
    "field.indicator_id": {"pl": "wskaźnik", "en": "indicator"},
    "field.period": {"pl": "okres", "en": "period"},
    "field.value": {"pl": "wartość", "en": "value"},
    "field.note": {"pl": "uwaga", "en": "note"},
    "field.statement": {"pl": "stwierdzenie", "en": "statement"},
    "field.numbers": {"pl": "liczby", "en": "numbers"},
    "field.target_kind": {"pl": "rodzaj komentowanego obiektu", "en": "commented kind"},
    "field.target_id": {"pl": "komentowany obiekt", "en": "commented object"},
    "field.status": {"pl": "status", "en": "status"},
    "field.created_at": {"pl": "data utworzenia", "en": "created at"},
    # --- domain labels ------------------------------------------------------------------------
    "quadrant.S": {"pl": "Mocne strony", "en": "Strengths"},
    "quadrant.W": {"pl": "Słabe strony", "en": "Weaknesses"},
    "quadrant.O": {"pl": "Szanse", "en": "Opportunities"},
    "quadrant.T": {"pl": "Zagrożenia", "en": "Threats"},
    "role.trainer": {"pl": "trener", "en": "trainer"},
    "role.member": {"pl": "członek zespołu", "en": "team member"},
    "role.expert": {"pl": "ekspert", "en": "expert"},
    "status.open": {"pl": "otwarty", "en": "open"},
    "status.resolved": {"pl": "rozwiązany", "en": "resolved"},
    # --- user interface ------------------------------------------------------------------------
    "ui.institutions": {"pl": "Instytucje", "en": "Institutions"},
    "ui.teams": {"pl": "Zespoły planowania strategicznego", "en": "Strategic planning teams"},
    "ui.no_teams": {"pl": "Nie utworzono jeszcze żadnego zespołu.", "en": "No teams yet."},
    "ui.members_count": {"pl": "Liczba członków", "en": "Members"},
    "ui.factors_count": {"pl": "Czynniki SWOT", "en": "SWOT factors"},
    "ui.goals_count": {"pl": "Cele planu", "en": "Plan goals"},
    "ui.institution": {"pl": "Instytucja", "en": "Institution"},
    "ui.team_name": {"pl": "Nazwa zespołu", "en": "Team name"},
    "ui.team_members": {"pl": "Członkowie", "en": "Members"},
    "ui.team_members_placeholder": {
        "pl": "Jedna osoba w wierszu, np.\nAnna K.\nPiotr W.",
        "en": "One person per line, e.g.\nAnna K.\nPiotr W.",
    },
    "ui.team_name_placeholder": {
        "pl": "np. Zespół planowania MOK",
        "en": "e.g. MOK planning team",
    },
    "ui.add_team": {"pl": "Dodaj zespół", "en": "Add team"},
    "ui.new_team": {"pl": "Nowy zespół", "en": "New team"},
    "ui.saved": {"pl": "Zapisano: {what}", "en": "Saved: {what}"},
    "ui.error": {"pl": "Nie zapisano. {message}", "en": "Not saved. {message}"},
    "ui.unexpected": {
        "pl": (
            "Wystąpił nieoczekiwany błąd ({error}). Nic nie zostało utracone — zgłoś to trenerowi."
        ),
        "en": "An unexpected error occurred ({error}). Nothing was lost: tell the trainer.",
    },
    "ui.workspace": {"pl": "Przestrzeń robocza", "en": "Workspace"},
    "ui.workspace_summary": {
        "pl": "{name}: {institutions}, {teams}, {factors}, {goals}.",
        "en": "{name}: {institutions}, {teams}, {factors}, {goals}.",
    },
    "count.institution": {
        "pl": "{n} instytucja|{n} instytucje|{n} instytucji",
        "en": "{n} institution|{n} institutions",
    },
    "count.team": {"pl": "{n} zespół|{n} zespoły|{n} zespołów", "en": "{n} team|{n} teams"},
    "count.factor": {
        "pl": "{n} czynnik SWOT|{n} czynniki SWOT|{n} czynników SWOT",
        "en": "{n} SWOT factor|{n} SWOT factors",
    },
    "count.goal": {
        "pl": "{n} cel planu|{n} cele planu|{n} celów planu",
        "en": "{n} plan goal|{n} plan goals",
    },
    # --- command line --------------------------------------------------------------------------
    "cli.description": {
        "pl": "swot — warsztaty planowania strategicznego i analizy SWOT dla instytucji kultury.",
        "en": "swot: strategic planning and SWOT workshops for culture institutions.",
    },
    "cli.demo": {
        "pl": "utwórz przestrzeń demonstracyjną z danych przykładowych (sample_data/)",
        "en": "create a demo workspace from the sample data (sample_data/)",
    },
    "cli.export": {
        "pl": "wyeksportuj przestrzeń roboczą do pliku JSON",
        "en": "export a workspace to a JSON file",
    },
    "cli.import": {
        "pl": "utwórz nową przestrzeń roboczą z pliku JSON",
        "en": "create a new workspace from a JSON file",
    },
    "cli.info": {
        "pl": "pokaż zawartość przestrzeni roboczej",
        "en": "show what a workspace holds",
    },
    "cli.backup": {
        "pl": "zrób kopię zapasową przestrzeni roboczej",
        "en": "back up a workspace",
    },
    "cli.arg_workspace": {"pl": "plik przestrzeni roboczej", "en": "workspace file"},
    "cli.arg_json": {"pl": "plik JSON", "en": "JSON file"},
    "cli.arg_force": {
        "pl": "zastąp istniejący plik",
        "en": "replace an existing file",
    },
    "cli.arg_lang": {"pl": "język komunikatów (pl, en)", "en": "message language (pl, en)"},
    "cli.created": {
        "pl": "Utworzono przestrzeń roboczą: {path}",
        "en": "Created workspace: {path}",
    },
    "cli.exported": {"pl": "Wyeksportowano do: {path}", "en": "Exported to: {path}"},
    "cli.backed_up": {"pl": "Kopia zapasowa: {path}", "en": "Backup: {path}"},
    "cli.error": {"pl": "Błąd: {message}", "en": "Error: {message}"},
}

_language = os.environ.get("SWOT_LANG", "pl") if os.environ.get("SWOT_LANG") in LANGUAGES else "pl"


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add a module's own messages to the catalogue (each key once, in every language).

    Modules keep their messages beside their code and register them at import time.
    """
    for key, entry in messages.items():
        if key in _CATALOG and _CATALOG[key] != entry:
            raise ValueError(f"message key {key!r} is registered twice with different texts")
        missing = [lang for lang in LANGUAGES if not entry.get(lang)]
        if missing:
            raise ValueError(f"message {key!r} lacks languages {missing}")
        _CATALOG[key] = entry


def set_language(lang: str) -> None:
    """Set the interface language for this process (``"pl"`` or ``"en"``)."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES} (got {lang!r})")
    _language = lang


def get_language() -> str:
    """Return the current interface language code."""
    return _language


def t(key: str, *, lang: str | None = None, default: str | None = None, **params: Any) -> str:
    """Translate ``key`` into the current (or given) language and fill in ``params``.

    A missing key returns ``default`` if given, else the key itself, so a forgotten label is
    visible but never crashes a workshop.
    """
    entry = _CATALOG.get(key)
    if entry is None:
        text = default if default is not None else key
    else:
        text = entry.get(lang or _language) or entry["pl"]
    return text.format(**params) if params else text


def plural(key: str, n: int, *, lang: str | None = None) -> str:
    """``n`` with the right plural form: Polish has three (1 / 2-4, 22-24 / 0, 5-21, 25...).

    >>> plural("count.team", 1), plural("count.team", 3), plural("count.team", 12)
    ('1 zespół', '3 zespoły', '12 zespołów')
    """
    forms = t(key, lang=lang, n=n).split("|")
    if len(forms) == 2:  # English-like: one / other
        return forms[0] if n == 1 else forms[1]
    if n == 1:
        return forms[0]
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return forms[1]
    return forms[2]


def keys() -> list[str]:
    """All catalogue keys (for tests that check every key has every language)."""
    return sorted(_CATALOG)


def catalog_entry(key: str) -> dict[str, str]:
    """The raw translations of one key."""
    return dict(_CATALOG[key])
