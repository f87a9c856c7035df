"""End users through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import json
import uuid

import pytest

import dixa
from dixa.models import (
    AnonymizationRequestStatus,
    BulkPatchEndUserInput,
    ChatConversation,
    CreateEndUserInput,
    CustomAttribute,
    EndUser,
)

USER = "d4826125-559f-496f-ad71-a0340f0cae06"
ATTRIBUTE = "274e5a2c-be0d-42c0-b725-3dd533729f68"


def sent_json(raw):
    """The JSON body the client put on the wire for a raw response."""
    return json.loads(raw.http_response.request.content)


def test_list_iterates_end_users_with_aware_timestamps(surface):
    users = surface.items(lambda c: c.end_users.list())
    assert len(users) == 4
    assert all(isinstance(u, EndUser) for u in users)
    assert users[0].email == "enduser.0@example.org"
    assert all(u.created_at.tzinfo is not None for u in users)


def test_list_sends_its_filters_as_query_parameters(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.end_users.list(phone="+4512345678", external_id="#1", page_limit=2)
    )
    params = raw.http_response.request.url.params
    assert params["phone"] == "+4512345678"
    assert params["externalId"] == "#1"
    assert params["pageLimit"] == "2"
    assert "email" not in params
    assert all(isinstance(u, EndUser) for u in raw.parse())


def test_get_returns_the_user_with_custom_attributes(surface):
    user = surface.call(lambda c: c.end_users.get(uuid.UUID(USER)))
    assert isinstance(user, EndUser)
    assert user.display_name == "Alice Brown"
    assert user.custom_attributes[0].identifier == "my_attribute"


def test_create_sends_camel_case_details_and_returns_the_user(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.end_users.create(
            display_name="Alice Brown", email="alice@brown.com", middle_names=[], external_id="#12345678"
        )
    )
    assert sent_json(raw) == {
        "displayName": "Alice Brown",
        "email": "alice@brown.com",
        "middleNames": [],
        "externalId": "#12345678",
    }
    user = raw.parse()
    assert isinstance(user, EndUser)
    assert isinstance(user.id, uuid.UUID)


def test_create_many_matches_each_outcome_to_its_input(surface):
    # The spec's example answers four successes then one validation failure.
    users = [{"display_name": f"User {i}", "email": f"user{i}@example.org"} for i in range(5)]
    result = surface.call(lambda c: c.end_users.create_many(users))
    assert isinstance(result, dixa.BulkResult)
    assert [u.display_name for u in result.succeeded] == ["Enduser 0", "Enduser 1", "Enduser 2", "Enduser 3"]
    assert all(isinstance(u, EndUser) for u in result.succeeded)
    [failure] = result.failed
    assert failure.index == 4
    assert failure.input is users[4]
    assert "Create EndUser" in failure.message
    with pytest.raises(dixa.BulkFailureError):
        result.raise_for_failures()


def test_update_many_and_patch_many_report_both_halves(surface):
    update = [{"id": USER, "display_name": "Alice Brown"}, {"id": uuid.UUID(USER), "display_name": "Bob"}]
    result = surface.call(lambda c: c.end_users.update_many(update))
    assert [u.display_name for u in result.succeeded] == ["Alice Brown"]
    assert result.failed[0].input is update[1]
    assert "PhoneNumberExists" in result.failed[0].message

    patch = [{"id": USER, "phone_number": "+551155256325"}, {"id": USER, "first_name": "Bob"}]
    result = surface.call(lambda c: c.end_users.patch_many(patch))
    assert isinstance(result.succeeded[0], EndUser)
    assert result.failed[0].index == 1
    assert not result.ok


def test_patch_many_sends_only_the_given_fields(surface):
    raw = surface.call(lambda c: c.with_raw_response.end_users.patch_many([{"id": USER, "first_name": "Al"}]))
    assert sent_json(raw) == {"data": [{"id": USER, "firstName": "Al"}]}


def test_bulk_items_may_be_the_generated_models(surface):
    # Like agents: an item is a dict of the method's keyword arguments or the generated model.
    # The mock's example fails the second item, so the failure must point back at the model.
    model = BulkPatchEndUserInput(id=uuid.UUID(USER), last_name="Brown")
    raw = surface.call(lambda c: c.with_raw_response.end_users.patch_many([{"id": USER, "first_name": "Al"}, model]))
    assert sent_json(raw) == {"data": [{"id": USER, "firstName": "Al"}, {"id": USER, "lastName": "Brown"}]}
    assert raw.parse().failed[0].input is model
    raw = surface.call(lambda c: c.with_raw_response.end_users.create_many([CreateEndUserInput(email="a@b.c")]))
    assert sent_json(raw) == {"data": [{"email": "a@b.c"}]}


def test_update_and_patch_return_the_user(surface):
    updated = surface.call(lambda c: c.end_users.update(USER, display_name="Alice Brown", last_name="Brown"))
    assert isinstance(updated, EndUser)
    assert updated.last_name == "Brown"
    raw = surface.call(lambda c: c.with_raw_response.end_users.patch(USER, first_name="Alice"))
    assert sent_json(raw) == {"firstName": "Alice"}
    assert raw.http_response.request.method == "PATCH"
    assert isinstance(raw.parse(), EndUser)


def test_anonymize_returns_the_request_status_and_sends_force(surface):
    raw = surface.call(lambda c: c.with_raw_response.end_users.anonymize(USER, force=True))
    assert raw.http_response.request.url.params["force"] == "true"
    status = raw.parse()
    assert isinstance(status, AnonymizationRequestStatus)
    assert status.field_type_ == "User"
    assert status.initiated_at.tzinfo is not None


def test_conversations_list_lands_on_channel_variants(surface):
    conversations = surface.items(lambda c: c.end_users.conversations.list(USER, page_limit=10))
    assert len(conversations) == 1
    assert isinstance(conversations[0], ChatConversation)
    assert conversations[0].id == 1


def test_custom_attributes_patch_returns_the_values(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.end_users.custom_attributes.patch(
            USER, {uuid.UUID(ATTRIBUTE): "abcdef", USER: ["example1", "example2"]}
        )
    )
    assert sent_json(raw) == {ATTRIBUTE: "abcdef", USER: ["example1", "example2"]}
    attributes = raw.parse()
    assert all(isinstance(a, CustomAttribute) for a in attributes)
    assert [a.value for a in attributes] == ["abcdef", ["example1", "example2"]]


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.end_users.list(email="a@b.c", phone="+45"), "phone", ValueError),
        (lambda c: c.end_users.list(email=1), "email", TypeError),
        (lambda c: c.end_users.list(page_limit=0), "page_limit", ValueError),
        (lambda c: c.end_users.get("nope"), "user_id", ValueError),
        (lambda c: c.end_users.get(1), "user_id", TypeError),
        (lambda c: c.end_users.create(display_name=" "), "display_name", ValueError),
        (lambda c: c.end_users.create(additional_emails="a@b.c"), "additional_emails", TypeError),
        (lambda c: c.end_users.create(middle_names=["J", 2]), "middle_names[1]", TypeError),
        (lambda c: c.end_users.create_many([]), "users", ValueError),
        (lambda c: c.end_users.create_many([{"name": "x"}]), "users[0]", ValueError),
        (lambda c: c.end_users.create_many([{"email": "a"}, {"email": 5}]), "users[1].email", TypeError),
        (lambda c: c.end_users.update("nope", display_name="x"), "user_id", ValueError),
        (lambda c: c.end_users.update(USER, display_name=None), "display_name", TypeError),
        (lambda c: c.end_users.update_many([{"id": USER}]), "users[0].display_name", ValueError),
        (lambda c: c.end_users.update_many([{"id": "x", "display_name": "A"}]), "users[0].id", ValueError),
        (lambda c: c.end_users.patch(USER, email=""), "email", ValueError),
        (lambda c: c.end_users.patch_many([{"email": "a@b.c"}]), "users[0].id", ValueError),
        (lambda c: c.end_users.create_many([{"email": "a@b.c"}, {}]), "users[1]", ValueError),
        (lambda c: c.end_users.create_many([{"email": "a@b.c"}, "b@c.d"]), "users[1]", TypeError),
        (lambda c: c.end_users.patch_many([CreateEndUserInput(email="a@b.c")]), "users[0]", TypeError),
        (lambda c: c.end_users.patch_many("users"), "users", TypeError),
        (lambda c: c.end_users.anonymize(USER, force=1), "force", TypeError),
        (lambda c: c.end_users.conversations.list("nope"), "user_id", ValueError),
        (lambda c: c.end_users.conversations.list(USER, page_limit="5"), "page_limit", TypeError),
        (lambda c: c.end_users.custom_attributes.patch(USER, {"nope": "x"}), "values key", ValueError),
        (lambda c: c.end_users.custom_attributes.patch(USER, {}), "values", ValueError),
        (lambda c: c.end_users.custom_attributes.patch("nope", {ATTRIBUTE: "x"}), "user_id", ValueError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
