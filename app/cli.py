"""The `parley` command line: one entry point, a subcommand per job.

    parley validate FILE... [--json]     check scenario files
    parley lint FILE... [--json]         what validates but cannot work
    parley schema                        the scenario format as JSON Schema
    parley scenarios [--json]            the bundled scenarios and the user's own
    parley --self-test                   check this installation without a screen
    parley --version

Every command reports problems in the shape of `app.diagnostics` and exits
with the codes of `app.diagnostics.Exit`. Nothing here prints a traceback:
bad input is reported, and an unexpected failure of the machine (disk full,
no permission) exits 3 with one line saying what failed; anything else
unexpected too, its traceback going to the log (`app.crash`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.diagnostics import Diagnostic, Exit, has_errors, sort_key
from app.store.errors import StoreError

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
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation without a screen, then exit (0: fine)")
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH",
                        help="the sessions database (default: one per installation)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add = sub.add_parser

    def add_parser(name: str, **kw: object) -> argparse.ArgumentParser:
        return _add(name, parents=[common], **kw)  # type: ignore[arg-type]

    sub.add_parser = add_parser  # type: ignore[method-assign]

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

    p = sub.add_parser("scenarios", help="list the bundled scenarios and your own")
    p.add_argument("--json", action="store_true",
                   help="print a list of {id, title, version, as_of, file, source}")
    p.set_defaults(handler=cmd_scenarios)

    p = sub.add_parser("play", help="play a session headless: bots for every party not in --moves")
    p.add_argument("scenario", metavar="SCENARIO", nargs="?")
    p.add_argument("--resume", metavar="ID", help="continue a saved session (needs --db or the "
                   "default database); seed, seating and bots come from the database")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, shown)")
    p.add_argument("--moves", metavar="FILE", help="command log (JSON lines) driving some parties")
    p.add_argument("--bots", metavar="SPEC", default="",
                   help="bot policies, e.g. 'aldmere=hardliner,brevia=conciliator' or 'all=reciprocator'")
    p.add_argument("--preset", metavar="NAME", help="timing preset (default: the scenario's)")
    p.add_argument("--pace", type=float, default=0.0, metavar="SECONDS",
                   help="wait between rounds (for demonstrations)")
    p.add_argument("--json", action="store_true", help="print the canonical history as JSON lines")
    p.set_defaults(handler=cmd_play)

    p = sub.add_parser("simulate", help="dry run: bots play the scenario many times")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--runs", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0, help="run i uses seed S + i (default S = 0)")
    p.add_argument("--bots", metavar="SPEC", default="")
    p.add_argument("--preset", metavar="NAME")
    p.add_argument("--workers", type=int, default=None, metavar="K",
                   help="worker processes (default: one per core)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(handler=cmd_simulate)

    p = sub.add_parser("sessions", help="list saved sessions, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sessions)

    p = sub.add_parser("export", help="export a saved session as JSON or CSV")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=("json", "csv"), required=True)
    p.add_argument("--out", metavar="FILE", help="write here instead of printing")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="bring an exported session into this database")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_import)
    return parser


COMMANDS = ("validate", "lint", "schema", "scenarios", "play", "simulate", "sessions", "export", "import")


def main(argv: Sequence[str] | None = None) -> int:
    """The `parley` command. Nothing escapes it: bad input exits 2 with a message, a failure
    of the machine 3 with one line, anything unexpected 3 with one line and a log file."""
    if getattr(sys, "frozen", False):  # a bundle: worker processes re-enter here
        import multiprocessing

        multiprocessing.freeze_support()
    from app import crash

    crash.enable_faulthandler()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        return Exit.ENVIRONMENT
    except Exception as exc:  # noqa: BLE001 - the last resort: logged, one line, exit 3
        return crash.cli_failure(exc)


def window_main() -> int:
    """`parley-app`: the window, started without a console (pythonw on Windows, the bundle's
    windowed executable). What would go to a terminal goes to the log file instead."""
    if sys.stdout is None or sys.stderr is None:
        from app import crash

        try:
            stream = crash.open_log()
        except OSError:
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
        sys.stdout = sys.stdout or stream
        sys.stderr = sys.stderr or stream
    return main()


def _main(args: list[str]) -> int:
    if not args or _window_args(args[0]):
        return open_window(args)
    parser = build_parser()
    try:
        ns = parser.parse_args(args)
    except SystemExit as stop:  # --help, --version, usage errors
        return int(stop.code or 0)
    if ns.self_test:
        from app.selftest import self_test

        return self_test()
    handler: Handler | None = getattr(ns, "handler", None)
    if handler is None:
        parser.print_help()
        return Exit.OK
    try:
        return handler(ns)
    except StoreError as exc:
        return _fail(exc.message, exc.hint)
    except OSError as exc:
        print(f"parley: error: {exc.strerror or exc} ({exc.filename or 'system'})",
              file=sys.stderr)  # fmt: skip
        return Exit.ENVIRONMENT


def _window_args(first: str) -> bool:
    """`parley`, `parley SCENARIO` and `parley --scenario/--db/--autoplay ...` open the window."""
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return False
    if first.startswith("-"):
        return first.split("=")[0] in ("--scenario", "--db", "--autoplay", "--pace")
    return first.endswith((".yaml", ".yml")) or Path(first).is_file()


def open_window(args: list[str]) -> int:
    """`parley [SCENARIO] [--scenario S] [--db PATH] [--autoplay [--pace S]]`: the desktop app."""
    try:
        from app.ui.app import run
    except ImportError as exc:  # Qt's system libraries are missing
        print(f"parley: error: the window cannot start: {exc}", file=sys.stderr)
        print("    hint: on Linux install libegl1, libxkbcommon0 and libxcb-cursor0", file=sys.stderr)
        return Exit.ENVIRONMENT
    try:
        return run(args)
    except SystemExit as stop:
        return int(stop.code or 0)


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


def cmd_scenarios(ns: argparse.Namespace) -> int:
    """The scenarios the start screen offers: those that ship with Parley, then the user's."""
    from app.resources import all_scenarios, user_folder
    from app.scenario.validate import load_file

    rows: list[dict[str, str]] = []
    for found in all_scenarios():
        loaded = load_file(found.path)
        if not loaded.ok or loaded.scenario is None:
            errors = [d for d in loaded.diagnostics if d.severity == "error"]
            print(f"parley: skipped {found.path}: {len(errors)} error(s), first: "
                  f"{errors[0].format() if errors else '?'}\n    hint: `parley validate "
                  f"{found.path}` lists them", file=sys.stderr)  # fmt: skip
            continue
        meta = loaded.scenario.scenario
        rows.append({"id": meta.id, "title": meta.title, "version": meta.version,
                     "as_of": meta.as_of, "file": str(found.path), "source": found.source})  # fmt: skip
    if ns.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return Exit.OK
    for r in rows:
        print(f"{r['source']:<8} {r['id']:<24} {r['version']:<6} {r['title']}\n         {r['file']}")
    print(f"Your own scenarios go in {user_folder()}", file=sys.stderr)
    return Exit.OK


# --- playing ------------------------------------------------------------------


def _fail(message: str, hint: str = "", where: str = "parley") -> int:
    print(f"{where}: error: {message}", file=sys.stderr)
    if hint:
        print(f"    hint: {hint}", file=sys.stderr)
    return Exit.INVALID


def _load_scenario(path: str) -> object | None:
    from app.scenario.validate import load_file

    loaded = load_file(path)
    if not loaded.ok:
        for d in loaded.diagnostics:
            print(d.format(), file=sys.stderr)
        return None
    return loaded.scenario


def _seating(spec: str, scenario: object) -> dict[str, str]:
    """Parse --bots: `party=policy,...`; `all=policy` seats every party."""
    from app.engine.bots import POLICIES

    parties = [p.id for p in scenario.parties]  # type: ignore[attr-defined]
    seats: dict[str, str] = {}
    for part in filter(None, (x.strip() for x in spec.split(","))):
        who, _, policy = part.partition("=")
        if policy not in POLICIES:
            raise ValueError(f"unknown bot policy {policy!r} in --bots",
                             f"policies: {', '.join(POLICIES)}")
        if who == "all":
            seats |= {p: f"bot:{policy}" for p in parties}
        elif who in parties:
            seats[who] = f"bot:{policy}"
        else:
            raise ValueError(f"unknown party {who!r} in --bots", f"parties: {', '.join(parties)}")
    return seats


def _read_commands(path: str) -> list[dict[str, object]]:
    """A command log: one JSON object per line (blank lines and # comments skipped)."""
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}", "give a UTF-8 text file of JSON lines")
    commands = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cmd = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}:{exc.colno}: not JSON: {exc.msg}",
                             'each line is one command, e.g. {"type": "move", ...}')
        if not isinstance(cmd, dict) or "type" not in cmd:
            raise ValueError(f"{path}:{n}: a command is a JSON object with a `type`")
        commands.append(cmd)
    return commands


def cmd_play(ns: argparse.Namespace) -> int:
    import random

    from app.engine.compiled import compile_scenario
    from app.engine.headless import _Bare, drive, seats_for
    from app.engine.history import dumps_entry
    from app.engine.session import CommandError, Session
    from app.engine.transcript import describe

    try:
        commands = _read_commands(ns.moves) if ns.moves else []
    except ValueError as exc:
        return _fail(*exc.args)
    saved = None
    if ns.resume:
        from app.store.saved import SavedSession
        from app.store.sessions import Store

        if ns.scenario or ns.seed is not None or ns.bots or ns.preset:
            return _fail("--resume takes the scenario, seed, bots and preset from the database",
                         "leave out SCENARIO, --seed, --bots and --preset")
        saved = SavedSession.resume(Store.open(ns.db, create=False), ns.resume)
        saved.session.release()
        done = saved.sources().count("file")
        commands = commands[done:]
        compiled, seed = saved.session.c, saved.session.seed
        driver = saved
    else:
        if not ns.scenario:
            return _fail("play needs a SCENARIO (or --resume ID)")
        scenario = _load_scenario(ns.scenario)
        if scenario is None:
            return Exit.INVALID
        try:
            seating = _seating(ns.bots, scenario)
        except ValueError as exc:
            return _fail(*exc.args)
        seed = ns.seed if ns.seed is not None else random.SystemRandom().randrange(1, 10**6)
        compiled = compile_scenario(scenario)  # type: ignore[arg-type]
        if ns.preset:
            try:
                compiled.preset(ns.preset)
            except KeyError:
                names = [p.id for p in compiled.scenario.timing.presets]
                return _fail(f"unknown preset {ns.preset!r}",
                             f"presets: {', '.join(names) or 'none'}")  # fmt: skip
        seats = seats_for(commands, seating)
        if ns.db:
            from app.store.saved import SavedSession
            from app.store.sessions import Store

            text = open(ns.scenario, encoding="utf-8-sig").read()
            saved = SavedSession.new(Store.open(ns.db), compiled, text, seed, seats, ns.preset)
            driver = saved
        else:
            driver = _Bare(Session(compiled, seed, seats, preset=ns.preset))
    if not ns.json:
        what = f"session {saved.id}" if saved else "a session"
        print(f"Playing {what} of {compiled.scenario.scenario.title} with seed {seed}",
              file=sys.stderr)  # fmt: skip

    def show(entries: list[dict[str, object]]) -> None:
        for e in entries:
            if ns.json:
                print(dumps_entry(e))
            else:
                text = describe(compiled, e)
                if text:
                    print(text)
        sys.stdout.flush()

    show(list(driver.session.history.entries))
    try:
        drive(driver, commands, pace=ns.pace, on_entries=show)
    except CommandError as exc:
        return _fail(exc.message, exc.hint, ns.moves or "parley")
    return Exit.OK


def cmd_sessions(ns: argparse.Namespace) -> int:
    from app.store.sessions import Store

    store = Store.open(ns.db)
    rows = store.list()
    if ns.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return Exit.OK
    if not rows:
        print(f"No saved sessions in {store.path}", file=sys.stderr)
    for r in rows:
        print(f"{r['id']}  {r['status']:<9}  {r['updated']}  {r['title']}")
    return Exit.OK


def cmd_export(ns: argparse.Namespace) -> int:
    from app.store.exchange import dumps, export_csv, export_json
    from app.store.sessions import Store

    store = Store.open(ns.db, create=False)
    text = dumps(export_json(store, ns.id)) + "\n" if ns.format == "json" else \
        export_csv(store, ns.id)  # fmt: skip
    if ns.out:
        with open(ns.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        print(f"Wrote {ns.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return Exit.OK


def cmd_import(ns: argparse.Namespace) -> int:
    from app.store.exchange import import_json
    from app.store.sessions import Store

    try:
        with open(ns.file, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {ns.file}: {exc}")
    except json.JSONDecodeError as exc:
        return _fail(f"{ns.file}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}",
                     "give a file written by `parley export ID --format json`")
    sid = import_json(Store.open(ns.db), data)
    print(f"Imported session {sid}", file=sys.stderr)
    return Exit.OK


def cmd_simulate(ns: argparse.Namespace) -> int:
    from app.engine.simulate import simulate

    scenario = _load_scenario(ns.scenario)
    if scenario is None:
        return Exit.INVALID
    if ns.runs < 1:
        return _fail("--runs needs at least 1")
    try:
        seating = _seating(ns.bots, scenario)
    except ValueError as exc:
        return _fail(*exc.args)
    bar = _progress if sys.stderr.isatty() and not ns.json else None
    report = simulate(scenario, ns.runs, ns.seed, seating, ns.preset, ns.workers,  # type: ignore[arg-type]
                      progress=bar)  # fmt: skip
    if bar:
        print(file=sys.stderr)
    if ns.json:
        print(json.dumps(report, ensure_ascii=False))
        return Exit.OK
    print(f"{report['runs']} runs of {report['scenario']} ({report['seeds']})")
    for iid, info in report["issues"].items():
        print(f"  {iid:<24} agreed {info['agreed_rate']:6.1%}  deadlocked "
              f"{info['deadlock_rate']:6.1%}  deferred {info['deferred_rate']:6.1%}")
        for oid, rate in info["options"].items():
            if rate:
                print(f"      {oid:<28} {rate:6.1%}")
    for party, rate in report["above_batna"].items():
        print(f"  {party:<24} beats its BATNA in {rate:6.1%} of runs")
    return Exit.OK


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
