"""Custom attribute definitions through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import uuid

import pytest

import dixa
from dixa.models import CustomAttributeDefinition, Select1, Text2

ATTRIBUTE = "db5f673b-1c40-41e7-b71f-caab342f0607"


def test_list_returns_definitions_for_both_entity_types(surface):
    definitions = surface.items(lambda c: c.custom_attributes.list())
    assert all(isinstance(d, CustomAttributeDefinition) for d in definitions)
    assert {d.entity_type for d in definitions} == {"Conversation", "Contact"}
    parcel = definitions[0]
    assert parcel.identifier == "parcel_id"
    assert isinstance(parcel.input_definition, Text2)
    # Dixa's "2023-01-01T08:23:54.246Z[GMT]" arrives as an aware datetime.
    assert parcel.created_at.tzinfo is not None
    assert parcel.created_at.microsecond == 246000


def test_get_returns_a_select_definition_with_its_options(surface):
    definition = surface.call(lambda c: c.custom_attributes.get(uuid.UUID(ATTRIBUTE)))
    assert isinstance(definition, CustomAttributeDefinition)
    assert str(definition.id) == ATTRIBUTE
    assert isinstance(definition.input_definition, Select1)
    assert [o.value for o in definition.input_definition.options] == ["payment", "access"]


def test_get_puts_the_id_in_the_path(surface):
    raw = surface.call(lambda c: c.with_raw_response.custom_attributes.get(ATTRIBUTE))
    assert raw.http_response.request.url.path == f"/beta/custom-attributes/{ATTRIBUTE}"


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.custom_attributes.get(""), "custom_attribute_id", ValueError),
        (lambda c: c.custom_attributes.get(7), "custom_attribute_id", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
