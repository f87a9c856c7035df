"""Organization: the Dixa organization the API key belongs to."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from dixa._call import Call
from dixa._resource import C, Resource, operation
from dixa.resources._envelope import data_of

if TYPE_CHECKING:
    from dixa_generated.models.organization_details import OrganizationDetails


class Organization(Resource[C]):
    """``client.organization``: details of the organization behind the API key."""

    @operation("organization.get_organization")
    def get(self, op: ModuleType) -> Call[OrganizationDetails]:
        """The organization's id, name, subdomain and status. A cheap call that proves the API
        key works and shows which organization it acts on, e.g. at start-up or in a health check.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getOrganization
        """
        from dixa_generated.models.get_organization_output import GetOrganizationOutput

        return Call.from_generated(op._get_kwargs(), lambda body: data_of(GetOrganizationOutput.from_dict(body)))
