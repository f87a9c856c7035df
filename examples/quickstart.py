"""Quickstart: the everyday calls of a support automation.

Run against the local mock with `make demo`, or against Dixa with DIXA_API_KEY set:

    DIXA_API_KEY=... python -m examples.quickstart 9456

Against the mock, the values printed are the spec's examples (a 2021 timestamp for a note
created now, the example's rating), not the effect of these calls.
"""

from __future__ import annotations

import sys

import dixa
from dixa.models import Csat

AGENT_ID = "c68f42a5-1453-497a-940f-ff36ed4f1631"
ATTRIBUTE_ID = "2f5515b6-7e98-4f4d-9010-bfd2a27d4f35"  # a text custom attribute


def main(conversation_id: int = 9456) -> None:
    with dixa.Dixa() as client:  # DIXA_API_KEY and DIXA_BASE_URL from the environment
        note = client.conversations.notes.create(conversation_id, message="Called the customer back", agent_id=AGENT_ID)
        print(f"added note {note.id} at {note.created_at.isoformat()}")

        for existing in client.conversations.notes.list(conversation_id):
            print(
                f"  note {existing.id}: {existing.created_at!r} (tz={existing.created_at.tzinfo}) {existing.message!r}"
            )

        offer = client.conversations.ratings.offer(conversation_id, rating_type="Csat")
        print(f"offered a {offer.rating_type} rating: {offer.id}")
        result = client.conversations.ratings.submit(
            conversation_id, offer.id, result=Csat(value=4), comment="Quick help"
        )
        print(f"submitted a rating of 4; the answer: {result.to_dict()}")

        client.conversations.claim(conversation_id, agent_id=AGENT_ID, force=False)
        print(f"claimed conversation {conversation_id} for agent {AGENT_ID}")

        attributes = client.conversations.custom_attributes.patch(conversation_id, {ATTRIBUTE_ID: "priority-customer"})
        for attribute in attributes:
            print(f"  custom attribute {attribute.identifier}: {attribute.value!r}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9456)
