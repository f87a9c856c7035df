"""Custom attribute definitions: the extra fields an organization adds to conversations
and contacts.

Setting a value lives with the thing it describes:
``client.conversations.custom_attributes.patch`` and ``client.end_users.custom_attributes.patch``.
"""

from __future__ import annotations

import uuid
from types import ModuleType
from typing import TYPE_CHECKING

from dixa._call import Call, Paged
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_str
from dixa.resources._common import single_page
from dixa.resources._envelope import data_of, items_of

if TYPE_CHECKING:
    from dixa_generated.models.custom_attribute_definition import CustomAttributeDefinition


class CustomAttributes(Resource[C]):
    """``client.custom_attributes``: which custom attributes exist and what values they take."""

    @paginated("custom_attributes.get_custom_attributes")
    def list(self, op: ModuleType) -> Paged[CustomAttributeDefinition]:
        """Every custom attribute definition, for conversations and contacts alike. Use it to find
        the attribute id to patch, and for select attributes the option values it accepts
        (``input_definition.options``).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getCustom-attributes
        """
        from dixa_generated.models.list_custom_attributes_definitions_output import (
            ListCustomAttributesDefinitionsOutput,
        )

        return single_page(
            op._get_kwargs(), lambda body: items_of(ListCustomAttributesDefinitionsOutput.from_dict(body))
        )

    @operation("custom_attributes.get_custom_attributes_customattributeid")
    def get(self, op: ModuleType, custom_attribute_id: str | uuid.UUID) -> Call[CustomAttributeDefinition]:
        """Fetch one custom attribute definition by its id.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getCustom-attributesCustomattributeid
        """
        from dixa_generated.models.get_custom_attributes_definitions_output import (
            GetCustomAttributesDefinitionsOutput,
        )

        # Dixa declares the id as a plain string; the ids it hands out are UUIDs.
        if isinstance(custom_attribute_id, uuid.UUID):
            attribute = str(custom_attribute_id)
        else:
            attribute = check_str("custom_attribute_id", custom_attribute_id)
        kwargs = op._get_kwargs(attribute)
        return Call.from_generated(kwargs, lambda body: data_of(GetCustomAttributesDefinitionsOutput.from_dict(body)))
