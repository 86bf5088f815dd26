"""The `parley` command line: one entry point, a subcommand per job.

    parley validate FILE... [--json]     check scenario files
    parley lint FILE... [--json]         what validates but cannot work
    parley schema                        the scenario format as JSON Schema
    parley --version

Every command reports problems in the shape of `app.diagnostics` and exits
with the codes of `app.diagnostics.Exit`. Nothing here prints a traceback:
bad input is reported, and an unexpected failure of the machine (disk full,
no permission) exits 3 with one line saying what failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from app import __version__
from app.diagnostics import Diagnostic, Exit, has_errors, sort_key

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code (2) and a one-line hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}\n  hint: `{self.prog} --help` lists the options",
              file=sys.stderr)  # fmt: skip
        raise SystemExit(Exit.INVALID)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parley", description="Negotiation-rehearsal simulator.")
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", help="check scenario files and report every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("lint", help="find what validates but cannot work")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    p.set_defaults(handler=cmd_lint)

    p = sub.add_parser("schema", help="print the scenario format as JSON Schema")
    p.set_defaults(handler=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        ns = parser.parse_args(args)
    except SystemExit as stop:  # --help, --version, usage errors
        return int(stop.code or 0)
    handler: Handler | None = getattr(ns, "handler", None)
    if handler is None:
        parser.print_help()
        return Exit.OK
    try:
        return handler(ns)
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        return Exit.ENVIRONMENT
    except OSError as exc:
        print(f"parley: error: {exc.strerror or exc} ({exc.filename or 'system'})",
              file=sys.stderr)  # fmt: skip
        return Exit.ENVIRONMENT


# --- scenario checks ----------------------------------------------------------


def _report(diagnostics: list[Diagnostic], files: list[str], as_json: bool, *,
            summary: dict[str, object]) -> None:  # fmt: skip
    diagnostics = sorted(diagnostics, key=sort_key)
    if as_json:
        payload = {**summary, "files": files, "diagnostics": [d.to_json() for d in diagnostics]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for d in diagnostics:
        print(d.format())
    counts = {s: sum(d.severity == s for d in diagnostics) for s in ("error", "warning", "info")}
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    print(f"{len(files)} file{'s' if len(files) != 1 else ''} checked: "
          f"{', '.join(parts) if parts else 'no problems'}", file=sys.stderr)  # fmt: skip


def cmd_validate(ns: argparse.Namespace) -> int:
    from app.scenario.validate import load_file

    diagnostics: list[Diagnostic] = []
    for path in ns.files:
        diagnostics += load_file(path).diagnostics
    valid = not has_errors(diagnostics)
    _report(diagnostics, ns.files, ns.json, summary={"valid": valid})
    return Exit.OK if valid else Exit.INVALID


def cmd_lint(ns: argparse.Namespace) -> int:
    from app.scenario.lint import lint
    from app.scenario.validate import load_file

    diagnostics: list[Diagnostic] = []
    invalid = False
    for path in ns.files:
        loaded = load_file(path)
        diagnostics += loaded.diagnostics
        if loaded.ok:
            diagnostics += lint(loaded)
        else:
            invalid = True
    errors = has_errors(diagnostics)
    _report(diagnostics, ns.files, ns.json, summary={"valid": not invalid, "clean": not errors})
    if invalid:
        return Exit.INVALID
    return Exit.LINT_ERRORS if errors else Exit.OK


def cmd_schema(ns: argparse.Namespace) -> int:
    from app.scenario.model import Scenario

    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Parley scenario"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return Exit.OK
