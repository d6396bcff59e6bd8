"""The ``swot`` command.

Exit codes: 0 success, 1 a swot error (message on stderr, in the interface language),
2 wrong usage (argparse).

Examples::

    swot demo warsztaty.swot
    swot info warsztaty.swot
    swot export warsztaty.swot -o kopia.json
    swot import kopia.json nowa.swot
    swot backup warsztaty.swot kopia.swot
    swot report warsztaty.swot -o raport
    swot check warsztaty.swot
    swot import-survey warsztaty.swot ankieta.csv uliczna.xlsx --yes
    swot review-export warsztaty.swot -o dla_ekspertow
    swot review-export warsztaty.swot notebooks/02_swot.ipynb -o dla_ekspertow

``swot check`` exits with 1 when a plan has errors (warnings alone give 0).
``swot import-survey`` checks every file first and shows what it found; it saves only with
``--yes`` (or after a "t" answer at the prompt), and only when every file can be imported.
Exit 0 when every file can be imported (saved or only checked), 1 when one cannot.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from swot import i18n
from swot.errors import SwotError
from swot.i18n import register, t

__all__ = ["main"]

register(
    {
        "cli.report": {
            "pl": "raport dla panelu: HTML (działa bez internetu), DOCX i XLSX z tabelami",
            "en": "the panel report: HTML (works offline), DOCX and XLSX with the tables",
        },
        "cli.check": {
            "pl": "kontrola jakości planów wszystkich ośrodków i planu współpracy",
            "en": "quality checks of every centre's plan and of the cooperation plan",
        },
        "cli.arg_out": {
            "pl": "folder na raport (zostanie utworzony, jeśli go nie ma)",
            "en": "folder for the report (created when missing)",
        },
        "cli.arg_report_lang": {"pl": "język raportu (pl, en)", "en": "report language (pl, en)"},
        "cli.progress": {"pl": "[{i}/{total}] {step}…", "en": "[{i}/{total}] {step}..."},
        "cli.report_done": {"pl": "Raport zapisano: {path}", "en": "Report saved: {path}"},
        "cli.check.joint": {"pl": "Plan współpracy", "en": "Cooperation plan"},
        "cli.check.ok": {"pl": "  bez uwag", "en": "  no problems"},
        "cli.check.issue": {
            "pl": "  {severity}: {message} {hint}",
            "en": "  {severity}: {message} {hint}",
        },
        "cli.import_survey": {
            "pl": (
                "wczytaj pliki konsultacji (ankiety, sondaż uliczny, notatki) do przestrzeni "
                "roboczej: najpierw sprawdzenie, zapis dopiero po akceptacji"
            ),
            "en": (
                "load consultation files (surveys, street poll, notes) into the workspace: "
                "checked first, saved only when accepted"
            ),
        },
        "cli.arg_files": {"pl": "pliki CSV lub XLSX", "en": "CSV or XLSX files"},
        "cli.arg_channel": {
            "pl": "kanał konsultacji (domyślnie wg formatu pliku)",
            "en": "consultation channel (default: by file format)",
        },
        "cli.arg_format": {
            "pl": "wymuś format zamiast wykrywania",
            "en": "force a format instead of detecting it",
        },
        "cli.arg_sheet": {"pl": "arkusz w pliku XLSX", "en": "sheet of an XLSX file"},
        "cli.arg_yes": {
            "pl": "zapisz bez pytania, jeśli wszystkie pliki dają się zaimportować",
            "en": "save without asking when every file can be imported",
        },
        "cli.imp.reading": {"pl": "czytanie {file}", "en": "reading {file}"},
        "cli.imp.file": {
            "pl": "{file}: format {format}, kanał {channel}, kodowanie {encoding}",
            "en": "{file}: format {format}, channel {channel}, encoding {encoding}",
        },
        "cli.imp.masked": {
            "pl": "  zamaskowane dane osobowe w odpowiedziach: {counts}",
            "en": "  personal data masked in answers: {counts}",
        },
        "cli.imp.dropped": {
            "pl": "  pominięte kolumny z danymi osobowymi: {columns}",
            "en": "  identity columns dropped: {columns}",
        },
        "cli.imp.problems": {
            "pl": "  problemów: {count} (pierwsze {shown} poniżej)",
            "en": "  problems: {count} (first {shown} below)",
        },
        "cli.imp.failed": {
            "pl": (
                "Nic nie zapisano: {count} z {total} plików nie da się zaimportować. "
                "Popraw je i uruchom polecenie ponownie."
            ),
            "en": (
                "Nothing saved: {count} of {total} files cannot be imported. "
                "Fix them and run the command again."
            ),
        },
        "cli.imp.ask": {
            "pl": "Zapisać {rows} wierszy z {files} plików w {workspace}? [t/N] ",
            "en": "Save {rows} rows from {files} files into {workspace}? [y/N] ",
        },
        "cli.imp.yes_answers": {"pl": "t,tak,y,yes", "en": "y,yes"},
        "cli.imp.not_saved": {
            "pl": "Nic nie zapisano. Aby zapisać, uruchom polecenie z --yes.",
            "en": "Nothing saved. To save, run the command with --yes.",
        },
        "cli.imp.saved": {
            "pl": "Zapisano {file}: {rows} wierszy.",
            "en": "Saved {file}: {rows} rows.",
        },
        "cli.review_export": {
            "pl": (
                "notatniki warsztatu jako strony HTML dla ekspertów bez Jupytera (uruchamiane "
                "na kopii przestrzeni, tylko do odczytu, działają bez internetu)"
            ),
            "en": (
                "the workshop notebooks as HTML pages for experts without Jupyter (run on a "
                "copy of the workspace, read-only, work offline)"
            ),
        },
        "cli.arg_notebooks": {
            "pl": "notatniki .ipynb (domyślnie wszystkie z folderu notebooks/)",
            "en": ".ipynb notebooks (default: all in the notebooks/ folder)",
        },
        "cli.arg_show_code": {
            "pl": "pokaż też kod komórek",
            "en": "show the cells' code too",
        },
        "cli.arg_timeout": {
            "pl": "najdłuższy czas jednej komórki w sekundach (domyślnie 600)",
            "en": "longest time of one cell in seconds (default 600)",
        },
        "cli.no_notebooks": {
            "pl": "Nie ma folderu z notatnikami {path}. Podaj pliki .ipynb w poleceniu.",
            "en": "There is no notebook folder {path}. Name the .ipynb files in the command.",
        },
        "cli.review_done": {
            "pl": "Strony dla ekspertów zapisano: {path}",
            "en": "Pages for experts saved: {path}",
        },
        "cli.check.summary": {
            "pl": "Błędów: {errors}, uwag: {warnings}.",
            "en": "Errors: {errors}, warnings: {warnings}.",
        },
    }
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", message=message) + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="swot", description=t("cli.description"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=t("cli.arg_lang"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = sub.add_parser("demo", help=t("cli.demo"), description=t("cli.demo"))
    demo.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))
    demo.add_argument("--force", action="store_true", help=t("cli.arg_force"))

    info = sub.add_parser("info", help=t("cli.info"), description=t("cli.info"))
    info.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))

    export = sub.add_parser("export", help=t("cli.export"), description=t("cli.export"))
    export.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))
    export.add_argument("-o", "--output", type=Path, help=t("cli.arg_json"))

    imp = sub.add_parser("import", help=t("cli.import"), description=t("cli.import"))
    imp.add_argument("json", type=Path, help=t("cli.arg_json"))
    imp.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))

    backup = sub.add_parser("backup", help=t("cli.backup"), description=t("cli.backup"))
    backup.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))
    backup.add_argument("target", type=Path, help=t("cli.arg_workspace"))

    report = sub.add_parser("report", help=t("cli.report"), description=t("cli.report"))
    report.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))
    report.add_argument("-o", "--output", type=Path, required=True, help=t("cli.arg_out"))
    # SUPPRESS: without the option here, the global --lang (before the command) still counts
    report.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=argparse.SUPPRESS,
        help=t("cli.arg_report_lang"),
    )

    check = sub.add_parser("check", help=t("cli.check"), description=t("cli.check"))
    check.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))

    review = sub.add_parser(
        "review-export", help=t("cli.review_export"), description=t("cli.review_export")
    )
    review.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))
    review.add_argument("-o", "--output", type=Path, required=True, help=t("cli.arg_out"))
    review.add_argument("notebooks", type=Path, nargs="*", help=t("cli.arg_notebooks"))
    review.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=t("cli.arg_report_lang")
    )
    review.add_argument("--show-code", action="store_true", help=t("cli.arg_show_code"))
    review.add_argument("--timeout", type=int, default=600, help=t("cli.arg_timeout"))

    imp_survey = sub.add_parser(
        "import-survey", help=t("cli.import_survey"), description=t("cli.import_survey")
    )
    imp_survey.add_argument("workspace", type=Path, help=t("cli.arg_workspace"))
    imp_survey.add_argument("files", type=Path, nargs="+", help=t("cli.arg_files"))
    # Checked by import_survey (its message lists the allowed values): argparse choices
    # would import pandas for every `swot --help`.
    imp_survey.add_argument("--channel", help=t("cli.arg_channel"))
    imp_survey.add_argument("--format", help=t("cli.arg_format"))
    imp_survey.add_argument("--sheet", help=t("cli.arg_sheet"))
    imp_survey.add_argument("--yes", "-y", action="store_true", help=t("cli.arg_yes"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in args_list:  # the language must be known before help texts are built
        index = args_list.index("--lang")
        if index + 1 < len(args_list) and args_list[index + 1] in i18n.LANGUAGES:
            i18n.set_language(args_list[index + 1])
    args = _parser().parse_args(args_list)
    try:
        return _dispatch(args)
    except SwotError as exc:
        print(t("cli.error", message=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    from swot.store import Workspace

    if args.command == "demo":
        from swot.demo import build_demo

        path = build_demo(args.workspace, overwrite=args.force)
        print(t("cli.created", path=path))
    elif args.command == "info":
        from swot.summary import workspace_summary

        with Workspace.open(args.workspace) as ws:
            print(workspace_summary(ws).text())
    elif args.command == "export":
        with Workspace.open(args.workspace) as ws:
            if args.output is None:
                sys.stdout.write(ws.export_json())
            else:
                ws.export_json(args.output)
                print(t("cli.exported", path=args.output))
    elif args.command == "import":
        Workspace.import_json(args.json, args.workspace).close()
        print(t("cli.created", path=args.workspace))
    elif args.command == "backup":
        with Workspace.open(args.workspace) as ws:
            print(t("cli.backed_up", path=ws.backup(args.target)))
    elif args.command == "report":
        return _report(args)
    elif args.command == "check":
        return _check(args)
    elif args.command == "import-survey":
        return _import_survey(args)
    elif args.command == "review-export":
        return _review_export(args)
    return 0


def _progress(step: str, i: int, total: int) -> None:
    print(t("cli.progress", i=i, total=total, step=step), file=sys.stderr, flush=True)


def _report(args: argparse.Namespace) -> int:
    from swot.report.chromium import warm_up

    warm_up(unless_cached=True)  # Chromium starts while pandas and plotly are imported
    from swot.report import build_report
    from swot.store import Workspace

    with Workspace.open(args.workspace) as ws:
        files = build_report(
            ws, args.output, lang=args.lang or i18n.get_language(), progress=_progress
        )
    for path in files.paths:
        print(t("cli.report_done", path=path))
    for note in files.notes:
        print(note, file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    from swot.plan import Severity, check_plan
    from swot.store import Workspace

    errors = warnings = 0
    with Workspace.open(args.workspace) as ws:
        plans: list[tuple[str | None, str]] = [(i.id, i.name) for i in ws.institutions()]
        plans.append((None, t("cli.check.joint")))
        for institution_id, name in plans:
            print(name)
            issues = check_plan(ws, institution_id)
            if not issues:
                print(t("cli.check.ok"))
            for issue in issues:
                errors += issue.severity is Severity.ERROR
                warnings += issue.severity is Severity.WARNING
                line = t(
                    "cli.check.issue",
                    severity=issue.severity.label,
                    message=issue.message,
                    hint=issue.hint,
                )
                print(line.rstrip())
    print(t("cli.check.summary", errors=errors, warnings=warnings))
    return 1 if errors else 0


_SHOWN_PROBLEMS = 10
NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def _review_export(args: argparse.Namespace) -> int:
    from swot.errors import PathError
    from swot.review import export_notebooks

    notebooks = list(args.notebooks)
    if not notebooks:
        if not NOTEBOOK_DIR.is_dir():
            raise PathError(t("cli.no_notebooks", path=NOTEBOOK_DIR))
        notebooks = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    pages = export_notebooks(
        args.workspace,
        notebooks,
        args.output,
        lang=getattr(args, "lang", None) or i18n.get_language(),
        progress=_progress,
        show_code=args.show_code,
        timeout=args.timeout,
    )
    print(t("cli.review_done", path=pages[-1]))
    return 0


def _import_survey(args: argparse.Namespace) -> int:
    from swot.errors import DataImportError
    from swot.store import Workspace
    from swot.survey import SurveyImport, import_survey, load_codebook, save_import

    with Workspace.open(args.workspace) as ws:
        codebook = load_codebook(ws)
        institutions = ws.institution_ids()
        checked: list[SurveyImport] = []
        failed = 0
        total = len(args.files)
        for i, path in enumerate(args.files, start=1):
            _progress(t("cli.imp.reading", file=path.name), i, total)
            try:
                result = import_survey(
                    path,
                    codebook=codebook,
                    channel=args.channel,
                    format=args.format,
                    sheet=args.sheet,
                    institutions=institutions,
                )
            except DataImportError as exc:
                failed += 1
                print(t("cli.error", message=exc), file=sys.stderr)
                continue
            _print_import(result)
            if not result.report.ok:
                failed += 1
            checked.append(result)
            codebook = result.codebook  # the next file merges into what this one added
        if failed:
            print(t("cli.imp.failed", count=failed, total=total), file=sys.stderr)
            return 1
        rows = sum(r.report.accepted for r in checked)
        if not args.yes and not _confirm(
            t("cli.imp.ask", rows=rows, files=len(checked), workspace=args.workspace)
        ):
            print(t("cli.imp.not_saved"))
            return 0
        for result in checked:
            save_import(ws, result)
            print(t("cli.imp.saved", file=result.report.file, rows=result.report.accepted))
    return 0


def _print_import(result: Any) -> None:
    report = result.report
    print(
        t(
            "cli.imp.file",
            file=report.file,
            format=report.format,
            channel=report.channel,
            encoding=report.encoding or "-",
        )
    )
    print("  " + report.summary())
    if report.dropped_columns:
        print(t("cli.imp.dropped", columns=", ".join(report.dropped_columns)))
    masked = {k: v for k, v in report.masked.items() if v}
    if masked:
        print(t("cli.imp.masked", counts=", ".join(f"{k}: {v}" for k, v in masked.items())))
    if report.problems:
        shown = report.problems[:_SHOWN_PROBLEMS]
        print(t("cli.imp.problems", count=len(report.problems), shown=len(shown)))
        for problem in shown:
            print(f"  - {problem}")


def _confirm(question: str) -> bool:
    """Ask on the terminal; a run without one (a script, a pipe) never saves without --yes."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in t("cli.imp.yes_answers").split(",")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
