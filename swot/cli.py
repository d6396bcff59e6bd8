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

``swot check`` exits with 1 when a plan has errors (warnings alone give 0).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from swot import i18n
from swot.errors import SwotError
from swot.i18n import register, t

__all__ = ["main"]

register(
    {
        "cli.report": {
            "pl": "raport dla panelu: HTML (działa bez internetu) i XLSX z tabelami",
            "en": "the panel report: HTML (works offline) and XLSX with the tables",
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
    return 0


def _progress(step: str, i: int, total: int) -> None:
    print(t("cli.progress", i=i, total=total, step=step), file=sys.stderr, flush=True)


def _report(args: argparse.Namespace) -> int:
    from swot.report import build_report
    from swot.store import Workspace

    with Workspace.open(args.workspace) as ws:
        files = build_report(
            ws, args.output, lang=args.lang or i18n.get_language(), progress=_progress
        )
    print(t("cli.report_done", path=files.html))
    print(t("cli.report_done", path=files.xlsx))
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
