"""Which feed records cannot be stored: a NUL or a lone surrogate anywhere, in a key or a value,
named by its place; everything else passes, however it is nested or whatever it looks like."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wizard.directory.records import unstorable_text

#: JSON-shaped values: strings (any code point, surrogates and NUL included), numbers, lists, maps.
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def has_bad_character(value: object) -> bool:
    """The plain walk: does any string, key or value, hold NUL or a lone surrogate?"""
    if isinstance(value, str):
        return "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(has_bad_character(k) or has_bad_character(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_bad_character(item) for item in value)
    return False


@given(JSONISH)
def test_a_record_is_refused_exactly_when_some_string_holds_a_bad_character(record):
    assert (unstorable_text(record) is not None) == has_bad_character(record)


def test_the_field_is_named_and_text_that_only_looks_like_an_escape_passes():
    assert unstorable_text({"contacts": [{"name": "Sam\x00"}]}) == (
        "the record holds a NUL character (\\u0000) in contacts[0].name, which cannot be stored"
    )
    assert unstorable_text({"description": "Type \\u0000 to test"}) is None
    assert unstorable_text({"name": "Café ☕ 😀"}) is None


def test_a_record_nested_past_the_json_encoder_is_still_checked():
    deep: object = "bad\ud800"
    for _ in range(5000):
        deep = [deep]
    assert "surrogate" in (unstorable_text({"x": deep}) or "")
