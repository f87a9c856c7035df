"""The ``@operation``/``@paginated`` descriptors (dixa._resource): a resource method receives its
generated operation module from the descriptor, which the caller never sees."""

from __future__ import annotations

import inspect
import sys

import dixa
from dixa.resources.tags import Tags


def test_callers_see_their_own_parameters_only():
    client = dixa.Dixa(api_key="k")
    assert list(inspect.signature(client.tags.list).parameters) == ["include_deactivated"]
    assert list(inspect.signature(client.conversations.claim).parameters) == ["conversation_id", "agent_id", "force"]
    assert client.tags.get.__doc__ == Tags.get.__doc__ and client.tags.get.__name__ == "get"


def test_the_generated_module_is_resolved_once_and_only_when_reached():
    descriptor = Tags.__dict__["deactivate"]
    name = "dixa_generated.api.tags.patch_tags_tagid_deactivate"
    saved_module, saved_resolved = sys.modules.pop(name, None), descriptor._module
    descriptor._module = None
    try:
        assert dixa.Dixa(api_key="k").tags is not None  # reaching the area imports no operation
        assert name not in sys.modules
        first = dixa.Dixa(api_key="k").tags.deactivate
        module = descriptor.module
        assert module.__name__ == name and sys.modules[name] is module
        assert callable(dixa.Dixa(api_key="k").tags.deactivate)
        assert descriptor.module is module and callable(first)
    finally:
        if saved_module is not None:
            sys.modules[name] = saved_module
        descriptor._module = saved_resolved
