"""Webhooks: subscriptions that make Dixa POST events to your server, and the delivery
history that tells you whether it got them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, TypeAlias

from dixa_generated.types import UNSET, Unset

from dixa._call import Call, Paged
from dixa._exceptions import InvalidParameterTypeError
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_items, check_mapping, check_str, check_uuid
from dixa.resources._common import no_content, optional_bool, optional_str, single_page
from dixa.resources._envelope import data_of, items_of

if TYPE_CHECKING:
    from dixa_generated.models.basic_auth import BasicAuth
    from dixa_generated.models.combined_filters import CombinedFilters
    from dixa_generated.models.event_delivery_status import EventDeliveryStatus
    from dixa_generated.models.map_string import MapString
    from dixa_generated.models.map_webhook_event_type_filters import MapWebhookEventTypeFilters
    from dixa_generated.models.no_auth import NoAuth
    from dixa_generated.models.token_auth import TokenAuth
    from dixa_generated.models.webhook_subscription import WebhookSubscription

    from dixa._webhook_logs import EventLog

    Authorization: TypeAlias = BasicAuth | NoAuth | TokenAuth


class Webhooks(Resource[C]):
    """``client.webhooks``: manage webhook subscriptions and inspect their deliveries."""

    @cached_property
    def delivery_status(self) -> DeliveryStatus[C]:
        return DeliveryStatus(self._core)

    @cached_property
    def event_logs(self) -> EventLogs[C]:
        return EventLogs(self._core)

    @paginated("webhooks.get_webhooks")
    def list(self, op: ModuleType) -> Paged[WebhookSubscription]:
        """Every webhook subscription of the organization (Dixa returns them in one response).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getWebhooks
        """
        from dixa_generated.models.list_webhook_subscriptions_endpoint_output import (
            ListWebhookSubscriptionsEndpointOutput,
        )

        return single_page(
            op._get_kwargs(), lambda body: items_of(ListWebhookSubscriptionsEndpointOutput.from_dict(body))
        )

    @operation("webhooks.get_webhooks_webhooksubscriptionid")
    def get(self, op: ModuleType, subscription_id: str | uuid.UUID) -> Call[WebhookSubscription]:
        """Fetch one subscription, including the ``secret_key`` Dixa signs its requests with.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getWebhooksWebhooksubscriptionid
        """
        from dixa_generated.models.get_webhook_subscription_output import GetWebhookSubscriptionOutput

        kwargs = op._get_kwargs(check_uuid("subscription_id", subscription_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetWebhookSubscriptionOutput.from_dict(body)))

    @operation("webhooks.post_webhooks")
    def create(
        self,
        op: ModuleType,
        *,
        name: str,
        url: str,
        events: Sequence[str] | None = None,
        authorization: Authorization | None = None,
        custom_headers: Mapping[str, str] | None = None,
        enabled: bool | None = None,
        filters: Mapping[str, CombinedFilters] | None = None,
    ) -> Call[WebhookSubscription]:
        """Subscribe ``url`` to ``events`` (e.g. ``["ConversationCreated"]``). Without
        ``authorization`` Dixa sends no Authorization header (``NoAuth``); pass ``BasicAuth`` or
        ``TokenAuth`` to have it authenticate. ``filters`` narrows events by entity, e.g.
        ``{"Conversation": CombinedFilters(...)}``. Dixa enables new subscriptions unless
        ``enabled=False``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postWebhooks
        """
        from dixa_generated.models.create_webhook_subscription_input import CreateWebhookSubscriptionInput
        from dixa_generated.models.create_webhook_subscription_output import CreateWebhookSubscriptionOutput
        from dixa_generated.models.map_string import MapString
        from dixa_generated.models.no_auth import NoAuth

        checked_name = check_str("name", name)
        checked_url = check_str("url", url)
        checked_events = _optional_events(events)
        auth = NoAuth() if authorization is None else _authorization(authorization)
        headers = MapString() if custom_headers is None else _headers(custom_headers)
        checked_enabled = optional_bool("enabled", enabled)
        checked_filters = UNSET if filters is None else _filters(filters)
        body = CreateWebhookSubscriptionInput(
            name=checked_name,
            url=checked_url,
            authorization=auth,
            custom_headers=headers,
            events=checked_events,
            enabled=checked_enabled,
            filters=checked_filters,
        )
        return Call.from_generated(
            op._get_kwargs(body=body), lambda body: data_of(CreateWebhookSubscriptionOutput.from_dict(body))
        )

    @operation("webhooks.patch_webhooks_webhooksubscriptionid")
    def patch(
        self,
        op: ModuleType,
        subscription_id: str | uuid.UUID,
        *,
        name: str | None = None,
        url: str | None = None,
        events: Sequence[str] | None = None,
        authorization: Authorization | None = None,
        custom_headers: Mapping[str, str] | None = None,
        enabled: bool | None = None,
        filters: Mapping[str, CombinedFilters] | None = None,
    ) -> Call[WebhookSubscription]:
        """Change what is given and leave the rest: e.g. ``enabled=False`` to pause deliveries
        while your endpoint is down. ``events`` and ``custom_headers`` replace the current sets.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchWebhooksWebhooksubscriptionid
        """
        from dixa_generated.models.patch_webhook_subscription_input import PatchWebhookSubscriptionInput
        from dixa_generated.models.patch_webhook_subscription_output import PatchWebhookSubscriptionOutput

        subscription = check_uuid("subscription_id", subscription_id)
        body = PatchWebhookSubscriptionInput(
            name=optional_str("name", name),
            url=optional_str("url", url),
            events=_optional_events(events),
            authorization=UNSET if authorization is None else _authorization(authorization),
            custom_headers=UNSET if custom_headers is None else _headers(custom_headers),
            enabled=optional_bool("enabled", enabled),
            filters=UNSET if filters is None else _filters(filters),
        )
        return Call.from_generated(
            op._get_kwargs(subscription, body=body),
            lambda body: data_of(PatchWebhookSubscriptionOutput.from_dict(body)),
        )

    @operation("webhooks.delete_webhooks_webhooksubscriptionid")
    def delete(self, op: ModuleType, subscription_id: str | uuid.UUID) -> Call[None]:
        """Delete the subscription; Dixa stops sending its events at once.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteWebhooksWebhooksubscriptionid
        """
        return Call.from_generated(op._get_kwargs(check_uuid("subscription_id", subscription_id)), no_content)


class DeliveryStatus(Resource[C]):
    """``client.webhooks.delivery_status``: the last delivery of each subscribed event."""

    @paginated("webhooks.get_webhooks_webhooksubscriptionid_delivery_status")
    def list(self, op: ModuleType, subscription_id: str | uuid.UUID) -> Paged[EventDeliveryStatus]:
        """For each event the subscription receives, how its latest delivery went
        (``DeliveryDetail``) or ``NoRecentDelivery``: the first place to look when your
        endpoint seems to miss events.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getWebhooksWebhooksubscriptionidDelivery-status
        """
        from dixa_generated.models.get_webhook_last_delivery_status_output import GetWebhookLastDeliveryStatusOutput

        kwargs = op._get_kwargs(check_uuid("subscription_id", subscription_id))
        return single_page(kwargs, lambda body: items_of(GetWebhookLastDeliveryStatusOutput.from_dict(body)))


class EventLogs(Resource[C]):
    """``client.webhooks.event_logs``: recent deliveries of one event, with their payloads."""

    @paginated("webhooks.get_webhooks_webhooksubscriptionid_delivery_status_logs_event")
    def list(self, op: ModuleType, subscription_id: str | uuid.UUID, event: str) -> Paged[EventLog]:
        """Recent deliveries of ``event`` (e.g. ``"ConversationCreated"``) to the subscription:
        the response your endpoint gave and the JSON payload sent, to replay or debug.

        Each item is an ``EventDeliveryLog`` (``delivery_detail``, ``payload`` as a string)
        that also has ``.event``: the payload parsed like a live delivery, into the same typed
        events ``dixa.webhooks.parse_event`` returns.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getWebhooksWebhooksubscriptionidDelivery-statusLogsEvent
        """
        from dixa_generated.models.get_webhook_event_delivery_logs_output import GetWebhookEventDeliveryLogsOutput

        from dixa._webhook_logs import EventLog

        subscription = check_uuid("subscription_id", subscription_id)
        kwargs = op._get_kwargs(subscription, check_str("event", event))
        return single_page(
            kwargs,
            lambda body: [EventLog.of(log) for log in items_of(GetWebhookEventDeliveryLogsOutput.from_dict(body))],
        )


def _optional_events(events: object) -> list[str] | Unset:
    # An empty list is allowed: on patch it unsubscribes from everything.
    return UNSET if events is None else check_items("events", events, check_str, allow_empty=True)


def _authorization(value: object) -> Authorization:
    from dixa_generated.models.basic_auth import BasicAuth
    from dixa_generated.models.no_auth import NoAuth
    from dixa_generated.models.token_auth import TokenAuth

    if not isinstance(value, (BasicAuth, NoAuth, TokenAuth)):
        raise InvalidParameterTypeError(
            "authorization", f"expected BasicAuth, NoAuth or TokenAuth (from dixa.models), got {type(value).__name__}"
        )
    return value


def _headers(value: object) -> MapString:
    from dixa_generated.models.map_string import MapString

    headers = MapString()
    for key, header in check_mapping("custom_headers", value, allow_empty=True).items():
        headers[check_str("custom_headers key", key)] = check_str(f"custom_headers[{key}]", header)
    return headers


def _filters(value: object) -> MapWebhookEventTypeFilters:
    from dixa_generated.models.combined_filters import CombinedFilters
    from dixa_generated.models.map_webhook_event_type_filters import MapWebhookEventTypeFilters

    filters = MapWebhookEventTypeFilters()
    for key, condition in check_mapping("filters", value).items():
        entity = check_str("filters key", key)
        if not isinstance(condition, CombinedFilters):
            raise InvalidParameterTypeError(
                f"filters[{entity}]", f"expected CombinedFilters (from dixa.models), got {type(condition).__name__}"
            )
        filters[entity] = condition
    return filters
