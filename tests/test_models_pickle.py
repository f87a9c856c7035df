"""Results cross process boundaries (multiprocessing pools, task queues): a model that was
pickled or copied must read, compare and serialize exactly like the original."""

from __future__ import annotations

import copy
import json
import pickle

import httpx
import pytest
from dixa_generated.types import UNSET

import dixa

TAG_ID = "3f1c1a53-6b8e-4f57-9a57-1d0e2a4f6c11"


def _client(payload: object) -> dixa.Dixa:
    body = json.dumps(payload).encode()
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"content-type": "application/json"})
    )
    return dixa.Dixa(api_key="k", base_url="http://dixa.test", http_client=httpx.Client(transport=transport))


@pytest.mark.parametrize("clone", [lambda x: pickle.loads(pickle.dumps(x)), copy.deepcopy, copy.copy])
def test_a_result_with_absent_fields_survives_pickle_and_copy(clone):
    tag = _client({"data": {"id": TAG_ID, "name": "vip", "state": "Active"}}).tags.get(TAG_ID)
    assert tag.color is UNSET

    again = clone(tag)

    assert again.color is UNSET
    assert again == tag
    assert again.to_dict() == tag.to_dict() == {"id": TAG_ID, "name": "vip", "state": "Active"}


def test_a_leniently_parsed_result_survives_pickle():
    # ``state`` of another type: kept as received, and given back as received after pickling.
    tag = _client({"data": {"id": TAG_ID, "name": "vip", "state": 7}}).tags.get(TAG_ID)

    again = pickle.loads(pickle.dumps(tag))

    assert again.to_dict() == {"id": TAG_ID, "name": "vip", "state": 7}


def test_unset_reads_as_itself():
    assert repr(UNSET) == "UNSET"
    assert not UNSET
