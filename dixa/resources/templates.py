"""Templates: the organization's quick responses and email auto-replies."""

from __future__ import annotations

import uuid
from types import ModuleType
from typing import TYPE_CHECKING, Literal, TypeAlias

from dixa_generated.types import UNSET, Unset

from dixa._call import Call, Paged
from dixa._exceptions import InvalidParameterError
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_str, check_uuid
from dixa.resources._common import follow_pages, no_content, optional_int
from dixa.resources._envelope import page_of

if TYPE_CHECKING:
    from dixa_generated.models.email_auto_reply import EmailAutoReply
    from dixa_generated.models.get_templates_type import GetTemplatesType
    from dixa_generated.models.quick_response import QuickResponse
    from dixa_generated.models.unknown_template import UnknownTemplate

    # UnknownTemplate keeps, as received, a kind of template newer than this SDK.
    Template: TypeAlias = EmailAutoReply | QuickResponse | UnknownTemplate

TemplateType: TypeAlias = Literal["EmailAutoReply", "QuickResponse"]


def _template_type(value: object) -> GetTemplatesType | Unset:
    from dixa_generated.models.get_templates_type import GetTemplatesType

    if value is None:
        return UNSET
    text = check_str("template_type", value)
    try:
        return GetTemplatesType(text)
    except ValueError:
        known = ", ".join(t.value for t in GetTemplatesType)
        raise InvalidParameterError("template_type", f"must be one of {known}, got {text!r}") from None


class Templates(Resource[C]):
    """``client.templates``: list and delete templates."""

    @paginated("templates.get_templates")
    def list(
        self, op: ModuleType, *, template_type: TemplateType | None = None, page_limit: int | None = None
    ) -> Paged[Template]:
        """Every template, page by page, or only those of ``template_type`` (``"QuickResponse"``
        or ``"EmailAutoReply"``). Each item's class tells which kind it is; ``translations``
        holds the localized versions.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getTemplates
        """
        from dixa_generated.models.list_templates_output import ListTemplatesOutput

        kind = _template_type(template_type)
        limit = optional_int("page_limit", page_limit)

        return follow_pages(
            lambda key: op._get_kwargs(page_limit=limit, page_key=key, type_=kind),
            lambda body: page_of(ListTemplatesOutput.from_dict(body)),
        )

    @operation("templates.delete_templates_templateid")
    def delete(self, op: ModuleType, template_id: str | uuid.UUID) -> Call[None]:
        """Delete a template. This cannot be undone, and flows or automations that still use the
        template break, so check those first.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteTemplatesTemplateid
        """
        return Call.from_generated(op._get_kwargs(check_uuid("template_id", template_id)), no_content)
