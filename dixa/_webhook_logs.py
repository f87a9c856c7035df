"""``EventLog``: a webhook delivery log entry that also reads its payload as a typed event.

Dixa's delivery logs (``client.webhooks.event_logs.list``) give each delivery's JSON as a
*string*. ``EventLog`` is the generated ``EventDeliveryLog`` with one addition, ``.event``,
so code written against ``EventDeliveryLog`` (``isinstance``, ``.payload``, ``to_dict()``)
keeps working unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from dixa_generated.models.event_delivery_log import EventDeliveryLog

if TYPE_CHECKING:
    from dixa._webhook_events import WebhookEvent

__all__ = ["EventLog"]


class EventLog(EventDeliveryLog):
    """A delivery log entry: ``delivery_detail`` (how your endpoint answered), ``payload``
    (the JSON sent, as a string) and ``event``, that payload parsed like a live delivery."""

    __slots__ = ("_event",)

    @classmethod
    def of(cls, log: EventDeliveryLog) -> EventLog:
        # Every slot of the generated model, including what a lenient parse kept as
        # received, so that ``to_dict()`` still gives back exactly what arrived.
        entry = cls.__new__(cls)
        for field in attrs.fields(type(log)):
            if hasattr(log, field.name):
                object.__setattr__(entry, field.name, getattr(log, field.name))
        return entry

    @property
    def event(self) -> WebhookEvent:
        """The payload as a typed event (parsed on first access, then kept).

        Nothing is verified here: the payload comes from Dixa's API over your authenticated
        connection, and the log's string is reformatted, so it would not match the delivery's
        signature anyway. Raises ``InvalidParameterError`` if the payload is not an event.
        """
        try:
            return self._event
        except AttributeError:
            from dixa._webhook_events import parse_event

            self._event: WebhookEvent = parse_event(self.payload)
            return self._event
