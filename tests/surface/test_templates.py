"""Templates through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import pytest

import dixa
from dixa.models import EmailAutoReply, QuickResponse

TEMPLATE = "f8e20c27-c63c-4877-b95a-09a367660578"


def test_list_lands_on_each_template_kind(surface):
    templates = surface.items(lambda c: c.templates.list())
    assert {type(t) for t in templates} == {QuickResponse, EmailAutoReply}
    first = templates[0]
    assert first.id == TEMPLATE
    assert first.name == "30-days return policyy"
    assert first.translations[0].locale == "da"


def test_list_sends_type_and_page_limit(surface):
    raw = surface.call(lambda c: c.with_raw_response.templates.list(template_type="QuickResponse", page_limit=5))
    params = raw.http_response.request.url.params
    assert params["type"] == "QuickResponse"
    assert params["pageLimit"] == "5"
    page = raw.parse()
    assert isinstance(page, dixa.Page)
    assert page.next_page_key is None


def test_delete_returns_none(surface):
    assert surface.call(lambda c: c.templates.delete(TEMPLATE)) is None
    raw = surface.call(lambda c: c.with_raw_response.templates.delete(TEMPLATE))
    assert raw.status_code == 204
    assert raw.http_response.request.method == "DELETE"


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.templates.list(template_type="Quick"), "template_type", ValueError),
        (lambda c: c.templates.list(template_type=1), "template_type", TypeError),
        (lambda c: c.templates.list(page_limit=-1), "page_limit", ValueError),
        (lambda c: c.templates.delete("template"), "template_id", ValueError),
        (lambda c: c.templates.delete(None), "template_id", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
