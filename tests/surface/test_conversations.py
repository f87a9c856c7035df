"""Conversations through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

import dixa
from dixa.models import Csat, InternalNoteData

AGENT = "c68f42a5-1453-497a-940f-ff36ed4f1631"
ATTRIBUTE = "2f5515b6-7e98-4f4d-9010-bfd2a27d4f35"


def test_note_create_returns_the_note_with_an_aware_datetime(surface):
    note = surface.call(lambda c: c.conversations.notes.create(9456, message="Called back", agent_id=AGENT))
    assert isinstance(note, InternalNoteData)
    assert note.created_at.tzinfo is not None
    assert isinstance(note.id, uuid.UUID)


def test_notes_list_iterates_notes(surface):
    notes = surface.items(lambda c: c.conversations.notes.list(9456))
    assert len(notes) == 2
    assert all(isinstance(n, InternalNoteData) for n in notes)
    assert notes[0].message == "A note to remember"


def test_notes_create_many_reports_both_halves(surface):
    result = surface.call(
        lambda c: c.conversations.notes.create_many(9456, [{"message": "one"}, {"message": "two", "agent_id": AGENT}])
    )
    assert isinstance(result, dixa.BulkResult)
    assert len(result) == len(result.succeeded) + len(result.failed) > 0


def test_get_lands_on_the_variant_the_wire_names(surface):
    raw = surface.call(lambda c: c.with_raw_response.conversations.get(1))
    conversation = raw.parse()
    assert type(conversation).__name__ == raw.json()["data"]["_type"]
    assert conversation.created_at.tzinfo is not None


def test_lifecycle_verbs_return_none(surface):
    assert surface.call(lambda c: c.conversations.claim(1, agent_id=AGENT, force=True)) is None
    assert surface.call(lambda c: c.conversations.close(1)) is None
    assert surface.call(lambda c: c.conversations.reopen(1, user_id=AGENT)) is None
    assert surface.call(lambda c: c.conversations.follow_up(1, at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))) is None
    assert surface.call(lambda c: c.conversations.transfer(1, queue_id=AGENT)) is None
    assert surface.call(lambda c: c.conversations.tag(1, AGENT)) is None
    assert surface.call(lambda c: c.conversations.untag(1, AGENT)) is None


def test_ratings_offer_and_submit(surface):
    offer = surface.call(lambda c: c.conversations.ratings.offer(1, rating_type="Csat"))
    assert offer.rating_type
    result = surface.call(lambda c: c.conversations.ratings.submit(1, offer.id, result=Csat(value=4)))
    assert result is not None


def test_custom_attributes_patch(surface):
    attributes = surface.call(lambda c: c.conversations.custom_attributes.patch(1, {ATTRIBUTE: "gold"}))
    assert isinstance(attributes, list)


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.conversations.notes.create("9456", message="x"), "conversation_id", TypeError),
        (lambda c: c.conversations.notes.create(True, message="x"), "conversation_id", TypeError),
        (lambda c: c.conversations.notes.create(1, message=" "), "message", ValueError),
        (lambda c: c.conversations.notes.create(1, message="x", agent_id="not-a-uuid"), "agent_id", ValueError),
        (lambda c: c.conversations.claim(1, agent_id=AGENT, force="yes"), "force", TypeError),
        (lambda c: c.conversations.custom_attributes.patch(1, {"nope": "x"}), "values key", ValueError),
        (lambda c: c.conversations.notes.create_many(1, []), "notes", ValueError),
        (lambda c: c.conversations.notes.create_many(1, [{"text": "x"}]), "notes[0]", ValueError),
        # Unknown keys of mixed types are still reported as a parameter error.
        (lambda c: c.conversations.notes.create_many(1, [{"message": "x", 1: "a", "b": 2}]), "notes[0]", ValueError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
