"""Build a demo workspace from the synthetic sample data in ``sample_data/``.

The demo is what a new user starts the workshop with: the three Tomaszów Mazowiecki culture
centres, their planning teams, draft SWOTs and draft development plans. All of it is
synthetic (see ``sample_data/README.md``).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from swot.errors import DataImportError, Problem, SwotError, WorkspaceError
from swot.i18n import t
from swot.model import (
    Evidence,
    Factor,
    Goal,
    Indicator,
    Institution,
    Participant,
    Quadrant,
    Role,
    Task,
    Team,
)
from swot.store import Workspace

__all__ = ["DEMO_NAME", "build_demo", "sample_data_dir"]

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
            _load_factors(ws, folder / "swot_robocze.csv")
            _load_plan(ws, folder / "plan_roboczy.csv")
            ws.add(Participant(name="Trener prowadzący", role=Role.TRAINER))
            ws.add(Participant(name="Ekspert zewnętrzny", role=Role.EXPERT))
            _load_consultation(ws, folder)
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


def _load_factors(ws: Workspace, path: Path) -> None:
    teams = {team.institution_id: team.id for team in ws.teams()}
    problems: list[Problem] = []
    positions: dict[tuple[str, str], int] = {}
    for number, row in _rows(path):
        key = (row["instytucja"], row["cwiartka"])
        positions[key] = positions.get(key, -1) + 1
        source = row.get("zrodlo", "").strip()
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
                    evidence=(Evidence(source=source),) if source else (),
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
