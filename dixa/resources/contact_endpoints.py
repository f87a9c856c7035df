"""Contact endpoints: the email addresses and phone numbers customers reach you on."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Literal, TypeAlias

from dixa_generated.types import UNSET

from dixa._call import Call, Paged
from dixa._exceptions import InvalidParameterError
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_str
from dixa.resources._common import single_page
from dixa.resources._envelope import items_of

if TYPE_CHECKING:
    from dixa_generated.models.email_endpoint import EmailEndpoint
    from dixa_generated.models.telephony_endpoint import TelephonyEndpoint
    from dixa_generated.models.unknown_contact_endpoint import UnknownContactEndpoint

    # UnknownContactEndpoint keeps, as received, a kind of endpoint newer than this SDK.
    ContactEndpoint: TypeAlias = EmailEndpoint | TelephonyEndpoint | UnknownContactEndpoint

EndpointType: TypeAlias = Literal["EmailEndpoint", "TelephonyEndpoint"]
_ENDPOINT_TYPES = ("EmailEndpoint", "TelephonyEndpoint")


class ContactEndpoints(Resource[C]):
    """``client.contact_endpoints``: the organization's email and telephony endpoints."""

    @paginated("contact_endpoints.get_contact_endpoints")
    def list(self, op: ModuleType, *, endpoint_type: EndpointType | None = None) -> Paged[ContactEndpoint]:
        """Every contact endpoint, or only those of ``endpoint_type`` (``"EmailEndpoint"`` or
        ``"TelephonyEndpoint"``). Each item's class tells which kind it is.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getContact-endpoints
        """
        from dixa_generated.models.list_contact_points_output import ListContactPointsOutput

        if endpoint_type is not None and check_str("endpoint_type", endpoint_type) not in _ENDPOINT_TYPES:
            raise InvalidParameterError(
                "endpoint_type", f"must be one of {', '.join(_ENDPOINT_TYPES)}, got {endpoint_type!r}"
            )
        kwargs = op._get_kwargs(field_type_=UNSET if endpoint_type is None else endpoint_type)
        return single_page(kwargs, lambda body: items_of(ListContactPointsOutput.from_dict(body)))

    @operation("contact_endpoints.get_contact_endpoints_contactendpointid")
    def get(self, op: ModuleType, contact_endpoint_id: str) -> Call[ContactEndpoint]:
        """Fetch one endpoint by its id, which is the email address or the phone number itself
        (e.g. ``"support@example.com"``, ``"+4531434343"``).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getContact-endpointsContactendpointid
        """
        from dixa_generated.models.get_contact_point_by_id_output import GetContactPointByIdOutput

        kwargs = op._get_kwargs(check_str("contact_endpoint_id", contact_endpoint_id))
        # ``data`` is required here (``from_dict`` fails without it), so no ``data_of`` check is needed.
        return Call.from_generated(kwargs, lambda body: GetContactPointByIdOutput.from_dict(body).data)
