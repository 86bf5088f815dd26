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
import atexit
import gc
import json
import math
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.diagnostics import Diagnostic, Exit, has_errors, sort_key
from app.store.errors import StoreError

if TYPE_CHECKING:
    from app.store.sessions import Store

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code (2) and a one-line hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(
            f"{self.prog}: error: {message}\n  hint: `{self.prog} --help` lists the options",
            file=sys.stderr,
        )
        raise SystemExit(Exit.INVALID)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parley", description="Negotiation-rehearsal simulator.")
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation without a screen, then exit (0: fine)",
    )
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        type=_db_path,
        help="the sessions database (default: one per installation)",
    )
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
    p.add_argument(
        "--json",
        action="store_true",
        help="print a list of {id, title, version, as_of, file, source}",
    )
    p.set_defaults(handler=cmd_scenarios)

    p = sub.add_parser("play", help="play a session headless: bots for every party not in --moves")
    p.add_argument("scenario", metavar="SCENARIO", nargs="?")
    p.add_argument(
        "--resume",
        metavar="ID",
        help="continue a saved session (needs --db or the "
        "default database); seed, seating and bots come from the database",
    )
    p.add_argument(
        "--seed",
        type=_seed,
        default=None,
        help="random seed, a 64-bit integer (default: a new one, shown)",
    )
    p.add_argument("--moves", metavar="FILE", help="command log (JSON lines) driving some parties")
    p.add_argument(
        "--bots",
        metavar="SPEC",
        default="",
        help="bot policies, e.g. 'aldmere=hardliner,brevia=conciliator' or 'all=reciprocator'",
    )
    p.add_argument("--preset", metavar="NAME", help="timing preset (default: the scenario's)")
    p.add_argument(
        "--pace",
        type=_pace,
        default=0.0,
        metavar="SECONDS",
        help=f"wait between rounds (for demonstrations; 0 to {MAX_PACE:g})",
    )
    p.add_argument("--json", action="store_true", help="print the canonical history as JSON lines")
    p.add_argument(
        "--as",
        dest="viewer",
        metavar="VIEWER",
        default="facilitator",
        help="print what this viewer may see: a party id, `public` or `facilitator` "
        "(the default: everything)",
    )
    p.set_defaults(handler=cmd_play)

    p = sub.add_parser("simulate", help="dry run: bots play the scenario many times")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument(
        "--runs",
        type=_runs,
        required=True,
        metavar="N",
        help=f"how many sessions (1 to {MAX_RUNS:,})",
    )
    p.add_argument("--seed", type=_seed, default=0, help="run i uses seed S + i (default S = 0)")
    p.add_argument("--bots", metavar="SPEC", default="")
    p.add_argument("--preset", metavar="NAME")
    p.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="K",
        help="worker processes (default: one per core)",
    )
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(handler=cmd_simulate)

    p = sub.add_parser("sessions", help="list saved sessions, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sessions)

    p = sub.add_parser("export", help="export a saved session as JSON or CSV")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=("json", "csv"), required=True)
    p.add_argument(
        "--as",
        dest="viewer",
        metavar="VIEWER",
        default="facilitator",
        help="whose view: a party id, 'public' or 'facilitator' (the default: "
        "everything, the only export `import` takes)",
    )
    p.add_argument("--out", metavar="FILE", help="write here instead of printing")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="bring an exported session into this database")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("report", help="a saved session's debrief as HTML, PDF or JSON")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=("html", "pdf", "json"), required=True)
    p.add_argument("--out", metavar="FILE", help="write here instead of printing")
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("compare", help="several tables of one scenario side by side")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--format", choices=("html", "pdf"), required=True)
    p.add_argument("--out", metavar="FILE", help="write here instead of printing")
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser("brief", help="what a delegation reads: public and its confidential brief")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a bundled scenario id")
    p.add_argument("--party", metavar="ID", help="the delegation (default: the public brief only)")
    p.add_argument("--format", choices=("text", "html", "pdf"), default="text")
    p.add_argument(
        "--out",
        metavar="PATH",
        help="a file; with --format pdf and no --party, a "
        "folder for one PDF per delegation plus the public brief",
    )
    p.set_defaults(handler=cmd_brief)
    return parser


# --- argument types: a bad value is a usage error (exit 2), never a traceback ----------

SEED_RANGE = (-(2**63), 2**63 - 1)  # what the database's INTEGER holds
MAX_PACE = 3600.0
MAX_RUNS = 100_000
MAX_WORKERS = 256


def _number(text: str, kind: type[int] | type[float]) -> int | float:
    try:
        value = kind(text)
    except ValueError:
        if text.strip().lstrip("+-").isdigit():  # over Python's 4,300-digit limit
            raise argparse.ArgumentTypeError(f"a number of {len(text):,} digits is too large")
        shown = text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"
        what = "an integer" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"{shown!r} is not {what}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _seed(text: str) -> int:
    seed = int(_number(text, int))
    if not SEED_RANGE[0] <= seed <= SEED_RANGE[1]:
        raise argparse.ArgumentTypeError("a seed is a 64-bit integer, from -2**63 to 2**63-1")
    return seed


def _pace(text: str) -> float:
    pace = float(_number(text, float))
    if not 0 <= pace <= MAX_PACE:
        raise argparse.ArgumentTypeError(f"the pace is 0 to {MAX_PACE:g} seconds, not {text}")
    return pace


def _runs(text: str) -> int:
    runs = int(_number(text, int))
    if not 1 <= runs <= MAX_RUNS:
        raise argparse.ArgumentTypeError(
            f"--runs is 1 to {MAX_RUNS:,}, not {text}; for more, "
            "run simulate again with another --seed"
        )
    return runs


def _workers(text: str) -> int:
    workers = int(_number(text, int))
    if not 1 <= workers <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"--workers is 1 to {MAX_WORKERS}, not {text}")
    return workers


def _db_path(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "the path is empty; leave --db out for the default database"
        )
    if "\0" in text:
        raise argparse.ArgumentTypeError("the path holds a NUL character")
    return text


def _safe_console() -> None:
    """Output on any console encoding: what it cannot show becomes `?`, not an error."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding not in ("utf8", "utf8sig") and reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a detached or closed stream: leave it alone
                pass


COMMANDS = (
    "validate",
    "lint",
    "schema",
    "scenarios",
    "play",
    "simulate",
    "sessions",
    "export",
    "import",
    "report",
    "compare",
    "brief",
)


def main(argv: Sequence[str] | None = None) -> int:
    """The `parley` command. Nothing escapes it: bad input exits 2 with a message, a failure
    of the machine 3 with one line, anything unexpected 3 with one line and a log file."""
    if getattr(sys, "frozen", False):  # a bundle: worker processes re-enter here
        import multiprocessing

        multiprocessing.freeze_support()
    from app import crash

    crash.enable_faulthandler()
    _safe_console()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        return Exit.ENVIRONMENT
    except Exception as exc:  # noqa: BLE001 - the last resort: logged, one line, exit 3
        return crash.cli_failure(exc)
    finally:
        _close_stores()
        if argv is None:  # the process's own command line: it ends after this
            atexit.register(_leave_to_the_system)


_STORES: list[Store] = []  # the session databases this command opened


def _open_store(path: str | None, *, create: bool = True) -> Store:
    """`Store.open`, closed again when the command returns."""
    from app.store.sessions import Store

    store = Store.open(path, create=create)
    _STORES.append(store)
    return store


def _close_stores() -> None:
    """Every move was committed as it was made: closing checkpoints the database file and
    takes its -wal and -shm files away, so the file alone holds the sessions."""
    while _STORES:
        try:
            _STORES.pop().close()
        except Exception:  # noqa: BLE001, S110 - nothing is lost: the next open recovers
            pass


def _leave_to_the_system() -> None:
    """At exit, what the command made is memory the system takes back: its files and its
    databases are closed. Frozen, it is not walked once more by Python's last cycle
    collection, which took a sixth of `parley validate`'s time and a fifth of a second
    after the window had closed."""
    gc.freeze()


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
    except BrokenPipeError:  # `parley ... | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more to flush at exit
        return Exit.OK
    except OSError as exc:
        print(f"parley: error: {exc.strerror or exc} ({exc.filename or 'system'})", file=sys.stderr)
        return Exit.ENVIRONMENT


def _window_args(first: str) -> bool:
    """`parley`, `parley SCENARIO` and `parley --scenario/--db/--autoplay/--seat ...` open the
    window."""
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return False
    if first.startswith("-"):
        return first.split("=")[0] in (
            "--scenario",
            "--db",
            "--autoplay",
            "--pace",
            "--seat",
            "--bots",
            "--preset",
            "--seed",
            "--start",
            "--talk",
            "--entry",
            "--pin",
        )
    return first.endswith((".yaml", ".yml")) or Path(first).is_file()


def open_window(args: list[str]) -> int:
    """`parley [SCENARIO] [--scenario S] [--db PATH] [--autoplay [--pace S]]`: the desktop app."""
    try:
        from app.ui.app import run
    except ImportError as exc:  # Qt's system libraries are missing
        print(f"parley: error: the window cannot start: {exc}", file=sys.stderr)
        print(
            "    hint: on Linux install libegl1, libxkbcommon0 and libxcb-cursor0", file=sys.stderr
        )
        return Exit.ENVIRONMENT
    try:
        return run(args)
    except SystemExit as stop:
        return int(stop.code or 0)


# --- scenario checks ----------------------------------------------------------


def _report(
    diagnostics: list[Diagnostic], files: list[str], as_json: bool, *, summary: dict[str, object]
) -> None:
    diagnostics = sorted(diagnostics, key=sort_key)
    if as_json:
        payload = {**summary, "files": files, "diagnostics": [d.to_json() for d in diagnostics]}
        print(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
        return
    for d in diagnostics:
        print(d.format())
    counts = {s: sum(d.severity == s for d in diagnostics) for s in ("error", "warning", "info")}
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    print(
        f"{len(files)} file{'s' if len(files) != 1 else ''} checked: "
        f"{', '.join(parts) if parts else 'no problems'}",
        file=sys.stderr,
    )


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
    from app.scenario.schema import scenario_schema

    print(json.dumps(scenario_schema(), indent=2, ensure_ascii=False, allow_nan=False))
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
            print(
                f"parley: skipped {found.path}: {len(errors)} error(s), first: "
                f"{errors[0].format() if errors else '?'}\n    hint: `parley validate "
                f"{found.path}` lists them",
                file=sys.stderr,
            )
            continue
        meta = loaded.scenario.scenario
        rows.append(
            {
                "id": meta.id,
                "title": meta.title,
                "version": meta.version,
                "as_of": meta.as_of,
                "file": str(found.path),
                "source": found.source,
            }
        )
    if ns.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return Exit.OK
    for r in rows:
        print(
            f"{r['source']:<8} {r['id']:<24} {r['version']:<6} {r['title']}\n         {r['file']}"
        )
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
            raise ValueError(
                f"unknown bot policy {policy!r} in --bots", f"policies: {', '.join(POLICIES)}"
            )
        if who == "all":
            seats |= {p: f"bot:{policy}" for p in parties}
        elif who in parties:
            seats[who] = f"bot:{policy}"
        else:
            raise ValueError(f"unknown party {who!r} in --bots", f"parties: {', '.join(parties)}")
    return seats


class _LogProblem(Exception):
    """A bad line in a command log: `FILE:LINE: error: ...` and a hint."""

    def __init__(self, where: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.where, self.message, self.hint = where, message, hint


def _read_commands(path: str) -> list[tuple[int, dict[str, object]]]:
    """A command log: one JSON object per line (blank lines and # comments skipped), each
    with its line number, every one checked in shape before anything is played."""
    from app.engine.commands import CommandError, check_shape

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe could hang the reader
            raise _LogProblem(
                path,
                "this is not a regular file (a folder, a device or a pipe)",
                "give the path of a text file of JSON lines",
            )
        with open(path, "rb") as fh:
            raw = fh.read(MAX_LOG_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise _LogProblem(
            path,
            f"cannot read the file: {getattr(exc, 'strerror', None) or exc}",
            "give a UTF-8 text file of JSON lines",
        ) from None
    if len(raw) > MAX_LOG_BYTES:
        raise _LogProblem(
            path,
            f"the file is larger than {MAX_LOG_BYTES // 1048576} MiB",
            "a command log holds one short JSON object per line",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _LogProblem(
            f"{path}:{line}", "the file is not UTF-8 text", "save it as UTF-8"
        ) from None
    commands = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cmd = json.loads(line, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            raise _LogProblem(
                f"{path}:{n}:{exc.colno}",
                f"not JSON: {exc.msg}",
                'each line is one command, e.g. {"type": "move", ...}',
            ) from None
        except RecursionError:
            raise _LogProblem(
                f"{path}:{n}",
                "brackets nest too deeply to be a command",
                'each line is one flat command, e.g. {"type": "move", ...}',
            ) from None
        except ValueError as exc:
            raise _LogProblem(
                f"{path}:{n}",
                f"not a command: {exc}",
                'each line is one flat command, e.g. {"type": "move", ...}',
            ) from None
        try:
            commands.append((n, check_shape(cmd)))
        except CommandError as exc:
            raise _LogProblem(f"{path}:{n}", exc.message, exc.hint) from None
    return commands


MAX_LOG_BYTES = 16 * 1048576


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number a command can hold")


def _check_log(path: str, compiled: object, commands: list[tuple[int, dict[str, object]]]) -> None:
    """Every id each command names exists in the scenario (did-you-mean otherwise)."""
    from app.engine.commands import CommandError, check_names

    for n, cmd in commands:
        try:
            check_names(compiled, cmd)  # type: ignore[arg-type]
        except CommandError as exc:
            raise _LogProblem(f"{path}:{n}", exc.message, exc.hint) from None


class _Numbered:
    """Carries a session forward and knows which line of the log each command came from,
    so that a move refused in play is reported at its line."""

    def __init__(self, driver: object, path: str, lines: list[int]) -> None:
        self.driver = driver
        self.path = path
        self.lines = lines
        self.done = 0

    @property
    def session(self) -> object:
        return self.driver.session  # type: ignore[attr-defined]

    def apply(self, command: dict[str, object], source: str = "app") -> list[dict[str, object]]:
        from app.engine.commands import CommandError

        if source != "file":
            return self.driver.apply(command, source)  # type: ignore[attr-defined]
        line = self.lines[self.done]
        try:
            entries = self.driver.apply(command, source)  # type: ignore[attr-defined]
        except CommandError as exc:
            raise _LogProblem(f"{self.path}:{line}", exc.message, exc.hint) from None
        self.done += 1
        return entries


def cmd_play(ns: argparse.Namespace) -> int:
    import random

    from app.engine.clock import SystemClock
    from app.engine.compiled import compile_scenario
    from app.engine.headless import _Bare, drive, seats_for
    from app.engine.history import dumps_entry
    from app.engine.session import CommandError, Session
    from app.engine.transcript import describe
    from app.engine.visibility import check_viewer, visible_entry

    try:
        numbered = _read_commands(ns.moves) if ns.moves else []
    except _LogProblem as exc:
        return _fail(exc.message, exc.hint, exc.where)
    saved = None
    if ns.resume:
        from app.store.saved import SavedSession

        if ns.scenario or ns.seed is not None or ns.bots or ns.preset:
            return _fail(
                "--resume takes the scenario, seed, bots and preset from the database",
                "leave out SCENARIO, --seed, --bots and --preset",
            )
        saved = SavedSession.resume(_open_store(ns.db, create=False), ns.resume, SystemClock())
        saved.session.release()
        numbered = numbered[saved.sources().count("file") :]
        compiled, seed = saved.session.c, saved.session.seed
        try:
            _check_log(ns.moves, compiled, numbered)
        except _LogProblem as exc:
            return _fail(exc.message, exc.hint, exc.where)
        driver: object = saved
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
                return _fail(
                    f"unknown preset {ns.preset!r}", f"presets: {', '.join(names) or 'none'}"
                )
        try:
            _check_log(ns.moves, compiled, numbered)
        except _LogProblem as exc:
            return _fail(exc.message, exc.hint, exc.where)
        seats = seats_for([cmd for _, cmd in numbered], seating)
        try:  # a seat the scenario refuses is a CommandError before anything is saved
            if ns.db:
                from app.store.saved import SavedSession

                text = open(ns.scenario, encoding="utf-8-sig").read()
                saved = SavedSession.new(
                    _open_store(ns.db), compiled, text, seed, seats, ns.preset, SystemClock()
                )
                driver = saved
            else:
                driver = _Bare(Session(compiled, seed, seats, SystemClock(), ns.preset))
        except CommandError as exc:
            return _fail(exc.message, exc.hint, ns.moves or "parley")
    try:
        check_viewer(driver.session, ns.viewer)  # type: ignore[attr-defined]
    except KeyError:
        return _fail(
            f"unknown viewer {ns.viewer!r} for --as",
            f"a party id ({', '.join(compiled.parties)}), public or facilitator",
        )
    if not ns.json:
        what = f"session {saved.id}" if saved else "a session"
        print(
            f"Playing {what} of {compiled.scenario.scenario.title} with seed {seed}",
            file=sys.stderr,
        )

    def show(entries: list[dict[str, object]]) -> None:
        session = driver.session  # type: ignore[attr-defined]
        for e in entries:
            seen = visible_entry(session, ns.viewer, e)
            if seen is None:
                continue
            if ns.json:
                print(dumps_entry(seen))
            else:
                text = describe(compiled, seen)
                if text:
                    print(text)
        sys.stdout.flush()

    show(list(driver.session.history.entries))  # type: ignore[attr-defined]
    lines = [n for n, _ in numbered]
    try:
        drive(
            _Numbered(driver, ns.moves or "", lines),
            [cmd for _, cmd in numbered],  # type: ignore[arg-type]
            pace=ns.pace,
            on_entries=show,
        )
    except _LogProblem as exc:
        print(f"{exc.where}: error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"    hint: {exc.hint}", file=sys.stderr)
        print("    the run stopped at this line; nothing after it was played", file=sys.stderr)
        return Exit.INVALID
    except CommandError as exc:
        return _fail(exc.message, exc.hint, ns.moves or "parley")
    return Exit.OK


def cmd_sessions(ns: argparse.Namespace) -> int:
    """Saved sessions, newest first; a database that does not exist lists nothing (and is
    not created)."""
    from app.store.database import StoreError, default_path

    try:
        store = _open_store(ns.db, create=False)
    except StoreError as exc:
        if exc.code != "store-missing":
            raise
        store, where = None, ns.db or default_path()
    rows = store.list() if store else []
    if ns.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, allow_nan=False))
        return Exit.OK
    if not rows:
        print(f"No saved sessions in {store.path if store else where}", file=sys.stderr)
    for r in rows:
        print(f"{r['id']}  {r['status']:<9}  {r['updated']}  {r['title']}")
    return Exit.OK


def cmd_export(ns: argparse.Namespace) -> int:
    from app.store.exchange import dumps, export_csv, export_json

    store = _open_store(ns.db, create=False)
    text = (
        dumps(export_json(store, ns.id, ns.viewer)) + "\n"
        if ns.format == "json"
        else export_csv(store, ns.id, ns.viewer)
    )
    if ns.out:
        with open(ns.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        print(f"Wrote {ns.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return Exit.OK


MAX_IMPORT_BYTES = 64 * 1024 * 1024


def cmd_import(ns: argparse.Namespace) -> int:
    import stat

    from app.store.exchange import import_json

    hint = "give a file written by `parley export ID --format json`"
    try:
        if not stat.S_ISREG(Path(ns.file).stat().st_mode):
            return _fail(f"{ns.file} is not a regular file", hint)
        with open(ns.file, "rb") as fh:
            raw = fh.read(MAX_IMPORT_BYTES + 1)
        if len(raw) > MAX_IMPORT_BYTES:
            return _fail(f"{ns.file} is larger than {MAX_IMPORT_BYTES // 2**20} MiB", hint)
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant, parse_float=_finite)
    except OSError as exc:
        return _fail(f"cannot read {ns.file}: {exc.strerror or exc}", hint)
    except json.JSONDecodeError as exc:
        return _fail(f"{ns.file}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}", hint)
    except UnicodeDecodeError:
        return _fail(f"{ns.file}: not UTF-8 text", hint)
    except ValueError as exc:  # NaN, Infinity, or an integer too long to read
        return _fail(f"{ns.file}: {exc}", hint)
    except RecursionError:
        return _fail(f"{ns.file}: the JSON is nested too deeply to be an export", hint)
    sid = import_json(_open_store(ns.db), data)
    print(f"Imported session {sid}", file=sys.stderr)
    return Exit.OK


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is too large a number")
    return value


def cmd_simulate(ns: argparse.Namespace) -> int:
    from app.engine.simulate import simulate

    scenario = _load_scenario(ns.scenario)
    if scenario is None:
        return Exit.INVALID
    if ns.seed + ns.runs - 1 > SEED_RANGE[1]:
        return _fail(
            "the last run's seed (--seed + --runs - 1) would be over 2**63-1",
            "give a smaller --seed",
        )
    try:
        seating = _seating(ns.bots, scenario)
    except ValueError as exc:
        return _fail(*exc.args)
    bar = _progress if sys.stderr.isatty() and not ns.json else None
    report = simulate(
        scenario,
        ns.runs,
        ns.seed,
        seating,
        ns.preset,
        ns.workers,  # type: ignore[arg-type]
        progress=bar,
    )
    if bar:
        print(file=sys.stderr)
    if ns.json:
        print(json.dumps(report, ensure_ascii=False, allow_nan=False))
        return Exit.OK
    print(f"{report['runs']} runs of {report['scenario']} ({report['seeds']})")
    for iid, info in report["issues"].items():
        if not info["on_agenda"]:
            print(f"  {iid:<24} not on this preset's agenda")
            continue
        print(
            f"  {iid:<24} agreed {info['agreed_rate']:6.1%}  deadlocked "
            f"{info['deadlock_rate']:6.1%}  deferred {info['deferred_rate']:6.1%}"
        )
        for oid, rate in info["options"].items():
            if rate:
                print(f"      {oid:<28} {rate:6.1%}")
    for party, rate in report["above_batna"].items():
        print(f"  {party:<24} beats its BATNA in {rate:6.1%} of runs")
    never = report.get("never_fired") or {}
    for what in ("rules", "events"):
        if never.get(what):
            print(f"  never fired ({what}): {', '.join(never[what])}")
    return Exit.OK


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)


# --- the debrief's documents ----------------------------------------------------


def _emit(data: str | bytes, out: str | None, what: str) -> int:
    """Print a document, or write it to --out through a temporary file and a rename."""
    from app.reports.files import write_atomic

    if not out:
        if isinstance(data, bytes):
            if sys.stdout.isatty():
                return _fail(f"{what} is binary", "give --out FILE")
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return Exit.OK
    try:
        write_atomic(out, data)
    except OSError as exc:
        return _fail(
            f"cannot write {out}: {exc.strerror or exc}",
            "choose a file in a folder you may write to",
        )
    print(f"Wrote {out}", file=sys.stderr)
    return Exit.OK


def _unwritable(out: str | None, *, folder: bool = False) -> int | None:
    """Exit 2 with a hint before any work when --out cannot be written."""
    from app.reports.files import check_writable

    problem = check_writable(out, folder=folder) if out else None
    if problem:
        return _fail(
            f"cannot write {out}: {problem}",
            "choose a file in a folder you may write to"
            if not folder
            else "give an existing folder you may write to",
        )
    return None


def _document(page: object, fmt: str) -> str | bytes:
    if fmt == "pdf":
        from app.reports.pdf import to_pdf

        return to_pdf(page)  # type: ignore[arg-type]
    return page.html()  # type: ignore[attr-defined]


def cmd_report(ns: argparse.Namespace) -> int:
    from app.reports.report_html import render
    from app.reports.sources import session_report

    if (stop := _unwritable(ns.out)) is not None:
        return stop
    _, _, report = session_report(_open_store(ns.db, create=False), ns.id)
    if ns.format == "json":
        data: str | bytes = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    else:
        data = _document(render(report, "svg" if ns.format == "html" else "resource"), ns.format)
    return _emit(data, ns.out, "a PDF")


def cmd_compare(ns: argparse.Namespace) -> int:
    from app.reports.sources import NotComparable, compare_page

    if (stop := _unwritable(ns.out)) is not None:
        return stop
    store = _open_store(ns.db, create=False)
    try:
        page = compare_page(store, ns.ids, "svg" if ns.format == "html" else "resource")
    except NotComparable as exc:
        return _fail(exc.message, exc.hint)
    return _emit(_document(page, ns.format), ns.out, "a PDF")


def cmd_brief(ns: argparse.Namespace) -> int:
    from app.engine.compiled import compile_scenario
    from app.engine.visibility import PUBLIC
    from app.reports.brief import brief_view, playable, render, text

    folder = ns.format == "pdf" and not ns.party and bool(ns.out)
    if (stop := _unwritable(ns.out, folder=folder)) is not None:
        return stop
    scenario = _load_scenario(_scenario_path(ns.scenario))
    if scenario is None:
        return Exit.INVALID
    c = compile_scenario(scenario)  # type: ignore[arg-type]
    if ns.party and ns.party not in c.parties:
        return _fail(f"unknown party {ns.party!r} for --party", f"parties: {', '.join(c.parties)}")
    if folder:
        from app.reports.files import write_atomic
        from app.reports.pdf import to_pdf

        for who in [PUBLIC, *playable(c)]:
            path = Path(ns.out) / f"{c.scenario.scenario.id}-{who}.pdf"
            try:
                write_atomic(path, to_pdf(render(brief_view(c, who), "resource")))
            except OSError as exc:
                return _fail(
                    f"cannot write {path}: {exc.strerror or exc}", "give a folder you may write to"
                )
            print(f"Wrote {path}", file=sys.stderr)
        return Exit.OK
    view = brief_view(c, ns.party or PUBLIC)
    if ns.format == "text":
        return _emit(text(view), ns.out, "a brief")
    return _emit(
        _document(render(view, "svg" if ns.format == "html" else "resource"), ns.format),
        ns.out,
        "a PDF",
    )


def _scenario_path(name: str) -> str:
    """A scenario file, or the id (or file stem) of a bundled scenario."""
    if Path(name).exists() or name.endswith((".yaml", ".yml")):
        return name
    from app.engine.headless import bundled_scenarios

    for path in bundled_scenarios():
        if path.stem == name:
            return str(path)
    return name
