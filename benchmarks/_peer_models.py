"""The same listing shapes as msgspec and pydantic v2 models, for reference figures only.

Neither library is a dependency of the SDK: ``make bench`` installs both into
``build/bench-libs`` (``benchmarks/requirements-libs.txt``), and this module is imported
only when they are there. The models mirror the generated ones field for field where it
costs: UUIDs and datetimes typed, the conversation and link unions tagged by ``_type``,
custom attribute values ``list[str] | str``; optional fields default to ``None``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any, Literal
from uuid import UUID

LIBS = Path(__file__).resolve().parent.parent / "build" / "bench-libs"
if LIBS.is_dir() and str(LIBS) not in sys.path:
    sys.path.append(str(LIBS))  # after .venv: the SDK's own dependencies win

import msgspec  # noqa: E402
import pydantic  # noqa: E402
from pydantic.alias_generators import to_camel  # noqa: E402

VERSIONS = {"msgspec": msgspec.__version__, "pydantic": pydantic.VERSION}


# --- msgspec ---------------------------------------------------------------------------


class MAssignment(msgspec.Struct, rename="camel"):
    agent_id: UUID
    assigned_at: dt.datetime


class MQueue(msgspec.Struct, rename="camel"):
    id: UUID
    queued_at: dt.datetime | None = None


class MBrowserInfo(msgspec.Struct, rename="camel"):
    name: str
    version: str | None = None
    ip_address: str | None = None
    originating_url: str | None = None


class MLink(msgspec.Struct, rename="camel", tag_field="_type"):
    parent_id: int


class MEmailForward(MLink, tag="EmailForward"):
    pass


class MFollowUp(MLink, tag="FollowUp"):
    pass


class MSideConversation(MLink, tag="SideConversation"):
    pass


class MCustomAttribute(msgspec.Struct, rename="camel"):
    id: UUID
    name: str
    identifier: str
    value: list[str] | str


class MConversation(msgspec.Struct, kw_only=True, rename="camel", tag_field="_type"):
    id: int
    requester_id: UUID
    channel: str
    created_at: dt.datetime
    direction: str | None = None
    state: str | None = None
    state_updated_at: dt.datetime | None = None
    assignment: MAssignment | None = None
    queue: MQueue | None = None
    link: MEmailForward | MFollowUp | MSideConversation | None = None
    custom_attributes: list[MCustomAttribute] | None = None
    transport_expires_at: dt.datetime | None = None


class MAnonymizedConversation(MConversation, tag="AnonymizedConversation"):
    anonymized_at: dt.datetime


class MChatConversation(MConversation, tag="ChatConversation"):
    browser_info: MBrowserInfo | None = None
    language: str | None = None


class MEmailLike(MConversation):
    from_email: str
    to_email: str | None = None
    integration_email: str | None = None
    language: str | None = None
    subject: str | None = None


class MContactFormConversation(MEmailLike, tag="ContactFormConversation"):
    pass


class MEmailConversation(MEmailLike, tag="EmailConversation"):
    pass


class MFacebookMessengerConversation(MConversation, tag="FacebookMessengerConversation"):
    pass


class MGenericConversation(MConversation, tag="GenericConversation"):
    from_contact_point_id: str | None = None
    to_contact_point_id: str | None = None


class MMessengerConversation(MChatConversation, tag="MessengerConversation"):
    pass


class MPstnPhoneConversation(MConversation, tag="PstnPhoneConversation"):
    pass


class MSmsConversation(MConversation, tag="SmsConversation"):
    from_number: str | None = None
    to_number: str | None = None


class MTwitterConversation(MConversation, tag="TwitterConversation"):
    conversation_type: str
    contact_point_twitter_id: str | None = None
    end_user_twitter_id: str | None = None


class MWhatsAppConversation(MConversation, tag="WhatsAppConversation"):
    pass


MConversationUnion = (
    MAnonymizedConversation
    | MChatConversation
    | MContactFormConversation
    | MEmailConversation
    | MFacebookMessengerConversation
    | MGenericConversation
    | MMessengerConversation
    | MPstnPhoneConversation
    | MSmsConversation
    | MTwitterConversation
    | MWhatsAppConversation
)


class MLinks(msgspec.Struct):
    next: str | None = None
    previous: str | None = None


class MConversationsPage(msgspec.Struct):
    data: list[MConversationUnion]
    meta: MLinks | None = None


class MAgent(msgspec.Struct, rename="camel"):
    id: UUID
    created_at: dt.datetime
    display_name: str
    email: str
    avatar_url: str | None = None
    phone_number: str | None = None
    additional_emails: list[str] | None = None
    additional_phone_numbers: list[str] | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_names: list[str] | None = None
    roles: list[str] | None = None


class MAgentsPage(msgspec.Struct):
    data: list[MAgent]
    meta: MLinks | None = None


# --- pydantic v2 -----------------------------------------------------------------------


class PModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class PAssignment(PModel):
    agent_id: UUID
    assigned_at: dt.datetime


class PQueue(PModel):
    id: UUID
    queued_at: dt.datetime | None = None


class PBrowserInfo(PModel):
    name: str
    version: str | None = None
    ip_address: str | None = None
    originating_url: str | None = None


class PEmailForward(PModel):
    parent_id: int
    type_: Literal["EmailForward"] = pydantic.Field(alias="_type")


class PFollowUp(PModel):
    parent_id: int
    type_: Literal["FollowUp"] = pydantic.Field(alias="_type")


class PSideConversation(PModel):
    parent_id: int
    type_: Literal["SideConversation"] = pydantic.Field(alias="_type")


class PCustomAttribute(PModel):
    id: UUID
    name: str
    identifier: str
    value: list[str] | str


class PConversation(PModel):
    id: int
    requester_id: UUID
    channel: str
    created_at: dt.datetime
    direction: str | None = None
    state: str | None = None
    state_updated_at: dt.datetime | None = None
    assignment: PAssignment | None = None
    queue: PQueue | None = None
    link: Annotated[PEmailForward | PFollowUp | PSideConversation, pydantic.Field(discriminator="type_")] | None = None
    custom_attributes: list[PCustomAttribute] | None = None
    transport_expires_at: dt.datetime | None = None


class PAnonymizedConversation(PConversation):
    type_: Literal["AnonymizedConversation"] = pydantic.Field(alias="_type")
    anonymized_at: dt.datetime


class PChatConversation(PConversation):
    type_: Literal["ChatConversation"] = pydantic.Field(alias="_type")
    browser_info: PBrowserInfo | None = None
    language: str | None = None


class PMessengerConversation(PConversation):
    type_: Literal["MessengerConversation"] = pydantic.Field(alias="_type")
    browser_info: PBrowserInfo | None = None
    language: str | None = None


class PEmailLike(PConversation):
    from_email: str
    to_email: str | None = None
    integration_email: str | None = None
    language: str | None = None
    subject: str | None = None


class PContactFormConversation(PEmailLike):
    type_: Literal["ContactFormConversation"] = pydantic.Field(alias="_type")


class PEmailConversation(PEmailLike):
    type_: Literal["EmailConversation"] = pydantic.Field(alias="_type")


class PFacebookMessengerConversation(PConversation):
    type_: Literal["FacebookMessengerConversation"] = pydantic.Field(alias="_type")


class PGenericConversation(PConversation):
    type_: Literal["GenericConversation"] = pydantic.Field(alias="_type")
    from_contact_point_id: str | None = None
    to_contact_point_id: str | None = None


class PPstnPhoneConversation(PConversation):
    type_: Literal["PstnPhoneConversation"] = pydantic.Field(alias="_type")


class PSmsConversation(PConversation):
    type_: Literal["SmsConversation"] = pydantic.Field(alias="_type")
    from_number: str | None = None
    to_number: str | None = None


class PTwitterConversation(PConversation):
    type_: Literal["TwitterConversation"] = pydantic.Field(alias="_type")
    conversation_type: str
    contact_point_twitter_id: str | None = None
    end_user_twitter_id: str | None = None


class PWhatsAppConversation(PConversation):
    type_: Literal["WhatsAppConversation"] = pydantic.Field(alias="_type")


PConversationUnion = Annotated[
    PAnonymizedConversation
    | PChatConversation
    | PContactFormConversation
    | PEmailConversation
    | PFacebookMessengerConversation
    | PGenericConversation
    | PMessengerConversation
    | PPstnPhoneConversation
    | PSmsConversation
    | PTwitterConversation
    | PWhatsAppConversation,
    pydantic.Field(discriminator="type_"),
]


class PLinks(PModel):
    next: str | None = None
    previous: str | None = None


class PConversationsPage(PModel):
    data: list[PConversationUnion]
    meta: PLinks | None = None


class PAgent(PModel):
    id: UUID
    created_at: dt.datetime
    display_name: str
    email: str
    avatar_url: str | None = None
    phone_number: str | None = None
    additional_emails: list[str] | None = None
    additional_phone_numbers: list[str] | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_names: list[str] | None = None
    roles: list[str] | None = None


class PAgentsPage(PModel):
    data: list[PAgent]
    meta: PLinks | None = None


def decoders(kind: str) -> dict[str, Any]:
    """name -> bytes -> typed page, for ``kind`` ("conversations" or "agents")."""
    msgspec_type = MConversationsPage if kind == "conversations" else MAgentsPage
    pydantic_type = PConversationsPage if kind == "conversations" else PAgentsPage
    decoder = msgspec.json.Decoder(msgspec_type)
    return {"msgspec": decoder.decode, "pydantic v2": pydantic_type.model_validate_json}
