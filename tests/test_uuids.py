"""parse_uuid (dixa._uuids): what the generated models use for ``format: uuid`` fields.

It must be ``uuid.UUID(text)`` in every respect a caller can see: value, type, hash,
pickling, immutability, and the same errors for the same bad input.
"""

from __future__ import annotations

import pickle
import uuid

import pytest

from dixa._uuids import parse_uuid

CANONICAL = "0e4d0ead-dc69-470a-9b3a-e7eb16a56453"

FORMS = [
    CANONICAL,
    CANONICAL.upper(),
    "0E4D0EAD-dc69-470a-9b3a-e7eb16a56453",
    "{0e4d0ead-dc69-470a-9b3a-e7eb16a56453}",
    "urn:uuid:0e4d0ead-dc69-470a-9b3a-e7eb16a56453",
    "0e4d0eaddc69470a9b3ae7eb16a56453",
    "0e4d0ead-dc69-470a-9b3a-e7eb16a5645",  # 35 characters
    "0e4d0ead-dc69-470a-9b3a-e7eb16a564533",  # 37
    "0e4d0ead-dc69-470a-9b3a-e7eb16a5645g",  # not hex
    "0e4d0ead-dc69-470a-9b3a-e7eb16a5645-",  # a fifth hyphen
    "0e4d0ead-dc69-470a-9b3a-e7eb1_a56453",  # int() takes underscores, and so does UUID()
    " e4d0ead-dc69-470a-9b3a-e7eb16a56453",  # and surrounding whitespace
    "+e4d0ead-dc69-470a-9b3a-e7eb16a56453",
    "0e4d0ead_dc69_470a_9b3a_e7eb16a56453",
    "0e4d0ead-dc69-470a-9b3a-e7eb16a5645\u0663",  # a non-ASCII digit
    "",
]


def _outcome(parse, text):
    try:
        value = parse(text)
    except (ValueError, TypeError, AttributeError) as error:
        return type(error).__name__, str(error)
    return type(value), value, hash(value), value.int, value.is_safe, value.version, str(value)


@pytest.mark.parametrize("text", FORMS)
def test_same_value_or_same_error_as_uuid_uuid(text):
    for _ in range(2):  # the second call may come from the cache
        assert _outcome(parse_uuid, text) == _outcome(uuid.UUID, text)


@pytest.mark.parametrize("bad", [None, 12, b"0e4d0ead-dc69-470a-9b3a-e7eb16a56453"])
def test_non_strings_fail_like_uuid_uuid(bad):
    assert _outcome(parse_uuid, bad) == _outcome(uuid.UUID, bad)


def test_the_value_is_an_ordinary_immutable_uuid():
    value = parse_uuid(CANONICAL)
    assert value == uuid.UUID(CANONICAL) and isinstance(value, uuid.UUID)
    assert pickle.loads(pickle.dumps(value)) == value
    assert repr(value) == f"UUID('{CANONICAL}')"
    with pytest.raises(TypeError):
        value.int = 5  # type: ignore[misc]


def test_cache_stays_bounded_on_unique_ids():
    from dixa import _uuids

    for n in range(_uuids._CACHE_SIZE * 2 + 10):
        assert parse_uuid(str(uuid.UUID(int=n))).int == n
    assert len(_uuids._cache) <= _uuids._CACHE_SIZE
