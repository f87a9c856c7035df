"""Tags: the organization's labels for conversations, and their active/inactive state.

Tagging a particular conversation lives on ``client.conversations`` (``tag``, ``untag``,
``tags.list``, ``tags.add_many``).
"""

from __future__ import annotations

import uuid
from types import ModuleType
from typing import TYPE_CHECKING

from dixa._call import Call, Paged
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_bool, check_str, check_uuid
from dixa.resources._common import no_content, optional_str, single_page
from dixa.resources._envelope import data_of, items_of

if TYPE_CHECKING:
    from dixa_generated.models.tag import Tag


class Tags(Resource[C]):
    """``client.tags``: create, find, retire and delete tags."""

    @paginated("tags.get_tags")
    def list(self, op: ModuleType, *, include_deactivated: bool = False) -> Paged[Tag]:
        """The organization's tags. Only active ones unless ``include_deactivated=True``, which
        also returns tags kept for history but no longer offered to agents.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getTags
        """
        from dixa_generated.models.list_tags_output import ListTagsOutput

        kwargs = op._get_kwargs(include_deactivated=check_bool("include_deactivated", include_deactivated))
        return single_page(kwargs, lambda body: items_of(ListTagsOutput.from_dict(body)))

    @operation("tags.get_tags_tagid")
    def get(self, op: ModuleType, tag_id: str | uuid.UUID) -> Call[Tag]:
        """Fetch one tag, e.g. to show the name and colour behind a tag id on a conversation.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getTagsTagid
        """
        from dixa_generated.models.get_tag_output import GetTagOutput

        kwargs = op._get_kwargs(check_uuid("tag_id", tag_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetTagOutput.from_dict(body)))

    @operation("tags.post_tags")
    def create(self, op: ModuleType, name: str, *, color: str | None = None) -> Call[Tag]:
        """Create a tag agents and integrations can put on conversations; ``color`` is a CSS hex
        colour such as ``"#ff8800"``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postTags
        """
        from dixa_generated.models.create_tag_input import CreateTagInput
        from dixa_generated.models.create_tag_output import CreateTagOutput

        body = CreateTagInput(name=check_str("name", name), color=optional_str("color", color))
        return Call.from_generated(op._get_kwargs(body=body), lambda body: data_of(CreateTagOutput.from_dict(body)))

    @operation("tags.delete_tags_tagid")
    def delete(self, op: ModuleType, tag_id: str | uuid.UUID) -> Call[None]:
        """Delete the tag and remove it from every conversation. This cannot be undone; to stop
        using a tag while keeping its history, :meth:`deactivate` it instead.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteTagsTagid
        """
        return Call.from_generated(op._get_kwargs(check_uuid("tag_id", tag_id)), no_content)

    @operation("tags.patch_tags_tagid_activate")
    def activate(self, op: ModuleType, tag_id: str | uuid.UUID) -> Call[None]:
        """Make a deactivated tag available for tagging again.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchTagsTagidActivate
        """
        return Call.from_generated(op._get_kwargs(check_uuid("tag_id", tag_id)), no_content)

    @operation("tags.patch_tags_tagid_deactivate")
    def deactivate(self, op: ModuleType, tag_id: str | uuid.UUID) -> Call[None]:
        """Retire a tag: it can no longer be put on conversations, but stays on those that have it
        and can be removed from them.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchTagsTagidDeactivate
        """
        return Call.from_generated(op._get_kwargs(check_uuid("tag_id", tag_id)), no_content)
