"""Tags through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import json
import uuid

import pytest

import dixa
from dixa.models import Tag

TAG = "b794a74a-625b-4303-8237-9b11668a9605"


def test_list_returns_tags(surface):
    tags = surface.items(lambda c: c.tags.list())
    assert len(tags) == 5
    assert all(isinstance(t, Tag) for t in tags)
    assert tags[0].name == "example"
    assert tags[0].state == "Active"
    assert isinstance(tags[0].id, uuid.UUID)


def test_list_can_include_deactivated_tags(surface):
    raw = surface.call(lambda c: c.with_raw_response.tags.list(include_deactivated=True))
    assert raw.http_response.request.url.params["includeDeactivated"] == "true"
    assert all(isinstance(t, Tag) for t in raw.parse())


def test_create_sends_name_and_color_and_returns_the_tag(surface):
    raw = surface.call(lambda c: c.with_raw_response.tags.create("vip", color="#ff8800"))
    assert json.loads(raw.http_response.request.content) == {"name": "vip", "color": "#ff8800"}
    tag = raw.parse()
    assert isinstance(tag, Tag)
    assert str(tag.id) == TAG


def test_get_accepts_a_uuid(surface):
    tag = surface.call(lambda c: c.tags.get(uuid.UUID(TAG)))
    assert isinstance(tag, Tag)
    assert tag.name == "example"


@pytest.mark.parametrize(
    ("verb", "method", "suffix"),
    [("delete", "DELETE", ""), ("activate", "PATCH", "/activate"), ("deactivate", "PATCH", "/deactivate")],
)
def test_state_changes_return_none_and_hit_the_tag(surface, verb, method, suffix):
    assert surface.call(lambda c: getattr(c.tags, verb)(TAG)) is None
    raw = surface.call(lambda c: getattr(c.with_raw_response.tags, verb)(TAG))
    assert raw.status_code == 204
    assert raw.http_response.request.method == method
    assert raw.http_response.request.url.path == f"/beta/tags/{TAG}{suffix}"


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.tags.list(include_deactivated="yes"), "include_deactivated", TypeError),
        (lambda c: c.tags.get("not-a-uuid"), "tag_id", ValueError),
        (lambda c: c.tags.create(""), "name", ValueError),
        (lambda c: c.tags.create(None), "name", TypeError),
        (lambda c: c.tags.create("vip", color=0xFF8800), "color", TypeError),
        (lambda c: c.tags.delete(42), "tag_id", TypeError),
        (lambda c: c.tags.activate("x"), "tag_id", ValueError),
        (lambda c: c.tags.deactivate("x"), "tag_id", ValueError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
