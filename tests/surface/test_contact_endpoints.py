"""Contact endpoints through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import pytest

import dixa
from dixa.models import EmailEndpoint, TelephonyEndpoint


def test_list_lands_on_each_endpoint_kind(surface):
    endpoints = surface.items(lambda c: c.contact_endpoints.list())
    phone, email = endpoints
    assert isinstance(phone, TelephonyEndpoint)
    assert phone.number == "+4531434343"
    assert phone.functionality == ["VoiceInbound", "VoiceOutbound"]
    assert isinstance(email, EmailEndpoint)
    assert email.address == "some@email.com"


def test_list_filters_by_endpoint_type(surface):
    raw = surface.call(lambda c: c.with_raw_response.contact_endpoints.list(endpoint_type="EmailEndpoint"))
    assert raw.http_response.request.url.params["_type"] == "EmailEndpoint"
    assert len(raw.parse()) == 2  # the mock does not filter; the request is what matters


def test_get_escapes_a_phone_number_id(surface):
    raw = surface.call(lambda c: c.with_raw_response.contact_endpoints.get("+4531434343"))
    assert raw.http_response.request.url.raw_path == b"/beta/contact-endpoints/%2B4531434343"
    endpoint = raw.parse()
    assert isinstance(endpoint, EmailEndpoint)
    assert endpoint.name == "Special email flow"


def test_get_returns_the_endpoint(surface):
    endpoint = surface.call(lambda c: c.contact_endpoints.get("some@email.com"))
    assert isinstance(endpoint, (EmailEndpoint, TelephonyEndpoint))


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.contact_endpoints.list(endpoint_type="Email"), "endpoint_type", ValueError),
        (lambda c: c.contact_endpoints.list(endpoint_type=EmailEndpoint), "endpoint_type", TypeError),
        (lambda c: c.contact_endpoints.get(" "), "contact_endpoint_id", ValueError),
        (lambda c: c.contact_endpoints.get(4531434343), "contact_endpoint_id", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
