"""Build a demo workspace from the synthetic sample data in ``sample_data/``.

The demo is what a new user starts the workshop with: the three Tomaszów Mazowiecki culture
centres, their planning teams, the consultation with findings drawn from it, draft SWOTs
(some factors citing those findings) and draft development plans. All of it is synthetic
(see ``sample_data/README.md``).
"""

from __future__ import annotations

import csv
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from swot.errors import DataImportError, Problem, SwotError, WorkspaceError
from swot.i18n import register, t
from swot.model import (
    Comment,
    Evidence,
    Factor,
    Finding,
    Goal,
    Indicator,
    Institution,
    Measurement,
    Participant,
    Phase,
    Quadrant,
    Rating,
    Role,
    Strategy,
    StrategyKind,
    Task,
    Team,
    Vote,
)
from swot.store import Workspace

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEMO_NAME",
    "SAMPLE_EVIDENCE",
    "SAMPLE_FINDINGS",
    "SAMPLE_HORIZON",
    "SAMPLE_JOINT_GOAL",
    "SAMPLE_JOINT_TASKS",
    "SampleAnswerFinding",
    "SampleAspectFinding",
    "SampleWorkshop",
    "build_demo",
    "load_sample_offers",
    "load_sample_stakeholders",
    "play_sample_cooperation",
    "play_sample_monitoring",
    "play_sample_workshop",
    "sample_data_dir",
]

DEMO_NAME = "Tomaszów Mazowiecki 2019 — dane przykładowe (syntetyczne)"
_TARGET_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<target>[^()]*)\)\s*\.?\s*$")
_YEARS_RE = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*$")


def sample_data_dir() -> Path:
    """Folder with the sample data: ``$SWOT_SAMPLE_DATA`` or the repository's ``sample_data``."""
    env = os.environ.get("SWOT_SAMPLE_DATA")
    folder = Path(env) if env else Path(__file__).resolve().parent.parent / "sample_data"
    if not (folder / "instytucje.csv").is_file():
        raise WorkspaceError(
            t(
                "error.file_unreadable",
                path=folder / "instytucje.csv",
                reason=t("reason.no_sample_data"),
            )
        )
    return folder


def build_demo(
    path: str | os.PathLike[str],
    *,
    data_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Create the demo workspace at ``path``; returns the path.

    The consultation files are imported and the findings of :data:`SAMPLE_FINDINGS` drafted
    from them, so the SWOT factors listed in :data:`SAMPLE_EVIDENCE` cite a saved finding.
    The workspace is built in a temporary file and moved into place only when complete, so a
    failure never leaves half a demo behind.
    """
    folder = Path(data_dir) if data_dir is not None else sample_data_dir()
    target = Path(path)
    if target.exists() and not overwrite:
        raise WorkspaceError(t("error.ws_exists", path=target))
    tmp = target.with_name(f".{target.name}.building")
    for leftover in (tmp, *_sidecars(tmp)):
        leftover.unlink(missing_ok=True)
    try:
        with Workspace.create(tmp, name=DEMO_NAME, actor="demo") as ws:
            _load_institutions(ws, folder / "instytucje.csv")
            _load_teams(ws, folder / "zespoly.csv")
            # the diagnosis comes before the SWOT: factors cite its findings as evidence
            _load_consultation(ws, folder)
            findings = _add_sample_findings(ws)
            _load_factors(ws, folder / "swot_robocze.csv", findings)
            _load_plan(ws, folder / "plan_roboczy.csv")
            ws.add(Participant(name="Trener prowadzący", role=Role.TRAINER))
            ws.add(Participant(name="Ekspert zewnętrzny", role=Role.EXPERT))
        for sidecar in _sidecars(target):
            sidecar.unlink(missing_ok=True)
        tmp.replace(target)
    finally:
        for leftover in (tmp, *_sidecars(tmp)):
            leftover.unlink(missing_ok=True)
    return target


#: The consultation files of the sample, in the order a team would import them.
CONSULTATION_FILES = (
    ("konsultacje_online_google.csv", "online"),
    ("konsultacje_papier.csv", "paper"),
    ("konsultacje_wydarzenia_limesurvey.csv", "event"),
    ("sonda_uliczna.csv", "street"),
    ("opinie_osobiste.csv", "in_person"),
)


def _load_consultation(ws: Workspace, folder: Path) -> None:
    """Import every channel of the sample consultation through the real importers."""
    from swot import survey  # pandas: only needed here, not for `import swot`

    codebook = survey.Codebook.load(folder / "kwestionariusz.json")
    survey.save_codebook(ws, codebook)
    institutions = [i.id for i in ws.institutions()]
    for name, channel in CONSULTATION_FILES:
        result = survey.import_survey(
            folder / name,
            codebook=survey.load_codebook(ws),
            channel=channel,
            institutions=institutions,
        )
        survey.save_import(ws, result)


# --- findings of the sample needs diagnosis ---------------------------------------------------

register(
    {
        "demo.finding.strength": {
            "pl": "Cecha „{aspect}” jest dla mieszkańców ważna (średnio {imp}), a ocena "
            "{institution} jest jeszcze wyższa (średnio {perf}).",
            "en": "'{aspect}' matters to residents (mean {imp}) and {institution} is rated even "
            "higher (mean {perf}).",
        },
    }
)


@dataclass(frozen=True, slots=True)
class SampleAnswerFinding:
    """A sample finding: the share of one answer in :func:`swot.diagnosis.frequencies`.

    ``by`` and ``group`` pick one block of a split result (e.g. ``by="age"``,
    ``group="60–74"``); ``tallies`` adds the street-poll tallies, as the explorer does.
    """

    institution_id: str
    question: str
    answer: str
    by: str | None = None
    group: str | None = None
    tallies: bool = False


@dataclass(frozen=True, slots=True)
class SampleAspectFinding:
    """A sample finding: one aspect of a centre's :func:`swot.diagnosis.importance_performance`.

    A weakness (the centre is rated below the aspect's importance) or, with ``strength``, a
    strength (rated above it). Drafted only when the data says so.
    """

    institution_id: str
    aspect: str
    strength: bool = False


SampleFinding = SampleAnswerFinding | SampleAspectFinding

_MOK_INFORMATION = SampleAnswerFinding("mok", "barriers", "Brak informacji o ofercie")
_MOK_SENIORS = SampleAnswerFinding("mok", "needs", "Zajęcia dla seniorów", by="age", group="60–74")
_TKACZ_BUILDING = SampleAspectFinding("tkacz", "building")
_TKACZ_CRAFTS = SampleAnswerFinding(
    "tkacz", "needs", "Warsztaty rękodzieła, ceramiki", tallies=True
)
_DOK_UNKNOWN = SampleAnswerFinding("dok", "participation_dok", "Nie znam tej instytucji")
_DOK_CHILDREN = SampleAnswerFinding(
    "dok", "needs", "Zajęcia dla dzieci i młodzieży", by="age", group="30–44"
)
_DOK_PRICES = SampleAspectFinding("dok", "prices", strength=True)

#: What the sample planning teams took from the needs diagnosis (01_diagnoza), drafted from
#: the imported consultation by :func:`build_demo`: for each centre its weakest aspect in the
#: importance–performance grid, and what the consultation says about the factors of
#: :data:`SAMPLE_EVIDENCE` (the most frequent barrier; the needs of seniors and of parents'
#: age group; how many young people, or residents at all, do not know the centre).
SAMPLE_FINDINGS: tuple[SampleFinding, ...] = (
    SampleAspectFinding("mok", "prices"),
    _MOK_INFORMATION,
    _MOK_SENIORS,
    SampleAspectFinding("tkacz", "information"),
    _TKACZ_BUILDING,
    SampleAnswerFinding(
        "tkacz", "participation_tkacz", "Nie znam tej instytucji", by="age", group="20–29"
    ),
    _TKACZ_CRAFTS,
    SampleAspectFinding("dok", "information"),
    _DOK_UNKNOWN,
    _DOK_CHILDREN,
    _DOK_PRICES,
)

#: The sample SWOT factors that cite the consultation ("konsultacje społeczne 2019" in
#: sample_data/swot_robocze.csv) and the finding that backs them (exact factor text → finding);
#: the free-text source is kept beside it. Factors the consultation says nothing about, or
#: contradicts (e.g. DOK's "cramped rooms": its building is rated well), keep only their source.
SAMPLE_EVIDENCE: dict[str, SampleFinding] = {
    "Przestarzała strona internetowa i mała aktywność w mediach": _MOK_INFORMATION,
    "Rosnące zainteresowanie mieszkańców zajęciami dla seniorów": _MOK_SENIORS,
    "Zły stan techniczny budynku (dach, instalacja grzewcza)": _TKACZ_BUILDING,
    "Moda na rękodzieło, slow fashion i upcykling tekstyliów": _TKACZ_CRAFTS,
    "Mała rozpoznawalność ośrodka poza osiedlem": _DOK_UNKNOWN,
    "Młode rodziny z dziećmi wprowadzające się do nowych bloków": _DOK_CHILDREN,
    "Niskie ceny zajęć, dostępne dla większości rodzin": _DOK_PRICES,
}


def _add_sample_findings(ws: Workspace) -> dict[SampleFinding, Finding]:
    """Draft and save :data:`SAMPLE_FINDINGS` from the consultation saved in ``ws``.

    Every number and source comes from :mod:`swot.diagnosis` through the drafting functions
    a team uses in the diagnosis explorer; a finding the data does not support is skipped.
    """
    from swot import diagnosis, survey  # pandas: only needed here, not for `import swot`
    from swot.findings import draft_from_frequencies, draft_from_ipa

    data = survey.load_survey(ws)
    responses, codebook = data.responses, data.codebook
    labels = diagnosis.aspect_labels(codebook)
    names = {i.id: i.label for i in ws.institutions()}
    ipas: dict[str, pd.DataFrame] = {}
    answers: dict[tuple[str, str | None, bool], pd.DataFrame] = {}
    drafted: dict[SampleFinding, Finding] = {}
    for spec in SAMPLE_FINDINGS:
        inst = spec.institution_id
        if isinstance(spec, SampleAnswerFinding):
            key = (spec.question, spec.by, spec.tallies)
            if key not in answers:
                tallies = data.tallies if spec.tallies else None
                answers[key] = diagnosis.frequencies(
                    responses, codebook, spec.question, by=spec.by, tallies=tallies
                )
            drafted[spec] = draft_from_frequencies(
                answers[key], codebook, spec.answer, group=spec.group, institution_id=inst
            )
            continue
        if inst not in ipas:
            ipas[inst] = diagnosis.importance_performance(responses, codebook, inst)
        ipa = ipas[inst]
        row = ipa[ipa["aspect"] == spec.aspect].iloc[0]
        imp, perf = float(row["importance"]), float(row["performance"])
        if (perf > imp) != spec.strength:
            continue  # the residents do not say what the spec expects
        statement = None
        if spec.strength:  # draft_from_ipa words a weakness; a strength needs its own words
            statement = t(
                "demo.finding.strength",
                aspect=labels[spec.aspect],
                institution=names[inst],
                imp=f"{imp:.1f}".replace(".", ","),
                perf=f"{perf:.1f}".replace(".", ","),
            )
        drafted[spec] = draft_from_ipa(
            ipa,
            spec.aspect,
            institution_id=inst,
            institution_name=names[inst],
            aspect_label=labels[spec.aspect],
            statement=statement,
        )
    saved = ws.add_many(list(drafted.values()))
    return dict(zip(drafted, saved, strict=True))


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """CSV rows with the line number a spreadsheet would show (header is row 1)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise WorkspaceError(t("error.file_unreadable", path=path, reason=exc)) from None


def _load_institutions(ws: Workspace, path: Path) -> None:
    for _number, row in _rows(path):
        ws.add(
            Institution(
                id=row["id"],
                name=row["nazwa"],
                short_name=row.get("skrot", ""),
                address=row.get("adres", ""),
                district=row.get("dzielnica", ""),
                description=row.get("opis", ""),
            )
        )


def _load_teams(ws: Workspace, path: Path) -> None:
    for _number, row in _rows(path):
        members = tuple(m.strip() for m in row["czlonkowie"].split(";") if m.strip())
        team = Team(institution_id=row["instytucja"], name=row["zespol"], members=members)
        people = [Participant(name=m, role=Role.MEMBER, team_id=team.id) for m in team.members]
        ws.add_many([team, *people])


def _load_factors(
    ws: Workspace, path: Path, findings: dict[SampleFinding, Finding] | None = None
) -> None:
    findings = findings or {}
    teams = {team.institution_id: team.id for team in ws.teams()}
    problems: list[Problem] = []
    positions: dict[tuple[str, str], int] = {}
    for number, row in _rows(path):
        key = (row["instytucja"], row["cwiartka"])
        positions[key] = positions.get(key, -1) + 1
        source = row.get("zrodlo", "").strip()
        spec = SAMPLE_EVIDENCE.get(row["tresc"])
        finding = findings.get(spec) if spec else None
        if finding is not None and finding.institution_id != row["instytucja"]:
            finding = None
        evidence = (
            (Evidence(finding_id=finding.id if finding else None, source=source),)
            if source or finding
            else ()
        )
        try:
            ws.add(
                Factor(
                    institution_id=row["instytucja"],
                    quadrant=Quadrant(row["cwiartka"]),
                    text=row["tresc"],
                    category=row.get("kategoria", ""),
                    importance=int(row["waznosc"]),
                    author=row.get("autor", ""),
                    team_id=teams.get(row["instytucja"]),
                    evidence=evidence,
                    position=positions[key],
                )
            )
        except (SwotError, ValueError) as exc:
            problems.append(Problem(path.name, number, None, "", "model", str(exc)))
    if problems:
        raise DataImportError(problems)


def _load_plan(ws: Workspace, path: Path) -> None:
    institutions = {i.id for i in ws.institutions()}
    goals: dict[tuple[str | None, int], Goal] = {}
    for _number, row in _rows(path):
        owner = row["instytucja"] if row["instytucja"] in institutions else None
        key = (owner, int(row["cel_nr"]))
        if key not in goals:
            goals[key] = ws.add(Goal(institution_id=owner, number=key[1], title=row["cel"]))
        start, end = _years(row.get("perspektywa", ""))
        task = ws.add(
            Task(
                goal_id=goals[key].id,
                number=_task_number(row["zadanie_nr"]),
                title=row["zadanie"],
                responsible=row["podmiot_odpowiedzialny"],
                cooperating=_lines(row.get("podmioty_wspolpracujace", "")),
                start_year=start,
                end_year=end,
            )
        )
        for line in _lines(row.get("wskazniki", "")):
            match = _TARGET_RE.match(line)
            name, target = (match["name"], match["target"]) if match else (line, "")
            ws.add(Indicator(task_id=task.id, name=name.rstrip(" ."), target_text=target))


def _lines(cell: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in cell.splitlines():
        if line.strip():
            seen[line.strip()] = None
    return tuple(seen)


def _years(cell: str) -> tuple[int | None, int | None]:
    match = _YEARS_RE.match(cell or "")
    if not match:
        return None, None
    start = int(match[1])
    return start, int(match[2]) if match[2] else start


def _task_number(cell: str) -> int:
    """``"1.2"`` (goal.task, as plan tables number tasks) or ``"2"`` -> the task's own number."""
    return int(cell.strip().rstrip(".").split(".")[-1])


# --- a sample SWOT workshop, played on the demo -------------------------------------------------

register(
    {
        "demo.workshop.played": {
            "pl": (
                "Przykładowy przebieg warsztatu SWOT (dane syntetyczne): {name}. Głosowało "
                "{voters} z {members} członków zespołu (głosów: {votes}), macierze IFE/EFE "
                "wypełniło {raters} osób, strategii TOWS: {strategies}, uwag eksperta: "
                "{comments}. Etap warsztatu: „{phase}”, wyniki głosowania odsłonięte."
            ),
            "en": (
                "Sample SWOT workshop (synthetic data): {name}. {voters} of {members} team "
                "members voted ({votes} votes), {raters} filled in the IFE/EFE matrices, TOWS "
                "strategies: {strategies}, expert comments: {comments}. Workshop phase: "
                "'{phase}', votes revealed."
            ),
        },
        "demo.workshop.not_demo": {
            "pl": (
                "Pominięto przykładowy przebieg warsztatu: przestrzeń „{workspace}” nie jest "
                "przestrzenią demonstracyjną, więc nic w niej nie zmieniono."
            ),
            "en": (
                "Sample workshop skipped: '{workspace}' is not the demo workspace, so nothing "
                "in it was changed."
            ),
        },
        "demo.workshop.started": {
            "pl": (
                "Pominięto przykładowy przebieg warsztatu: {name} ma już głosy, oceny, "
                "strategie lub uwagi, więc nic nie zmieniono."
            ),
            "en": (
                "Sample workshop skipped: {name} already has votes, ratings, strategies or "
                "comments, so nothing was changed."
            ),
        },
        "demo.workshop.unknown": {
            "pl": (
                "Pominięto przykładowy przebieg warsztatu: brak przykładowych strategii dla {name}."
            ),
            "en": "Sample workshop skipped: there are no sample strategies for {name}.",
        },
    }
)

#: Sample TOWS strategies (synthetic): kind, text, and the exact texts of the factors they
#: combine (from sample_data/swot_robocze.csv). One weakness or threat of each centre is left
#: unanswered on purpose, so the gap check has something to show.
SAMPLE_STRATEGIES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "mok": (
        (
            "SO",
            "Cykl „Kino z rozmową” dla seniorów w kinie studyjnym, z dofinansowaniem z programów "
            "MKiDN",
            (
                "Duża sala widowiskowa na 400 miejsc i cyfrowe kino studyjne",
                "Rosnące zainteresowanie mieszkańców zajęciami dla seniorów",
                "Programy Ministerstwa Kultury i Dziedzictwa Narodowego",
                "Zainteresowanie kinem studyjnym i pokazami z dyskusją",
            ),
        ),
        (
            "SO",
            "Pakiet sponsorski Dni Tomaszowa dla lokalnych firm",
            (
                "Rozpoznawalna marka festiwali miejskich, m.in. Dni Tomaszowa",
                "Możliwość pozyskania lokalnych firm jako sponsorów festiwali",
            ),
        ),
        (
            "ST",
            "Młodzieżowa scena MOK: koncerty i warsztaty, które instruktorzy prowadzą razem "
            "z młodzieżą",
            (
                "Wykwalifikowana i zaangażowana kadra instruktorów",
                "Odpływ młodych mieszkańców do większych miast",
            ),
        ),
        (
            "WO",
            "Wniosek o fundusze unijne na nowe nagłośnienie, oświetlenie sceny i windę",
            (
                "Wyeksploatowane nagłośnienie i oświetlenie sali widowiskowej",
                "Bariery architektoniczne – brak windy na piętro pracowni",
                "Fundusze unijne na termomodernizację i wyposażenie obiektów",
            ),
        ),
        (
            "WO",
            "Nowa strona internetowa i profil w mediach społecznościowych prowadzony "
            "z młodymi wolontariuszami",
            (
                "Przestarzała strona internetowa i mała aktywność w mediach",
                "Niewielki udział młodzieży i młodych dorosłych w wydarzeniach",
                "Media społecznościowe jako kanał dotarcia do młodych odbiorców",
            ),
        ),
        (
            "WT",
            "Plan oszczędzania energii i więcej przychodów własnych (wynajem sali, kino), żeby "
            "mniej zależeć od dotacji",
            (
                "Uzależnienie budżetu od dotacji podmiotowej z budżetu miasta",
                "Rosnące koszty utrzymania budynku i energii",
                "Niepewna wysokość dotacji miejskiej w kolejnych latach",
            ),
        ),
    ),
    "tkacz": (
        (
            "SO",
            "Warsztaty upcyklingu tekstyliów na zabytkowych krosnach dla młodzieży i seniorów",
            (
                "Unikatowa pracownia tkacka z zabytkowymi krosnami",
                "Moda na rękodzieło, slow fashion i upcykling tekstyliów",
                "Rosnąca grupa aktywnych emerytów szukających zajęć w ciągu dnia",
            ),
        ),
        (
            "ST",
            "Instruktorzy nagrywają krótkie filmy o tkactwie i przyuczają następców",
            (
                "Instruktorzy rękodzieła z wieloletnim doświadczeniem i pasją",
                "Konkurencja kursów internetowych i tutoriali rękodzieła",
                "Odejście doświadczonych instruktorów na emeryturę",
            ),
        ),
        (
            "WO",
            "Wniosek o fundusze unijne na remont dachu i ogrzewania w ramach rewitalizacji",
            (
                "Zły stan techniczny budynku (dach, instalacja grzewcza)",
                "Fundusze unijne na rewitalizację obiektów poprzemysłowych",
            ),
        ),
        (
            "WO",
            "Warsztaty w szkołach i profil w mediach społecznościowych dla osób poniżej 30 lat",
            (
                "Bardzo niska rozpoznawalność wśród osób poniżej 30. roku życia",
                "Współpraca ze szkołami przy edukacji regionalnej",
            ),
        ),
        (
            "WT",
            "Wspólny kalendarz wydarzeń z MOK, żeby terminy się nie nakładały",
            (
                "Brak profesjonalnej promocji – informacja tylko pocztą pantoflową",
                "Duże wydarzenia MOK w tych samych terminach przyćmiewają ofertę",
            ),
        ),
    ),
    "dok": (
        (
            "SO",
            "Zajęcia ruchowe klubu seniora z grantu na projekty sąsiedzkie",
            (
                "Aktywny klub seniora spotykający się kilka razy w tygodniu",
                "Wielu seniorów na osiedlu chce spotkań i zajęć ruchowych",
                "Granty na projekty sąsiedzkie, np. „Dom Kultury+”",
            ),
        ),
        (
            "ST",
            "Festyny sąsiedzkie z radą osiedla jako wizytówka ośrodka przed radą miasta",
            (
                "Festyny sąsiedzkie integrujące mieszkańców osiedla",
                "Dobra współpraca z radą osiedla i spółdzielnią mieszkaniową",
                "Ryzyko ograniczenia dotacji z budżetu miasta",
            ),
        ),
        (
            "WO",
            "Projekt w budżecie obywatelskim na remont pawilonu",
            (
                "Ciasne, wymagające remontu pomieszczenia w pawilonie",
                "Budżet obywatelski jako źródło pieniędzy na remont i wyposażenie",
            ),
        ),
        (
            "WO",
            "Profil DOK w mediach społecznościowych i ogłoszenia w osiedlowych grupach",
            (
                "Oferta słabo widoczna w internecie, brak profilu w mediach",
                "Osiedlowe grupy mieszkańców w mediach społecznościowych",
            ),
        ),
        (
            "WT",
            "Wieloletnia umowa najmu ze spółdzielnią zamiast umów rocznych",
            (
                "Ciasne, wymagające remontu pomieszczenia w pawilonie",
                "Niepewność dalszego najmu lokalu w pawilonie spółdzielni",
            ),
        ),
    ),
}

#: The sample expert's comments: (on what, text, resolved). Targets: "S", "W" (the quadrant's
#: most important factor without a finding as evidence) or a strategy kind ("WO": the first
#: strategy of that cell).
SAMPLE_COMMENTS = (
    (
        "W",
        "Czy to potwierdzają wyniki konsultacji? Wskażcie ustalenie z diagnozy jako dowód.",
        False,
    ),
    (
        "WO",
        "Na jaki nabór składacie wniosek? Dopiszcie termin i wysokość wkładu własnego.",
        False,
    ),
    ("S", "Doprecyzujcie, czym ta mocna strona wyróżnia ośrodek na tle innych.", True),
)

#: How well the sample teams think their centre answers opportunities and threats (1-4).
_EXTERNAL_MOOD = {"mok": (3.2, 2.4), "tkacz": (2.4, 2.0), "dok": (2.8, 2.2)}
_VOTES_EACH = 5


@dataclass(frozen=True, slots=True)
class SampleWorkshop:
    """What :func:`play_sample_workshop` did (``played=False``: nothing; ``message`` says why)."""

    played: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


def play_sample_workshop(
    ws: Workspace, institution_id: str, *, trainer: str = "Trener prowadzący"
) -> SampleWorkshop:
    """Play a synthetic SWOT workshop of one institution on the demo workspace.

    The team votes (all members but the last; the trainer then reveals the totals and moves
    on to discussion), every member fills in the IFE/EFE matrices, the team writes TOWS
    strategies and the expert leaves comments (one already resolved). Everything goes
    through the same functions the widgets use, as the people themselves, so the history
    reads like a real workshop. The numbers come from a fixed seed: every run is the same.

    Only the demo workspace (:data:`DEMO_NAME`) is touched, and only an institution without
    votes, ratings, strategies or comments yet; otherwise nothing happens and the returned
    :class:`SampleWorkshop` says why. So a notebook may call this on any workspace.
    """
    from swot import facilitation, scoring, tows

    institution = ws.get(Institution, institution_id)
    if ws.name != DEMO_NAME:
        return SampleWorkshop(False, t("demo.workshop.not_demo", workspace=ws.name))
    if institution_id not in SAMPLE_STRATEGIES:
        return SampleWorkshop(False, t("demo.workshop.unknown", name=institution.name))
    factors = ws.factors(institution_id)
    ids = {f.id for f in factors}
    started = (
        ws.objects(Strategy, parent=institution_id)
        or any(v.factor_id in ids for v in ws.objects(Vote))
        or any(r.factor_id in ids for r in ws.objects(Rating))
        or any(c.target_id in ids for c in ws.objects(Comment))
    )
    if started:
        return SampleWorkshop(False, t("demo.workshop.started", name=institution.name))

    people = scoring.members(ws, institution_id)
    voters = people[:-1]
    facilitation.set_vote_budget(ws, institution_id, _VOTES_EACH, actor=trainer)
    facilitation.set_phase(ws, institution_id, Phase.VOTE, actor=trainer)
    votes = 0
    for person in voters:
        rng = random.Random(f"votes/{institution_id}/{person.name}")  # noqa: S311 - sample data
        picks = rng.choices(factors, weights=[f.importance**2 for f in factors], k=_VOTES_EACH)
        for factor in sorted(set(picks), key=factors.index):
            count = picks.count(factor)
            facilitation.cast_vote(ws, factor, person, count, actor=person.name)
            votes += count
    facilitation.reveal_votes(ws, institution_id, actor=trainer)
    state = facilitation.set_phase(ws, institution_id, Phase.DISCUSS, actor=trainer)

    for person in people:
        entries = _sample_ratings(factors, institution_id, person.name)
        scoring.save_member_ratings(ws, institution_id, person.id, entries, actor=person.name)

    by_text = {f.text: f for f in factors}
    strategies: list[Strategy] = []
    for number, (kind, text, linked) in enumerate(SAMPLE_STRATEGIES[institution_id]):
        author = people[number % len(people)].name
        factor_ids = tuple(by_text[x].id for x in linked if x in by_text)
        strategies.append(
            ws.add(
                Strategy(
                    institution_id=institution_id,
                    kind=StrategyKind(kind),
                    text=text,
                    factor_ids=factor_ids,
                ),
                actor=author,
            )
        )

    expert = next((p.name for p in ws.objects(Participant) if p.role is Role.EXPERT), "Ekspert")
    comments = 0
    for target_key, text, resolved in SAMPLE_COMMENTS:
        target: Factor | Strategy | None
        if target_key in ("S", "W", "O", "T"):
            group = [f for f in factors if f.quadrant.value == target_key]
            # the expert asks about what the diagnosis does not back yet
            target = max(group, key=lambda f: (not _has_finding(f), f.importance), default=None)
        else:
            target = next((s for s in strategies if s.kind.value == target_key), None)
        if target is None:
            continue
        comment = tows.add_comment(ws, target, expert, text, actor=expert)
        if resolved:
            tows.resolve_comment(ws, comment, actor=people[0].name)
        comments += 1

    message = t(
        "demo.workshop.played",
        name=institution.name,
        voters=len(voters),
        members=len(people),
        votes=votes,
        raters=len(people),
        strategies=len(strategies),
        comments=comments,
        phase=state.phase.label,
    )
    return SampleWorkshop(True, message)


def _has_finding(factor: Factor) -> bool:
    return any(e.finding_id for e in factor.evidence)


def _sample_ratings(
    factors: list[Factor], institution_id: str, name: str
) -> dict[str, tuple[float | None, int | None]]:
    """One member's synthetic IFE/EFE entry: weights near the importance, ratings by rule."""
    from swot.scoring import suggest_weights

    rng = random.Random(f"ratings/{institution_id}/{name}")  # noqa: S311 - sample data
    leaning = [
        f.replace(importance=min(5, max(1, f.importance + rng.choice((-1, 0, 0, 1)))))
        for f in factors
    ]
    weights = suggest_weights(leaning, by="importance")
    opportunities, threats = _EXTERNAL_MOOD.get(institution_id, (2.5, 2.5))
    entries: dict[str, tuple[float | None, int | None]] = {}
    for factor in factors:
        flip = rng.random() < 0.2
        if factor.quadrant is Quadrant.S:
            rating = 4 if (factor.importance >= 4) != flip else 3
        elif factor.quadrant is Quadrant.W:
            rating = 1 if (factor.importance >= 4) != flip else 2
        else:
            mood = opportunities if factor.quadrant is Quadrant.O else threats
            rating = min(4, max(1, round(mood + rng.uniform(-1, 1))))
        entries[factor.id] = (weights[factor.id], rating)
    return entries


# --- sample monitoring of the development plan ---------------------------------------------------

register(
    {
        "demo.monitoring.played": {
            "pl": (
                "Przykładowe pomiary (dane syntetyczne): {name}, okres planu {start}-{end}, "
                "pomiarów: {count} (lata {first}-{last})."
            ),
            "en": (
                "Sample measurements (synthetic data): {name}, plan period {start}-{end}, "
                "measurements: {count} (years {first}-{last})."
            ),
        },
        "demo.monitoring.not_demo": {
            "pl": (
                "Pominięto przykładowe pomiary: przestrzeń „{workspace}” nie jest przestrzenią "
                "demonstracyjną, więc nic w niej nie zmieniono."
            ),
            "en": (
                "Sample measurements skipped: '{workspace}' is not the demo workspace, so "
                "nothing was changed."
            ),
        },
        "demo.monitoring.started": {
            "pl": "Pominięto przykładowe pomiary: {name} ma już pomiary, więc nic nie zmieniono.",
            "en": "Sample measurements skipped: {name} already has measurements; nothing changed.",
        },
    }
)

#: The horizon of the sample plans (their tasks run from 2019 to 2021).
SAMPLE_HORIZON = (2019, 2021)


def play_sample_monitoring(
    ws: Workspace,
    institution_id: str,
    *,
    last_year: int = 2020,
    actor: str = "Trener prowadzący",
) -> SampleWorkshop:
    """Enter synthetic yearly measurements of one institution's sample plan, up to ``last_year``.

    Sets the plan's horizon to :data:`SAMPLE_HORIZON` when none is set. Each checkable
    indicator gets one value per year of its task up to ``last_year``, near what was due
    (some above, some below; a fixed seed makes every run the same); cumulative targets get
    their total in the first year that counts. Only the demo workspace is touched, and only
    an institution without measurements yet; otherwise the returned message says why.
    """
    from swot import plan

    institution = ws.get(Institution, institution_id)
    if ws.name != DEMO_NAME:
        return SampleWorkshop(False, t("demo.monitoring.not_demo", workspace=ws.name))
    goals = [g for g in ws.goals(institution_id) if g.institution_id == institution_id]
    tasks = [task for g in goals for task in ws.objects(Task, parent=g.id)]
    indicators = [i for task in tasks for i in ws.objects(Indicator, parent=task.id)]
    if any(ws.objects(Measurement, parent=i.id) for i in indicators):
        return SampleWorkshop(False, t("demo.monitoring.started", name=institution.name))
    horizon = plan.plan_horizon(ws)
    if horizon is None:
        horizon = plan.set_plan_horizon(ws, *SAMPLE_HORIZON, actor=actor)
    by_task = {task.id: task for task in tasks}
    adds: list[Measurement] = []
    for indicator in indicators:
        task = by_task[indicator.task_id]
        window = (task.start_year or horizon[0], task.end_year or horizon[1])
        target = plan.parse_target(indicator.target_text, horizon=window, context=indicator.name)
        if not target.checkable:
            continue
        rng = random.Random(f"monitoring/{institution_id}/{indicator.name}")  # noqa: S311
        for year in range(window[0], min(window[1], last_year) + 1):
            due = target.expected(year, baseline=indicator.baseline)
            if target.cumulative:
                if due is None and year != min(window[1], last_year):
                    continue
                due = target.value
            if due is None:
                continue
            value = due * rng.choice((0.5, 0.8, 1.0, 1.0, 1.2, 1.5))
            value = round(value) if due >= 5 or target.unit != "%" else round(value, 1)
            adds.append(Measurement(indicator_id=indicator.id, period=str(year), value=value))
            if target.cumulative:
                break
    ws.add_many(adds, actor=actor)
    years = sorted({m.year for m in adds}) or [horizon[0]]
    message = t(
        "demo.monitoring.played",
        name=institution.name,
        start=horizon[0],
        end=horizon[1],
        count=len(adds),
        first=years[0],
        last=years[-1],
    )
    return SampleWorkshop(True, message)


#: Which TOWS strategy each task of the sample plan carries out: (goal, task) number → the
#: beginning of the strategy's text in :data:`SAMPLE_STRATEGIES`. Some tasks are left
#: without one on purpose (MOK's goal 3, Tkacz's goal 1, DOK's 1.3 and 2.2): the plan checks
#: and the trace show what that looks like. MOK's and Tkacz's linked tasks trace back to the
#: residents' answers; DOK's rest on other sources (the annual report, the SWOT workshop),
#: and its task 2.1 on a factor with no evidence, which the trace points out.
SAMPLE_PLAN_LINKS: dict[str, dict[tuple[int, int], str]] = {
    "mok": {
        (1, 1): "Wniosek o fundusze unijne",
        (1, 2): "Wniosek o fundusze unijne",
        (2, 1): "Młodzieżowa scena MOK",
        (2, 2): "Cykl „Kino z rozmową”",
        (2, 3): "Nowa strona internetowa",
    },
    "tkacz": {
        (2, 1): "Warsztaty upcyklingu tekstyliów",
        (2, 2): "Warsztaty w szkołach i profil w mediach",
        (3, 1): "Wniosek o fundusze unijne na remont dachu",
        (3, 2): "Wniosek o fundusze unijne na remont dachu",
    },
    "dok": {
        (1, 1): "Zajęcia ruchowe klubu seniora",
        (1, 2): "Zajęcia ruchowe klubu seniora",
        (2, 1): "Festyny sąsiedzkie z radą osiedla",
        (3, 1): "Projekt w budżecie obywatelskim",
        (3, 2): "Projekt w budżecie obywatelskim",
    },
}


def link_sample_plan(
    ws: Workspace, institution_id: str, *, actor: str = "Trener prowadzący"
) -> int:
    """Link the sample plan's tasks to the sample workshop's TOWS strategies; returns how many.

    Needs :func:`play_sample_workshop` first (it writes the strategies). Only the demo
    workspace is touched and only tasks without strategies, so calling it twice changes
    nothing the second time.
    """
    if ws.name != DEMO_NAME or institution_id not in SAMPLE_PLAN_LINKS:
        return 0
    strategies = ws.objects(Strategy, parent=institution_id)
    updates = []
    for goal in ws.goals(institution_id):
        if goal.institution_id != institution_id:
            continue
        for task in ws.objects(Task, parent=goal.id):
            start = SAMPLE_PLAN_LINKS[institution_id].get((goal.number, task.number))
            chosen = [s.id for s in strategies if start and s.text.startswith(start)]
            if chosen and not task.strategy_ids:
                updates.append(task.replace(strategy_ids=tuple(chosen[:1])))
    if updates:
        ws.apply(updates=updates, actor=actor)
    return len(updates)


#: The sample offer spreadsheets, one per demo centre (see ``sample_data/README.md``).
SAMPLE_OFFER_FILES = {"mok": "oferta_mok.csv", "tkacz": "oferta_tkacz.csv", "dok": "oferta_dok.csv"}

register(
    {
        "demo.offers.played": {
            "pl": "Wczytano przykładową ofertę (dane syntetyczne): {details}.",
            "en": "Loaded the sample offer (synthetic data): {details}.",
        },
        "demo.offers.count": {"pl": "{name}: {count} pozycji", "en": "{name}: {count} items"},
        "demo.offers.not_demo": {
            "pl": (
                "Pominięto przykładową ofertę: przestrzeń „{workspace}” nie jest przestrzenią "
                "demonstracyjną, więc nic w niej nie zmieniono."
            ),
            "en": (
                "Sample offer skipped: '{workspace}' is not the demo workspace, so nothing "
                "in it was changed."
            ),
        },
        "demo.offers.started": {
            "pl": "Pominięto przykładową ofertę: ośrodki mają już wpisaną ofertę.",
            "en": "Sample offer skipped: the centres already have their offer entered.",
        },
    }
)


def load_sample_offers(
    ws: Workspace,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    actor: str = "Trener prowadzący",
) -> SampleWorkshop:
    """Import the synthetic offer spreadsheets of the three demo centres.

    Each file goes through :func:`swot.offers.preview_offers` and
    :func:`swot.offers.save_offers`, as a team's own spreadsheet would. Only the demo workspace
    (:data:`DEMO_NAME`) is touched, and only while no centre has any offer; otherwise nothing
    happens and the returned message says why, so a notebook may call this on any workspace.
    """
    from swot import offers

    if ws.name != DEMO_NAME:
        return SampleWorkshop(False, t("demo.offers.not_demo", workspace=ws.name))
    if offers.offers(ws):
        return SampleWorkshop(False, t("demo.offers.started"))
    folder = Path(data_dir) if data_dir is not None else sample_data_dir()
    types = offers.activity_types(ws)
    previews = {
        inst: offers.preview_offers(folder / name, activity_types=types)
        for inst, name in SAMPLE_OFFER_FILES.items()
    }
    problems = [p for preview in previews.values() for p in preview.errors]
    if problems:
        raise DataImportError(problems)
    details = []
    for inst, preview in previews.items():
        saved = offers.save_offers(ws, preview, inst, actor=actor)
        details.append(
            t("demo.offers.count", name=ws.get(Institution, inst).label, count=len(saved))
        )
    return SampleWorkshop(True, t("demo.offers.played", details="; ".join(details)))


# --- sample invitation list of the closing panel --------------------------------------------------

#: The synthetic address list of the panel's invitations (marked synthetic in its title row).
SAMPLE_STAKEHOLDERS_FILE = "zaproszeni_panel.csv"

register(
    {
        "demo.stakeholders.played": {
            "pl": "Wczytano przykładową listę zaproszonych na panel (dane fikcyjne): {summary}",
            "en": "Loaded the sample panel invitation list (fictional data): {summary}",
        },
        "demo.stakeholders.not_demo": {
            "pl": (
                "Pominięto przykładową listę zaproszonych: przestrzeń „{workspace}” nie jest "
                "przestrzenią demonstracyjną, więc nic w niej nie zmieniono."
            ),
            "en": (
                "Sample invitation list skipped: '{workspace}' is not the demo workspace, so "
                "nothing in it was changed."
            ),
        },
        "demo.stakeholders.started": {
            "pl": "Pominięto przykładową listę zaproszonych: lista zaproszonych nie jest pusta.",
            "en": "Sample invitation list skipped: the invitation list is not empty.",
        },
    }
)


def load_sample_stakeholders(
    ws: Workspace,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    actor: str = "Trener prowadzący",
) -> SampleWorkshop:
    """Import the synthetic invitation list of the closing panel (``zaproszeni_panel.csv``).

    The file goes through :func:`swot.invitations.preview_stakeholders` and
    :func:`swot.invitations.save_stakeholders`, as an organiser's own address list would. Only
    the demo workspace (:data:`DEMO_NAME`) is touched, and only while its invitation list is
    empty; otherwise nothing happens and the returned message says why.
    """
    from swot import invitations
    from swot.model import Stakeholder

    if ws.name != DEMO_NAME:
        return SampleWorkshop(False, t("demo.stakeholders.not_demo", workspace=ws.name))
    if ws.count(Stakeholder):
        return SampleWorkshop(False, t("demo.stakeholders.started"))
    folder = Path(data_dir) if data_dir is not None else sample_data_dir()
    preview = invitations.preview_stakeholders(ws, folder / SAMPLE_STAKEHOLDERS_FILE)
    invitations.save_stakeholders(ws, preview, actor=actor)
    summary = invitations.invitation_summary(ws).text()
    return SampleWorkshop(True, t("demo.stakeholders.played", summary=summary))


# --- sample cooperation plan of the three centres -------------------------------------------------

register(
    {
        "demo.cooperation.played": {
            "pl": (
                "Przykładowy plan współpracy (dane syntetyczne): zatwierdzono wspólne tematy: "
                "{themes}; cel wspólny „{goal}”, zadań: {tasks}, wskaźników: {indicators}."
            ),
            "en": (
                "Sample cooperation plan (synthetic data): shared themes confirmed: {themes}; "
                "joint goal '{goal}', tasks: {tasks}, indicators: {indicators}."
            ),
        },
        "demo.cooperation.not_demo": {
            "pl": (
                "Pominięto przykładowy plan współpracy: przestrzeń „{workspace}” nie jest "
                "przestrzenią demonstracyjną, więc nic w niej nie zmieniono."
            ),
            "en": (
                "Sample cooperation plan skipped: '{workspace}' is not the demo workspace, so "
                "nothing was changed."
            ),
        },
        "demo.cooperation.started": {
            "pl": (
                "Pominięto przykładowy plan współpracy: są już zatwierdzone wspólne tematy albo "
                "cele wspólne, więc nic nie zmieniono."
            ),
            "en": (
                "Sample cooperation plan skipped: there are confirmed shared themes or joint "
                "goals already; nothing changed."
            ),
        },
    }
)

#: The sample joint goal and its tasks: (a factor text of the theme behind the task, task
#: title, responsible, cooperating, years, indicator name and target).
SAMPLE_JOINT_GOAL = "Wspólna promocja i dotarcie do nowych odbiorców"
SAMPLE_JOINT_TASKS = (
    (
        "Przestarzała strona internetowa i mała aktywność w mediach",
        "Wspólny kalendarz wydarzeń i wspólny profil ośrodków w mediach społecznościowych",
        "mok",
        ("dok", "tkacz"),
        (2019, 2021),
        ("Liczba wydarzeń w kalendarzu", "min. 30 rocznie"),
    ),
    (
        "Konkurencja oferty komercyjnej i internetu",
        "Cykl wspólnych wydarzeń plenerowych „Kultura na osiedlach”",
        "dok",
        ("mok", "tkacz"),
        (2020, 2021),
        ("Liczba wspólnych wydarzeń plenerowych", "min. 3 rocznie"),
    ),
)


def play_sample_cooperation(ws: Workspace, *, trainer: str = "Trener prowadzący") -> SampleWorkshop:
    """Draft the sample cooperation plan of the three centres on the demo workspace.

    The shared themes behind :data:`SAMPLE_JOINT_TASKS` are confirmed and a joint goal with
    those tasks (one responsible centre, the others cooperating, years, an indicator each)
    is added to the joint plan, through the same functions :class:`~swot.widgets.ThemesPanel`
    uses. Only the demo workspace is touched, and only while it has no confirmed themes and
    no joint goals; otherwise nothing happens and the result says why.
    """
    from swot import compare

    if ws.name != DEMO_NAME:
        return SampleWorkshop(False, t("demo.cooperation.not_demo", workspace=ws.name))
    if compare.confirmed_themes(ws) or compare.joint_goals(ws):
        return SampleWorkshop(False, t("demo.cooperation.started"))
    themes = compare.shared_themes(ws.factors())
    confirmed: list[str] = []
    goal_id: str | None = None
    indicators = 0
    for text, title, responsible, cooperating, (start, end), (name, target) in SAMPLE_JOINT_TASKS:
        group = next((g for g in themes if text in {f.text for f in g.factors}), None)
        if group is not None:
            confirmed.append(compare.confirm_theme(ws, group, actor=trainer).label)
        task = compare.add_joint_task(
            ws,
            title,
            responsible=responsible,
            cooperating=cooperating,
            goal_id=goal_id,
            goal_title=None if goal_id else SAMPLE_JOINT_GOAL,
            start_year=start,
            end_year=end,
            actor=trainer,
        )
        goal_id = task.goal_id
        ws.add(Indicator(task_id=task.id, name=name, target_text=target), actor=trainer)
        indicators += 1
    message = t(
        "demo.cooperation.played",
        themes="; ".join(f"„{label}”" for label in confirmed),
        goal=SAMPLE_JOINT_GOAL,
        tasks=len(SAMPLE_JOINT_TASKS),
        indicators=indicators,
    )
    return SampleWorkshop(True, message)
