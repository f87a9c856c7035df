"""A user's program, as it would be written against the installed wheel.

tests/package/test_wheel.py type-checks it with ``mypy --strict`` against a fresh virtual
environment holding only the wheel (every ``assert_type`` fails if the types were lost, e.g.
without ``py.typed`` every model is ``Any``), then runs it there against the mock.
Usage: python typed_user.py BASE_URL
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import uuid
from typing import assert_type

import dixa
from dixa.models import Agent, Csat, InternalNoteData, RatingOffer, Tag


def sync_calls(client: dixa.Dixa) -> None:
    note = client.conversations.notes.create(9456, message="Called back")
    assert_type(note, InternalNoteData)
    assert_type(note.created_at, dt.datetime)
    assert note.created_at.tzinfo is not None

    notes = client.conversations.notes.list(9456)
    assert_type(notes, dixa.SyncPager[InternalNoteData])
    first = notes.to_list()[0]
    assert_type(first, InternalNoteData)
    for page in notes.pages():
        assert_type(page, dixa.Page[InternalNoteData])

    tag = client.tags.get("8d9b7f9e-2f1a-4c7e-9d3b-5a6c7e8f9a0b")
    assert_type(tag, Tag)
    assert_type(tag.id, uuid.UUID)

    agents = client.agents.list()
    assert_type(agents, dixa.SyncPager[Agent])

    offer = client.conversations.ratings.offer(9456, rating_type="Csat")
    assert_type(offer, RatingOffer)
    client.conversations.ratings.submit(9456, offer.id, result=Csat(value=4))

    raw = client.with_raw_response.tags.get("8d9b7f9e-2f1a-4c7e-9d3b-5a6c7e8f9a0b")
    assert_type(raw, dixa.RawResponse[Tag])
    assert_type(raw.status_code, int)

    try:
        client.tags.get("")
    except dixa.InvalidParameterError as exc:
        assert_type(exc, dixa.InvalidParameterError)


async def async_calls(client: dixa.AsyncDixa) -> None:
    note = await client.conversations.notes.create(9456, message="Called back")
    assert_type(note, InternalNoteData)
    agents = client.agents.list()
    assert_type(agents, dixa.AsyncPager[Agent])
    async for agent in agents:
        assert_type(agent, Agent)
        break


def main(base_url: str) -> None:
    assert_type(dixa.SPEC_VERSION, str)
    assert_type(dixa.SPEC_SHA256, str)
    assert_type(dixa.parse_datetime("2021-12-01T12:46:36.581Z[GMT]"), dt.datetime)
    with dixa.Dixa(api_key="typed-user", base_url=base_url) as client:
        sync_calls(client)

    async def run() -> None:
        async with dixa.AsyncDixa(api_key="typed-user", base_url=base_url) as client:
            await async_calls(client)

    asyncio.run(run())
    print(f"typed user script ok: dixa {dixa.__version__}, spec {dixa.SPEC_VERSION} {dixa.SPEC_SHA256[:12]}")


if __name__ == "__main__":
    main(sys.argv[1])
