"""scenarios/FORMAT.md's last sections say what the code does.

- "Diagnostic codes" lists exactly the codes the checks in app/ report (found
  by reading the source), printed from `app.scenario.codes`.
- "Write your first scenario": its example file validates and lints clean, the
  slips it shows give the messages it quotes, and the dry run gives the
  figures it quotes; "Balancing a scenario" quotes the same dry run after a
  change, and that is checked too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.engine.simulate import simulate
from app.scenario import codes
from app.scenario.lint import lint
from app.scenario.validate import load_text

ROOT = Path(__file__).resolve().parents[2]
FORMAT = (ROOT / "scenarios" / "FORMAT.md").read_text(encoding="utf-8")

# Calls that take a diagnostic code, and the position of the code among their arguments.
CODE_ARG = {
    "diag": 2,
    "report": 2,
    "Problem": 1,
    "add": 1,
    "Diagnostic": 4,
    "YamlProblem": 4,
    "ExprError": 3,
}


def codes_in_source() -> dict[str, str]:
    """Every diagnostic code written in app/: code -> the first file that uses it.

    A code is a string given as `code=...`, in a code's position of one of the calls
    above, as the default of a `code` parameter of the scenario checks, or in
    `code or "..."`.
    """
    found: dict[str, str] = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        scenario_check = where.startswith("app/scenario/")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            strings: list[ast.expr] = []
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                strings += [kw.value for kw in node.keywords if kw.arg == "code"]
                if name in CODE_ARG and len(node.args) > CODE_ARG[name]:
                    strings.append(node.args[CODE_ARG[name]])
            elif isinstance(node, ast.FunctionDef) and scenario_check:
                args = [*node.args.args, *node.args.kwonlyargs]
                defaults = [
                    *[None] * (len(node.args.args) - len(node.args.defaults)),
                    *node.args.defaults,
                    *node.args.kw_defaults,
                ]
                strings += [
                    d
                    for a, d in zip(args, defaults, strict=True)
                    if a.arg == "code" and d is not None
                ]
            elif isinstance(node, ast.BoolOp) and isinstance(node.values[0], ast.Name):
                if node.values[0].id == "code":
                    strings += node.values[1:]
            for s in strings:
                if isinstance(s, ast.Constant) and isinstance(s.value, str) and s.value:
                    found.setdefault(s.value, where)
    return found


def test_every_code_in_use_is_listed_and_every_listed_code_is_in_use():
    used = codes_in_source()
    listed = [c for c, _, _ in codes.CODES]
    assert len(listed) == len(set(listed)), "a code is listed twice"
    missing = {c: f for c, f in used.items() if c not in listed}
    assert not missing, f"add these codes to app/scenario/codes.py: {missing}"
    gone = set(listed) - set(used)
    assert not gone, f"no longer used in app/, remove from app/scenario/codes.py: {gone}"


def test_the_reader_finds_codes_where_they_are_written():
    used = codes_in_source()
    assert used["yaml-syntax"] == "app/scenario/yamldoc.py"  # `code or "yaml-syntax"`
    assert used["expr-syntax"] == "app/scenario/expressions.py"  # a parameter's default
    assert used["no-zopa"] == "app/scenario/lint.py"
    assert used["ref-unknown"] == "app/scenario/references.py"


def test_format_md_ends_with_the_code_table():
    section = FORMAT.split("\n## Diagnostic codes\n", 1)
    assert len(section) == 2, "FORMAT.md has no 'Diagnostic codes' section"
    assert section[1].endswith(codes.markdown()), (
        "regenerate the table: python -m app.scenario.codes"
    )


def test_every_code_has_one_line_and_a_severity():
    for code, severity, text in codes.CODES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
        assert severity in ("error", "warning", "info"), code
        assert text.strip() and "\n" not in text and "|" not in text, code


# --- "Write your first scenario" and "Balancing a scenario" -----------------------


def first_scenario() -> str:
    section = FORMAT.split("\n## Write your first scenario\n", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def quoted(block_start: str) -> str:
    """The text of the ```text block that starts with `block_start` in the first-scenario part."""
    section = FORMAT.split("\n## Write your first scenario\n", 1)[1]
    blocks = re.findall(r"```text\n(.*?)```", section, re.S)
    return next(b for b in blocks if b.startswith(block_start))


def test_first_scenario_validates_and_lints_clean():
    loaded = load_text(first_scenario(), "canal.yaml")
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    assert lint(loaded) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [('    colour: "#2E86AB"', "    colour: #2E86AB"), ("    short: Orsk", "     short: Orsk")],
)
def test_first_scenario_slips_give_the_quoted_messages(old, new):
    text = first_scenario()
    assert text.count(old) == 1
    loaded = load_text(text.replace(old, new), "canal.yaml")
    (d,) = loaded.diagnostics
    assert d.format() in quoted("canal.yaml:")


def dry_run(text: str) -> dict:
    loaded = load_text(text)
    assert loaded.scenario is not None
    return simulate(loaded.scenario, runs=500, workers=1)


def test_first_scenario_dry_run_gives_the_quoted_figures():
    report = dry_run(first_scenario())
    fees = report["issues"]["fees"]
    shown = quoted("500 runs of canal-fees")
    assert f"agreed {fees['agreed_rate']:6.1%}" in shown
    assert f"deadlocked {fees['deadlock_rate']:6.1%}" in shown
    for option in ("shared_fund", "toll_per_barge"):
        assert re.search(rf"{option} +{fees['options'][option]:.1%}", shown), option


@pytest.mark.parametrize(
    ("vell", "quote"),
    [
        (58, "shared fund {shared_fund:.1%}, toll {toll_per_barge:.1%}"),
        (62, "the toll takes {toll_per_barge:.0%}"),
    ],
)
def test_balancing_example_gives_the_quoted_figures(vell, quote):
    text = first_scenario().replace(
        "values: {orsk: 80, vell: 35}", f"values: {{orsk: 80, vell: {vell}}}"
    )
    options = dry_run(text)["issues"]["fees"]["options"]
    balancing = FORMAT.split("\n## Balancing a scenario\n", 1)[1]
    assert quote.format(**options) in balancing
