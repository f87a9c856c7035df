"""The contact profile agents and end users share, checked in one place.

Agents and end users are both Dixa users: the API describes their names, emails and
phone numbers with the same fields, and both areas take one profile as keyword
arguments or many as a bulk list. Checking them here keeps the two areas' rules and
errors alike: ``None`` means "not given" (the field is left out of the request), an
empty list clears a list field, and an error names the field, e.g. ``users[1].email``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeAlias, TypeVar

from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError
from dixa._validation import check_items, check_str, check_uuid
from dixa.resources._common import check_keys

M = TypeVar("M")

# Turns the caller's value for one field into what the generated model wants; the first
# argument is the name the error reports.
FieldCheck: TypeAlias = Callable[[str, Any], Any]

__all__ = ["CONTACT_FIELDS", "FieldCheck", "profile", "profile_items", "uuid_text"]


def _str_list(name: str, value: object) -> list[str]:
    # An empty list is meaningful here: it clears the field (e.g. "no middle names").
    return check_items(name, value, check_str, allow_empty=True)


def uuid_text(name: str, value: object) -> str:
    """A UUID for a model that carries it as text (the agents' bulk models do)."""
    return str(check_uuid(name, value))


# Every contact detail Dixa accepts, in the order the API documents them (and the
# methods' signatures list them). Agents have all but ``external_id``.
CONTACT_FIELDS: dict[str, FieldCheck] = {
    "display_name": check_str,
    "email": check_str,
    "phone_number": check_str,
    "additional_emails": _str_list,
    "additional_phone_numbers": _str_list,
    "first_name": check_str,
    "last_name": check_str,
    "middle_names": _str_list,
    "avatar_url": check_str,
    "external_id": check_str,
}


def profile(
    prefix: str, values: Mapping[str, object], fields: Mapping[str, FieldCheck], *, required: Collection[str] = ()
) -> dict[str, Any]:
    """The model keyword arguments for ``fields``, checked in their order.

    ``values`` are the caller's: a method passes ``locals()``, whose parameters are named
    as the fields (other locals are ignored). A field that is ``None`` or absent is left
    out, so the model sends nothing for it, unless it is ``required``: then its check
    refuses the ``None``. ``prefix`` goes before each name in errors (``"agents[0]."``).
    """
    checked: dict[str, Any] = {}
    for name, check in fields.items():
        value = values.get(name)
        if value is not None or name in required:
            checked[name] = check(f"{prefix}{name}", value)
    return checked


def profile_items(
    name: str, items: object, model: type[M], fields: Mapping[str, FieldCheck], *, required: Collection[str] = ()
) -> tuple[list[Any], list[M]]:
    """Check a bulk argument item by item: each is a ``model``, sent as it is, or a dict of
    ``fields`` that gives every ``required`` one.

    Returns the caller's items, which :class:`~dixa.BulkResult` failures point back to,
    and the request bodies, in the same order.
    """

    def check(label: str, item: object) -> tuple[object, M]:
        if isinstance(item, model):
            return item, item
        if not isinstance(item, Mapping):
            raise InvalidParameterTypeError(label, f"expected {model.__name__} or a dict, got {type(item).__name__}")
        check_keys(label, item, fields)
        for key in required:
            if item.get(key) is None:
                raise InvalidParameterError(f"{label}.{key}", "is required")
        if not item:
            # Nothing required and nothing given: the request would carry an empty profile.
            raise InvalidParameterError(label, "must not be empty")
        return item, model(**profile(f"{label}.", item, fields, required=required))

    checked = check_items(name, items, check)
    return [item for item, _ in checked], [body for _, body in checked]
