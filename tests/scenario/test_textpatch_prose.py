"""Briefs written back into a scenario's text: several lines become a literal block under
the key, one line a quoted string, lists of texts keep their style; comments stay."""

from __future__ import annotations

from app.scenario.textpatch import get, set_prose, set_strings
from app.scenario.yamldoc import parse

TEXT = """brief:
  public: One line.  # said to everyone
  assessment: >
    Folded
    text.
  # a comment after the block
  fears: ["Weak", "Cheating"]
  interests:
    - Revenue
    - Calm
"""


def value(text: str, *path: str) -> object:
    return get(parse(text).data, path)


def test_several_lines_become_a_literal_block_keeping_the_comment() -> None:
    new = set_prose(TEXT, ("brief", "public"), "First **para**.\n\n- a point")
    assert new.splitlines()[1:5] == [
        "  public: |  # said to everyone",
        "    First **para**.",
        "",
        "    - a point",
    ]
    assert value(new, "brief", "public") == "First **para**.\n\n- a point\n"
    assert new.endswith(TEXT[TEXT.index("  assessment:") :])


def test_a_block_becomes_one_quoted_line_and_what_follows_stays() -> None:
    new = set_prose(TEXT, ("brief", "assessment"), 'Plain "now".')
    assert '  assessment: "Plain \\"now\\"."\n  # a comment after the block\n' in new
    assert value(new, "brief", "assessment") == 'Plain "now".'


def test_a_missing_text_is_added_with_its_lines_escaped() -> None:
    new = set_prose(TEXT, ("brief", "position"), "Two\nlines")
    assert value(new, "brief", "position") == "Two\nlines"
    assert new.startswith(TEXT)


def test_lists_of_texts_keep_their_flow_or_block_style() -> None:
    new = set_strings(TEXT, ("brief", "fears"), ["Looking weak"])
    assert '  fears: ["Looking weak"]\n' in new
    new = set_strings(new, ("brief", "interests"), ["Money", 'A "fair" deal'])
    assert new.endswith('  interests:\n    - "Money"\n    - "A \\"fair\\" deal"\n')
    assert value(new, "brief", "interests") == ["Money", 'A "fair" deal']
