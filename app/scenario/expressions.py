"""The condition language of scenario files: grammar, type check, compile.

A Lark grammar parses an expression into a small tree; `check` types it
against what the scenario declares (so a misspelt figure or option is caught
when the file is validated, with a "did you mean"); `compile_expr` turns it
into nested Python closures that read the engine's state through a
`Context`. Only the operators and functions listed here exist — nothing is
ever handed to Python's `eval`.

    support.ua >= 40 and agreed(observers)
    move.kind == pressure and trust.target>mover < 30
    holder(power_station) == ru or rounds_left <= 1
"""

from __future__ import annotations

import difflib
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # Lark is imported with the first expression parsed, not at start-up
    from lark import Lark, Token, Transformer

GRAMMAR = r"""
?start: expr
?expr: or_expr
?or_expr: and_expr ("or" and_expr)*            -> or_
?and_expr: not_expr ("and" not_expr)*          -> and_
?not_expr: "not" not_expr                      -> not_
         | comparison
?comparison: sum COMP sum                      -> compare
           | sum "in" list_                    -> in_
           | sum "not" "in" list_              -> not_in
           | sum
?sum: product (ADDOP product)*                 -> arith
?product: unary (MULOP unary)*                 -> arith
?unary: "-" unary                              -> neg
      | atom
?atom: NUMBER                                  -> number
     | STRING                                  -> string
     | TRUE                                    -> true
     | FALSE                                   -> false
     | NAME "(" [expr ("," expr)*] ")"         -> call
     | REF                                     -> ref
     | NAME                                    -> ref
     | list_
     | "(" expr ")"
list_: "[" [expr ("," expr)*] "]"

TRUE: "true"
FALSE: "false"
COMP: "==" | "!=" | "<=" | ">=" | "<" | ">"
ADDOP: "+" | "-"
MULOP: "*" | "/"
REF.2: /[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*>[A-Za-z_][A-Za-z0-9_]*/
     | /[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
NUMBER: /[0-9]+(\.[0-9]+)?/
STRING: /'[^'\n]*'/ | /"[^"\n]*"/
%ignore /[ \t\r\n]+/
"""

MAX_LENGTH = 2_000
MAX_NESTING = 60


# --- the tree -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    op: str  # num, str, bool, ref, call, list, neg, not, and, or, cmp, arith, in, not_in
    args: tuple[Any, ...]
    col: int = 1  # 1-based column in the expression text
    line: int = 1  # 1-based line, for conditions written over several lines


class ExprError(Exception):
    """A problem in an expression, at a column of its text, with a hint."""

    def __init__(
        self, message: str, col: int = 1, hint: str = "", code: str = "expr-syntax", line: int = 1
    ):
        super().__init__(message)
        self.message = message
        self.col = col
        self.hint = hint
        self.code = code
        self.line = line


def _col(tok: Any) -> int:
    return getattr(tok, "column", None) or 1


def _line(tok: Any) -> int:
    return getattr(tok, "line", None) or 1


def _last_token(text: str) -> tuple[int, int]:
    """Line and column of the last word of `text` (where "ends too early" points)."""
    end = len(text.rstrip())
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


@lru_cache(maxsize=1)
def _builder() -> type[Transformer]:
    """The transformer class from Lark's parse tree to `Node`s."""
    from lark import Transformer, v_args

    @v_args(inline=True)
    class _Build(Transformer):
        def number(self, tok: Token) -> Node:
            return Node("num", (float(tok),), _col(tok), _line(tok))

        def string(self, tok: Token) -> Node:
            return Node("str", (str(tok)[1:-1],), _col(tok), _line(tok))

        def true(self, tok: Token) -> Node:
            return Node("bool", (True,), _col(tok), _line(tok))

        def false(self, tok: Token) -> Node:
            return Node("bool", (False,), _col(tok), _line(tok))

        def ref(self, tok: Token) -> Node:
            return Node("ref", (str(tok),), _col(tok), _line(tok))

        def call(self, name: Token, *args: Node | None) -> Node:
            return Node(
                "call",
                (str(name), tuple(a for a in args if a is not None)),
                _col(name),
                _line(name),
            )

        def list_(self, *items: Node | None) -> Node:
            items_ = tuple(i for i in items if i is not None)
            return Node(
                "list", items_, items_[0].col if items_ else 1, items_[0].line if items_ else 1
            )

        def neg(self, operand: Node) -> Node:
            return Node("neg", (operand,), operand.col, operand.line)

        def not_(self, operand: Node) -> Node:
            return Node("not", (operand,), operand.col, operand.line)

        def and_(self, *operands: Node) -> Node:
            first = operands[0]
            return first if len(operands) == 1 else Node("and", operands, first.col, first.line)

        def or_(self, *operands: Node) -> Node:
            first = operands[0]
            return first if len(operands) == 1 else Node("or", operands, first.col, first.line)

        def compare(self, left: Node, op: Token, right: Node) -> Node:
            return Node("cmp", (str(op), left, right), _col(op), _line(op))

        def in_(self, left: Node, items: Node) -> Node:
            return Node("in", (left, items), left.col, left.line)

        def not_in(self, left: Node, items: Node) -> Node:
            return Node("not_in", (left, items), left.col, left.line)

        def arith(self, first: Node, *rest: Any) -> Node:
            node = first
            for op, operand in zip(rest[::2], rest[1::2], strict=True):
                node = Node("arith", (str(op), node, operand), _col(op), _line(op))
            return node

    return _Build


@lru_cache(maxsize=1)
def _parser() -> Lark:
    from lark import Lark, __version__

    from app.resources import cache_folder

    # The compiled grammar is kept between runs: 0.1 s off every start. Lark keeps it as
    # a pickle, read back with its code, so in Parley's own cache folder rather than in the
    # shared temp folder (its cache=True), where anyone could leave one under that name.
    # One file per Lark and Python: two installs sharing the folder keep one each.
    py = "".join(map(str, sys.version_info[:2]))
    kept = cache_folder() / f"expressions-lark{__version__}-py{py}.lark"
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # no cache then: the grammar is compiled each time
        return Lark(GRAMMAR, parser="lalr", maybe_placeholders=True)
    return Lark(GRAMMAR, parser="lalr", maybe_placeholders=True, cache=str(kept))


@lru_cache(maxsize=4096)
def parse(text: str) -> Node:
    """Parse one expression; raises ExprError with the column of the problem."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"the expression is longer than {MAX_LENGTH} characters")
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "(["
        depth -= ch in ")]"
        if depth > MAX_NESTING:
            raise ExprError(f"brackets nest more than {MAX_NESTING} deep", i + 1)
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

    try:
        node = _builder()().transform(_parser().parse(text))
    except UnexpectedCharacters as exc:
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        hint = ""
        if ch == "=":
            hint = "compare with `==`, not `=`"
        elif ch in "&|!":
            hint = "write `and`, `or`, `not`, and `!=` for not-equal"
        raise ExprError(f"unexpected character {ch!r}", exc.column, hint, line=exc.line) from None
    except UnexpectedEOF:
        line, col = _last_token(text)
        raise ExprError(
            "the expression ends too early", col, "is a bracket or operand missing?", line=line
        ) from None
    except UnexpectedInput as exc:
        tok = getattr(exc, "token", None)
        what = f"unexpected {str(tok)!r}" if tok else "unexpected input"
        hint = "two values need an operator between them (and, or, ==, +, ...)"
        line, col = exc.line, exc.column
        if tok is not None and tok.type == "$END":
            what, hint = "the expression ends too early", "is an operand missing?"
            line, col = _last_token(text)
        raise ExprError(what, col if col > 0 else 1, hint, line=max(1, line)) from None
    except (LarkError, RecursionError) as exc:
        raise ExprError(f"cannot parse the expression ({type(exc).__name__})") from None
    _check_numbers(node)
    if _depth(node) > MAX_NESTING:
        raise ExprError(
            f"the expression nests more than {MAX_NESTING} operations deep",
            hint="split it into smaller conditions or rules",
        )
    return node


MAX_LITERAL = 1e12


def _check_numbers(root: Node) -> None:
    """Number literals are finite and of a size a scenario can mean (no 1,500 nines)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.op == "num" and not (
            math.isfinite(node.args[0]) and abs(node.args[0]) <= MAX_LITERAL
        ):
            raise ExprError(
                "a number here is too large to mean anything",
                node.col,
                f"numbers in conditions lie within ±{MAX_LITERAL:g}",
                line=node.line,
            )
        for a in node.args:
            if isinstance(a, Node):
                stack.append(a)
            elif isinstance(a, tuple):
                stack += [x for x in a if isinstance(x, Node)]


def _depth(root: Node) -> int:
    """How deep the tree goes, measured without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        for a in node.args:
            if isinstance(a, Node):
                stack.append((a, d + 1))
            elif isinstance(a, tuple):
                stack += [(x, d + 1) for x in a if isinstance(x, Node)]
    return deepest


# --- types and names ----------------------------------------------------------

NUM, BOOL, STR = "number", "bool", "text"
# An id type is "id:<kind>": id:party, id:option, id:issue, id:move, id:asset, ...


def id_type(kind: str) -> str:
    return f"id:{kind}"


STATUSES = ("open", "agreed", "deadlocked", "deferred")
PHASES = ("briefing", "preparation", "rounds", "caucus", "package", "implementation", "debrief")

# Variables every expression may read, with their types.
VARIABLES: dict[str, str] = {
    "round": NUM,  # the round on the current issue, from 1
    "rounds": NUM,  # rounds the current issue has
    "rounds_left": NUM,  # rounds after this one on the current issue
    "stage": NUM,  # the implementation stage, from 1 (0 before implementation)
    "rounds_played": NUM,  # rounds resolved so far in the session, all issues together
    "phase": "id:phase",
    "issue": id_type("issue"),
    "move.kind": id_type("move"),
    "move.party": id_type("party"),
    "move.issue": id_type("issue"),
    "move.option": id_type("option"),
    "move.target": id_type("party"),
    "move.condition": id_type("option"),
}

# name: (argument types, result type). "any" matches every type; "num*" one or more numbers.
FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "min": (("num*",), NUM),
    "max": (("num*",), NUM),
    "abs": ((NUM,), NUM),
    "clamp": ((NUM, NUM, NUM), NUM),
    "if": ((BOOL, "any", "any"), "any"),
    "agreed": (("id:agenda",), BOOL),  # an issue, a dimension or an option is agreed
    "status": ((id_type("issue"),), "id:status"),
    "proposed": ((id_type("option"),), BOOL),  # an option is the standing proposal
    "accepted": ((id_type("party"), id_type("option")), BOOL),
    "holds": ((id_type("party"), id_type("asset")), BOOL),
    "holder": ((id_type("asset"),), id_type("party")),
    "moved": ((id_type("party"), id_type("move")), BOOL),  # this round
    "count": ((id_type("move"),), NUM),  # moves of a kind this round
    "fired": (("id:happening",), NUM),  # times a rule or event has fired
    "committed": ((id_type("commitment"),), NUM),  # stages carried out
    "reneged": ((id_type("commitment"),), BOOL),
    "stalled_rounds": ((id_type("issue"),), NUM),  # rounds since the issue last moved
    "used": ((id_type("party"), id_type("move")), NUM),  # earlier moves of a kind, session
    "on_table": ((), NUM),  # options on the table on decisions not yet agreed
}

FUNCTION_HELP = {
    "agreed": "agreed(x): x is an issue, a dimension or an option id",
    "holds": "holds(party, asset)",
    "moved": "moved(party, move_kind)",
    "accepted": "accepted(party, option)",
    "stalled_rounds": "stalled_rounds(issue)",
    "used": "used(party, move_kind)",
    "on_table": "on_table() takes no argument",
}


@dataclass(frozen=True)
class Names:
    """What a scenario declares, as the type checker needs it."""

    ids: Mapping[str, str]  # id -> kind (party, issue, dimension, option, asset, ...)
    figures: Mapping[str, str]  # figure id -> scope (global, party, pair)
    figure_parties: Mapping[str, frozenset[str]] = None  # type: ignore[assignment]
    relative: frozenset[str] = frozenset({"mover", "target"})
    attributes: frozenset[str] = frozenset()  # option attribute names (`wage`)

    def party_ok(self, name: str) -> bool:
        return self.ids.get(name) == "party" or name in self.relative

    def suggest(self, word: str, pool: Sequence[str]) -> str:
        close = difflib.get_close_matches(word, list(pool), n=1, cutoff=0.6)
        if not close:
            lowered = {p.lower(): p for p in pool}
            if word.lower() in lowered:
                close = [lowered[word.lower()]]
        return f"did you mean `{close[0]}`?" if close else ""


def figure_key_parts(key: str) -> tuple[str, tuple[str, ...]]:
    """`trust.ua>ru` -> ("trust", ("ua", "ru")); `support.ua` -> ("support", ("ua",))."""
    if "." not in key:
        return key, ()
    fig, _, rest = key.partition(".")
    return fig, tuple(rest.split(">")) if ">" in rest else (rest,)


def check_figure_key(key: str, names: Names, *, allow_others: bool = False) -> str | None:
    """Why `key` does not name a figure value (None when it does); the reason has a hint."""
    fig, parties = figure_key_parts(key)
    if fig not in names.figures:
        hint = names.suggest(fig, list(names.figures))
        return f"unknown figure `{fig}`" + (f"; {hint}" if hint else "")
    scope = names.figures[fig]
    want = {"global": 0, "party": 1, "pair": 2}[scope]
    if len(parties) != want:
        shape = {0: f"`{fig}`", 1: f"`{fig}.PARTY`", 2: f"`{fig}.FROM>TO`"}[want]
        return (
            f"the figure `{fig}` is per {scope if scope != 'global' else 'scenario'}: write {shape}"
        )
    allowed = names.figure_parties.get(fig) if names.figure_parties else None
    for p in parties:
        if allow_others and p in ("others", "all"):
            continue
        if not names.party_ok(p):
            hint = names.suggest(p, [i for i, k in names.ids.items() if k == "party"])
            return f"unknown party `{p}` in `{key}`" + (f"; {hint}" if hint else "")
        if allowed is not None and p not in names.relative and p not in allowed:
            return f"the figure `{fig}` is not kept for `{p}`"
    if len(parties) == 2 and parties[0] == parties[1] and parties[0] not in names.relative:
        return f"`{key}`: a party's trust in itself is not kept"
    return None


class _Checker:
    def __init__(self, names: Names) -> None:
        self.names = names

    def fail(self, node: Node, message: str, hint: str = "", code: str = "expr-name") -> None:
        raise ExprError(message, node.col, hint, code, node.line)

    def type_of(self, node: Node) -> str:
        op = node.op
        if op == "num":
            return NUM
        if op == "bool":
            return BOOL
        if op == "str":
            return STR
        if op == "ref":
            return self.ref(node)
        if op == "neg":
            self.want(node.args[0], NUM, "`-`")
            return NUM
        if op == "not":
            self.want(node.args[0], BOOL, "`not`")
            return BOOL
        if op in ("and", "or"):
            for a in node.args:
                self.want(a, BOOL, f"`{op}`")
            return BOOL
        if op == "arith":
            self.want(node.args[1], NUM, f"`{node.args[0]}`")
            self.want(node.args[2], NUM, f"`{node.args[0]}`")
            return NUM
        if op == "cmp":
            self.compare(node)
            return BOOL
        if op in ("in", "not_in"):
            left = self.type_of(node.args[0])
            for item in node.args[1].args:
                self.same(left, item, node)
            return BOOL
        if op == "list":
            self.fail(node, "a list can only follow `in`", code="expr-type")
        if op == "call":
            return self.call(node)
        raise AssertionError(op)  # pragma: no cover

    def want(self, node: Node, expected: str, where: str) -> None:
        got = self.type_of(node)
        if expected == NUM and got == NUM or expected == BOOL and got == BOOL or got == "any":
            return
        self.fail(node, f"{where} needs {_a(expected)}, got {_a(_kind(got))}", code="expr-type")

    def compare(self, node: Node) -> None:
        op, left, right = node.args
        lt, rt = self.type_of(left), self.type_of(right)
        if op in ("<", "<=", ">", ">="):
            if lt != NUM and lt != "any":
                self.fail(left, f"`{op}` compares numbers, got a {_kind(lt)}", code="expr-type")
            if rt != NUM and rt != "any":
                self.fail(right, f"`{op}` compares numbers, got a {_kind(rt)}", code="expr-type")
            return
        self.same(lt, right, node, right_type=rt)

    def same(self, lt: str, right: Node, node: Node, right_type: str | None = None) -> None:
        rt = right_type if right_type is not None else self.type_of(right)
        if "any" in (lt, rt) or lt == rt:
            return
        if lt.startswith("id:") and rt == STR:
            self.literal_of(lt, right)
            return
        if rt.startswith("id:") and lt == STR:
            self.literal_of(rt, node.args[1] if node.op == "cmp" else node.args[0])
            return
        if lt.startswith("id:") and rt.startswith("id:") and "agenda" in (lt[3:], rt[3:]):
            return
        self.fail(node, f"cannot compare {_a(_kind(lt))} with {_a(_kind(rt))}", code="expr-type")

    def literal_of(self, kind: str, node: Node) -> None:
        if node.op != "str":
            return
        word, want = node.args[0], kind[3:]
        words = {"status": STATUSES, "phase": PHASES}.get(want)
        if words is not None:
            if word not in words:
                self.fail(
                    node,
                    f"`{word}` is not a {want}; one of: {', '.join(words)}",
                    self.names.suggest(word, words),
                )
            return
        if self.names.ids.get(word) != want:
            pool = [i for i, k in self.names.ids.items() if k == want]
            self.fail(node, f"`{word}` is not a {want} id", self.names.suggest(word, pool))

    def ref(self, node: Node) -> str:
        name = node.args[0]
        if name in VARIABLES:
            return VARIABLES[name]
        if name in self.names.relative:  # mover, target: the parties of the move
            return id_type("party")
        head = name.partition(".")[0]
        if head in self.names.figures:
            reason = check_figure_key(name, self.names)
            if reason:
                self.fail(node, reason, code="expr-name")
            return NUM
        if "." not in name and name in self.names.ids:
            return id_type(self.names.ids[name])
        if name in self.names.attributes:
            return NUM
        if head == "move":
            pool = [v for v in VARIABLES if v.startswith("move.")]
            self.fail(node, f"unknown move field `{name}`", self.names.suggest(name, pool))
        if name in STATUSES or name in PHASES:
            self.fail(node, f"`{name}` is a word, not a name here", f"quote it: '{name}'")
        pool = [*VARIABLES, *self.names.figures, *self.names.ids]
        self.fail(node, f"unknown name `{name}`", self.names.suggest(name, pool))
        return "any"  # pragma: no cover

    def call(self, node: Node) -> str:
        fname, args = node.args
        if fname not in FUNCTIONS:
            hint = self.names.suggest(fname, list(FUNCTIONS))
            self.fail(node, f"unknown function `{fname}`", hint or "see FORMAT.md for the list")
        params, result = FUNCTIONS[fname]
        if params == ("num*",):
            if not args:
                self.fail(node, f"`{fname}` needs at least one number", code="expr-type")
            for a in args:
                self.want(a, NUM, f"`{fname}`")
            return NUM
        if len(args) != len(params):
            usage = FUNCTION_HELP.get(fname, f"{fname} takes {len(params)} argument(s)")
            self.fail(
                node,
                f"`{fname}` takes {len(params)} argument(s), got {len(args)}",
                usage,
                code="expr-type",
            )
        types = [self.type_of(a) for a in args]
        for param, arg, got in zip(params, args, types, strict=True):
            self.param(fname, param, arg, got)
        if fname == "if":
            if types[1] != types[2] and "any" not in types[1:]:
                self.fail(node, "both branches of `if` need the same type", code="expr-type")
            return types[1]
        return result

    def param(self, fname: str, param: str, arg: Node, got: str) -> None:
        if param == "any" or got == "any" or got == param:
            return
        if param in (NUM, BOOL):
            self.want(arg, param, f"`{fname}`")
            return
        groups = {"id:agenda": ("issue", "dimension", "option"), "id:happening": ("rule", "event")}
        allowed = groups.get(param, (param[3:],))
        if got.startswith("id:") and got[3:] in allowed:
            return
        if got == STR and arg.op == "str" and self.names.ids.get(arg.args[0]) in allowed:
            return
        pool = [i for i, k in self.names.ids.items() if k in allowed]
        word = arg.args[0] if arg.op in ("ref", "str") else ""
        self.fail(
            arg,
            f"`{fname}` needs {_a(' or '.join(allowed))} id here, got {_a(_kind(got))}",
            self.names.suggest(word, pool) if word else FUNCTION_HELP.get(fname, ""),
            code="expr-type",
        )


def article(word: str) -> str:
    """`an issue`, `a party`."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


_a = article


def _kind(t: str) -> str:
    if t in ("id:status", "id:phase"):
        return t[3:]
    return f"{t[3:]} id" if t.startswith("id:") else t


def check(node: Node, names: Names, want: str | None = BOOL) -> str:
    """Type-check a parsed expression; returns its type or raises ExprError."""
    checker = _Checker(names)
    got = checker.type_of(node)
    if want == BOOL and got not in (BOOL, "any"):
        raise ExprError(
            f"a condition must be true or false, this is {_a(_kind(got))}",
            node.col,
            "compare it with something, e.g. `... >= 40`",
            "expr-type",
            node.line,
        )
    if want == NUM and got not in (NUM, "any"):
        raise ExprError(
            f"an amount must be a number, this is {_a(_kind(got))}",
            node.col,
            code="expr-type",
            line=node.line,
        )
    return got


def referenced(node: Node) -> set[str]:
    """Every name and function argument an expression refers to (for lint)."""
    out: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n.op == "ref":
            out.add(n.args[0])
        elif n.op == "call":
            stack.extend(n.args[1])
        elif n.op in ("cmp", "arith"):
            stack.extend(n.args[1:])
        elif n.op in ("neg", "not", "and", "or", "list", "in", "not_in"):
            stack.extend(a for a in n.args if isinstance(a, Node))
    return out


def field_values(node: Node, field: str) -> set[str] | None:
    """The values `field` (e.g. `move.kind`) can take where `node` holds, read from
    `field == X`, `field in [X, Y]` and `or`s of those; None when `node` does not say."""
    if node.op == "and":
        found = [v for v in (field_values(c, field) for c in node.args) if v is not None]
        return set.intersection(*found) if found else None
    if node.op == "cmp" and node.args[0] == "==":
        _, a, b = node.args
        for x, y in ((a, b), (b, a)):
            if x.op == "ref" and x.args[0] == field and y.op in ("ref", "str"):
                return {y.args[0]}
    if node.op == "in" and node.args[0].op == "ref" and node.args[0].args[0] == field:
        items = node.args[1].args
        if all(i.op in ("ref", "str") for i in items):
            return {i.args[0] for i in items}
    if node.op == "or":
        parts = [field_values(a, field) for a in node.args]
        if all(p is not None for p in parts):
            return set().union(*parts)  # type: ignore[arg-type]
    return None


# --- evaluation ---------------------------------------------------------------


class Context(Protocol):
    """What an expression reads from the engine."""

    def figure(self, key: str) -> float: ...
    def variable(self, name: str) -> Any: ...
    def function(self, name: str, args: tuple[Any, ...]) -> Any: ...


Compiled = Callable[[Context], Any]

_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_ARITH: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b else 0.0,  # a scenario never crashes on x / 0
}
_PURE: dict[str, Callable[..., Any]] = {
    "min": lambda *a: min(a),
    "max": lambda *a: max(a),
    "abs": abs,
    "clamp": lambda x, lo, hi: max(lo, min(hi, x)),
}


def compile_expr(node: Node, names: Names) -> Compiled:
    """Turn a checked tree into a closure over a Context. Ids become plain strings."""
    op, args = node.op, node.args
    if op in ("num", "str", "bool"):
        value = args[0]
        return lambda ctx: value
    if op == "ref":
        name = args[0]
        if name in VARIABLES:
            return lambda ctx: ctx.variable(name)
        if name in names.relative:
            field = "move.party" if name == "mover" else "move.target"
            return lambda ctx: ctx.variable(field)
        if name.partition(".")[0] in names.figures:
            return lambda ctx: ctx.figure(name)
        if name in names.attributes and name not in names.ids:
            args_ = (name,)  # the attribute of the option in question
            return lambda ctx: ctx.function("attribute", args_)
        return lambda ctx: name  # an id stands for itself
    if op == "neg":
        inner = compile_expr(args[0], names)
        return lambda ctx: -inner(ctx)
    if op == "not":
        inner = compile_expr(args[0], names)
        return lambda ctx: not inner(ctx)
    if op == "and":
        parts = [compile_expr(a, names) for a in args]
        return lambda ctx: all(p(ctx) for p in parts)
    if op == "or":
        parts = [compile_expr(a, names) for a in args]
        return lambda ctx: any(p(ctx) for p in parts)
    if op in ("cmp", "arith"):
        fn = (_CMP if op == "cmp" else _ARITH)[args[0]]
        left, right = compile_expr(args[1], names), compile_expr(args[2], names)
        return lambda ctx: fn(left(ctx), right(ctx))
    if op in ("in", "not_in"):
        left = compile_expr(args[0], names)
        items = [compile_expr(i, names) for i in args[1].args]
        negate = op == "not_in"
        return lambda ctx: (left(ctx) in [i(ctx) for i in items]) != negate
    if op == "call":
        fname, call_args = args
        compiled = [compile_expr(a, names) for a in call_args]
        if fname == "if":
            cond, yes, no = compiled
            return lambda ctx: yes(ctx) if cond(ctx) else no(ctx)
        if fname in _PURE:
            pure = _PURE[fname]
            return lambda ctx: pure(*(c(ctx) for c in compiled))
        return lambda ctx: ctx.function(fname, tuple(c(ctx) for c in compiled))
    raise AssertionError(op)  # pragma: no cover


def compile_text(text: str, names: Names, want: str | None = BOOL) -> Compiled:
    node = parse(text)
    check(node, names, want)
    return compile_expr(node, names)


def explain(exc: ExprError) -> str:
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


__all__ = [
    "BOOL",
    "NUM",
    "STR",
    "Compiled",
    "Context",
    "ExprError",
    "Names",
    "Node",
    "check",
    "check_figure_key",
    "compile_expr",
    "compile_text",
    "figure_key_parts",
    "parse",
    "referenced",
    "explain",
    "article",
    "field_values",
]
