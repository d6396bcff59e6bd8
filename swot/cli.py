"""The ``swot`` command.

Exit codes: 0 success, 1 a swot error (message on stderr, in the interface language),
2 wrong usage (argparse).

Examples::

    swot demo warsztaty.swot
    swot info warsztaty.swot
    swot export warsztaty.swot -o kopia.json
    swot import kopia.json nowa.swot
    swot backup warsztaty.swot kopia.swot
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from swot import i18n
from swot.errors import SwotError
from swot.i18n import t

__all__ = ["main"]


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
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
