"""The shape of a change to shipped code: moved, renamed and re-wrapped lines, logging, growth."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pr_impact.core.diff import ParsedPatch
from pr_impact.core.diff_shape import NO_CODE, shape


def p(added: tuple[str, ...] = (), removed: tuple[str, ...] = ()) -> ParsedPatch:
    return ParsedPatch(added=added, removed=removed, hunks=1)


BODY = ("    total = 0", "    for item in items:", "        total += item.price * item.count", "    return total")


def test_code_moved_to_another_file_is_reshaped_and_does_not_grow() -> None:
    s = shape([p(removed=("def order_total(items):", *BODY)), p(added=("def order_total(items):", *BODY))])
    assert (s.counted, s.reshaped, s.growth) == (10, 1.0, 0.0)


def test_a_rename_is_the_same_code_modulo_names() -> None:
    s = shape([p(removed=("result = compute_total(cart, tax)", "if result > limit:"),
                 added=("amount = order_total(basket, vat)", "if amount > ceiling:"))])
    assert s.reshaped == 1.0


def test_an_extracted_helper_is_mostly_reshaped() -> None:
    removed = ("    a = load(path)", "    b = parse(a)", "    return check(b)")
    added = ("    return read_checked(path)", "def read_checked(path):", "    a = load(path)", "    b = parse(a)",
             "    return check(b)")
    s = shape([p(added, removed)])
    assert 0.7 <= s.reshaped < 1.0 and 0 < s.growth < 0.5


def test_added_logging_preserves_behaviour() -> None:
    s = shape([p(added=('log.Debug("fetched", "n", len(rows))', 'logger.debug("cache miss for %s", key)',
                        'tracing::debug!(path = ?path, "resolved");', 'console.debug("state", state)'))])
    assert s.reshaped == 1.0 and s.growth == 1.0


def test_a_feature_adds_new_code_and_new_text() -> None:
    s = shape([p(added=('    if args.csv:', '        write_csv(orders, args.out)',
                        '        print("Exported %d orders" % len(orders))'), removed=("    pass",))])
    assert s.reshaped < 0.5 and s.growth >= 0.5


def test_user_visible_text_is_not_a_name() -> None:
    # A changed message is a change users see, even though the statement's shape is the same.
    s = shape([p(removed=('raise Error("cart is empty")',), added=('raise Error("your cart has no items")',))])
    assert s.reshaped == 0.0
    # A string that holds one name (an event, a key) is a name.
    s = shape([p(removed=('#[event(input = "TextBlockId")]',), added=('#[event(input = "TextBlockIdPB")]',))])
    assert s.reshaped == 1.0


def test_blank_lines_comments_imports_and_braces_are_not_counted() -> None:
    assert shape([p(added=("", "// why", "# why", "import os", "use std::fs;", '\t"github.com/x/y"', "}"))]) == NO_CODE
    assert shape([]) == NO_CODE


def test_deleting_code_shrinks_it() -> None:
    assert shape([p(removed=("a = 1", "b = 2", "c = a + b"))]).growth == -1.0


@given(st.lists(st.text(max_size=80), max_size=30), st.lists(st.text(max_size=80), max_size=30))
def test_any_lines_give_a_share_and_a_growth_in_range(added: list[str], removed: list[str]) -> None:
    s = shape([p(tuple(added), tuple(removed))])
    assert 0.0 <= s.reshaped <= 1.0 and -1.0 <= s.growth <= 1.0
