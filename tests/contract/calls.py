"""One representative call per operation, through the public ``dixa`` surface.

Keyed by the generated operation each surface method declares (``.operation``, e.g.
``"conversations.post_conversations_conversationid_notes"``); each value takes a
``Dixa`` or ``AsyncDixa`` and makes the call. Arguments are chosen to satisfy the spec:
ids in the formats it declares, request bodies shaped like its own examples, and the
optional parameters a real caller would pass, so that the mock validates more than the
bare minimum. Values that look like secrets are sentinels: the cassette secret scan
fails if any of them is ever recorded.

The contract suite, the cassette recorder and the offline replay all read this table.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from dixa.models import (
    BasicAuth,
    CombinedFilters,
    Condition,
    CreateOrUpdateQueueRequest,
    CreateQueueInput,
    Csat,
    Email,
    GenericConversationImport,
    GetMetricDataInputPeriodFilter,
    GetMetricRecordsDataInputPeriodFilter,
    Inbound,
    IncludesOne,
    IsNotEmpty,
    IsOneOf5,
    MapQueueThresholdInt,
    TagId,
    TokenAuth,
)

Client = Any  # dixa.Dixa or dixa.AsyncDixa: the same surface
CallFn = Callable[[Client], Any]

# Secrets the calls send; none of them may appear in a recorded cassette.
WEBHOOK_PASSWORD = "contract-webhook-password-93f2"
WEBHOOK_TOKEN = "contract-webhook-token-1c7a"
WEBHOOK_HEADER_TOKEN = "contract-header-token-44d0"
SENT_SECRETS = (WEBHOOK_PASSWORD, WEBHOOK_TOKEN, WEBHOOK_HEADER_TOKEN)

CONVERSATION = 9456
PARENT_CONVERSATION = 1234
AGENT = "c68f42a5-1453-497a-940f-ff36ed4f1631"
OTHER_AGENT = "26ae145b-8644-4fa5-aa56-7b3dcacbe2d4"
USER = "9c2a2cce-699f-4a72-89d9-fda5bc8dec8b"
QUEUE = "0bf82493-ae46-4c49-aa29-0422136269be"
TAG = "177e7564-6434-4177-a25a-8530089196ad"
TEAM = "a7a4c1cf-d5c5-4d8e-b2b9-6f4c0b0b8e4d"
MESSAGE = "4a5d1b0e-5c1a-4b8f-9e77-2f36b2d0a1c3"
ATTRIBUTE = "2f5515b6-7e98-4f4d-9010-bfd2a27d4f35"
SUBSCRIPTION = "5c1f6b2e-3d4a-4e8b-9a7c-1b2d3e4f5a6b"
REQUEST = "7d9e8f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a"
SCHEDULE = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
TEMPLATE = "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e"
ARTICLE = "123e4567-e89b-12d3-a456-426614174000"
CATEGORY = "223e4567-e89b-12d3-a456-426614174001"
COLLECTION = "323e4567-e89b-12d3-a456-426614174002"
AT = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
SINCE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
UNTIL = dt.datetime(2024, 1, 31, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _metric_query() -> GetMetricDataInputPeriodFilter:
    return GetMetricDataInputPeriodFilter.from_dict(
        {
            "id": "closed_conversations",
            "periodFilter": {"value": "PreviousWeek", "_type": "Preset"},
            "filters": [{"attribute": "channel", "values": ["email"]}],
            "aggregations": ["Count"],
            "timezone": "Europe/Copenhagen",
        }
    )


def _record_query() -> GetMetricRecordsDataInputPeriodFilter:
    return GetMetricRecordsDataInputPeriodFilter.from_dict(
        {
            "id": "closed_conversations",
            "periodFilter": {"value": "PreviousWeek", "_type": "Preset"},
            "filters": [{"attribute": "initial_direction", "values": ["INBOUND"]}],
            "timezone": "Europe/Copenhagen",
        }
    )


def _email() -> Email:
    return Email.from_dict(
        {
            "requesterId": USER,
            "emailIntegrationId": "my-integration@email.dixa.io",
            "subject": "order #123",
            "message": {"content": {"value": "My order hasn't shipped", "_type": "Text"}, "_type": "Inbound"},
            "language": "en",
            "_type": "Email",
        }
    )


def _import() -> GenericConversationImport:
    return GenericConversationImport.from_dict(
        {
            "genericChannelName": "genericapimessaging",
            "requesterId": USER,
            "requesterConnectionStatus": "Connected",
            "direction": "Inbound",
            "createdAt": "2021-12-01T11:00:00.001Z",
            "messages": [
                {
                    "content": {"value": "Hi, I need help with my order", "_type": "Text"},
                    "createdAt": "2021-12-01T13:00:00.003Z",
                    "_type": "InboundImport",
                },
                {
                    "content": {"value": "Sure, what seems to be the problem?", "_type": "Text"},
                    "agentId": AGENT,
                    "createdAt": "2021-12-01T14:00:00.004Z",
                    "_type": "OutboundImport",
                },
            ],
        }
    )


def _inbound() -> Inbound:
    return Inbound.from_dict({"content": {"value": "I need some help!", "_type": "Html"}, "_type": "Inbound"})


def _queue() -> CreateQueueInput:
    thresholds = MapQueueThresholdInt()
    thresholds.additional_properties["WaitingConversations"] = 10
    return CreateQueueInput(
        request=CreateOrUpdateQueueRequest(
            name="MyCorp main queue",
            call_functionality=False,
            is_default=False,
            is_do_not_offer_enabled=False,
            queue_thresholds=thresholds,
            offer_algorithm="AllAtOnce",
        )
    )


def _webhook_filters() -> dict[str, CombinedFilters]:
    return {
        "Conversation": CombinedFilters(strategy="All", conditions=[IsOneOf5(field="InitialChannel", values=["email"])])
    }


def _translation() -> dict[str, str]:
    return {"language_id": "en", "title": "My Article", "content": "<p>Hello world</p>"}


CALLS: dict[str, CallFn] = {
    # --- analytics
    "analytics.get_analytics_metrics": lambda c: c.analytics.metrics.list(page_limit=10),
    "analytics.post_analytics_metrics": lambda c: c.analytics.metrics.query(_metric_query()),
    "analytics.get_analytics_metrics_metricid": lambda c: c.analytics.metrics.get("closed_conversations"),
    "analytics.get_analytics_filter_filterattribute": lambda c: c.analytics.filters.values("channel", page_limit=10),
    "analytics.get_analytics_records": lambda c: c.analytics.records.list(page_limit=10),
    "analytics.post_analytics_records": lambda c: c.analytics.records.query(_record_query(), page_limit=10),
    "analytics.get_analytics_records_recordid": lambda c: c.analytics.records.get("closed_conversations"),
    # --- agents
    "agents.get_agents_presence": lambda c: c.agents.presence.list(),
    "agents.get_agents": lambda c: c.agents.list(email="alice@brown.com", page_limit=10),
    "agents.put_agents": lambda c: c.agents.update_many([{"id": AGENT, "display_name": "Alice Brown"}]),
    "agents.post_agents": lambda c: c.agents.create(
        display_name="Alice Brown", email="alice@brown.com", first_name="Alice"
    ),
    "agents.patch_agents": lambda c: c.agents.patch_many([{"id": AGENT, "display_name": "AB"}]),
    "agents.get_agents_agentid_teams": lambda c: c.agents.teams.list(AGENT),
    "agents.get_agents_agentid_presence": lambda c: c.agents.presence.get(AGENT),
    "agents.post_agents_bulk": lambda c: c.agents.create_many([{"display_name": "Bob", "email": "bob@example.org"}]),
    "agents.get_agents_agentid": lambda c: c.agents.get(uuid.UUID(AGENT)),
    "agents.put_agents_agentid": lambda c: c.agents.update(AGENT, display_name="Alice Brown", last_name="Brown"),
    "agents.delete_agents_agentid": lambda c: c.agents.delete(AGENT),
    "agents.patch_agents_agentid": lambda c: c.agents.patch(AGENT, last_name="Brown"),
    "agents.put_agents_agentid_presence_working_channel": lambda c: c.agents.presence.set_working_channel(
        AGENT, channel="Email", working=True
    ),
    # --- end users
    "end_users.get_endusers": lambda c: c.end_users.list(email="alice@example.org", page_limit=10),
    "end_users.put_endusers": lambda c: c.end_users.update_many([{"id": USER, "display_name": "Alice Brown"}]),
    "end_users.post_endusers": lambda c: c.end_users.create(display_name="Alice Brown", email="alice@example.org"),
    "end_users.patch_endusers": lambda c: c.end_users.patch_many([{"id": USER, "first_name": "Alice"}]),
    "end_users.post_endusers_bulk": lambda c: c.end_users.create_many(
        [{"display_name": "Bob", "email": "bob@example.org"}]
    ),
    "end_users.get_endusers_userid": lambda c: c.end_users.get(USER),
    "end_users.put_endusers_userid": lambda c: c.end_users.update(USER, display_name="Alice Brown", last_name="Brown"),
    "end_users.patch_endusers_userid": lambda c: c.end_users.patch(USER, first_name="Alice"),
    "end_users.patch_endusers_userid_anonymize": lambda c: c.end_users.anonymize(USER, force=True),
    "end_users.patch_endusers_userid_custom_attributes": lambda c: c.end_users.custom_attributes.patch(
        USER, {ATTRIBUTE: "gold"}
    ),
    "end_users.get_endusers_userid_conversations": lambda c: c.end_users.conversations.list(USER, page_limit=10),
    # --- teams
    "teams.get_teams": lambda c: c.teams.list(),
    "teams.post_teams": lambda c: c.teams.create(name="Support"),
    "teams.get_teams_teamid_agents": lambda c: c.teams.members.list(TEAM),
    "teams.delete_teams_teamid_agents": lambda c: c.teams.members.remove(TEAM, [AGENT]),
    "teams.patch_teams_teamid_agents": lambda c: c.teams.members.add(TEAM, [AGENT, OTHER_AGENT]),
    "teams.get_teams_teamid_presence": lambda c: c.teams.presence.list(TEAM, page_limit=10),
    "teams.get_teams_teamid": lambda c: c.teams.get(TEAM),
    "teams.delete_teams_teamid": lambda c: c.teams.delete(TEAM),
    # --- conversations
    "conversations.patch_conversations_conversationid_anonymize": lambda c: c.conversations.anonymize(
        CONVERSATION, force=True
    ),
    "conversations.patch_conversations_conversationid_messages_messageid_anonymize": (
        lambda c: c.conversations.messages.anonymize(CONVERSATION, MESSAGE)
    ),
    "conversations.put_conversations_conversationid_close": lambda c: c.conversations.close(
        CONVERSATION, user_id=AGENT
    ),
    "conversations.put_conversations_conversationid_followup": lambda c: c.conversations.follow_up(
        CONVERSATION, at=AT, user_id=AGENT
    ),
    "conversations.put_conversations_conversationid_reopen": lambda c: c.conversations.reopen(
        CONVERSATION, user_id=AGENT
    ),
    "conversations.put_conversations_conversationid_transfer_queue": lambda c: c.conversations.transfer(
        CONVERSATION, queue_id=QUEUE, user_id=AGENT
    ),
    "conversations.post_conversations_conversationid_notes_bulk": lambda c: c.conversations.notes.create_many(
        CONVERSATION, [{"message": "one"}, {"message": "two", "agent_id": AGENT, "created_at": AT}]
    ),
    "conversations.get_conversations_conversationid_notes": lambda c: c.conversations.notes.list(CONVERSATION),
    "conversations.post_conversations_conversationid_notes": lambda c: c.conversations.notes.create(
        CONVERSATION, message="Called back", agent_id=AGENT, created_at=AT
    ),
    "conversations.post_conversations_conversationid_ratings_ratingid_submit": (
        lambda c: c.conversations.ratings.submit(CONVERSATION, "rating-1", result=Csat(value=4), comment="Great")
    ),
    "conversations.post_conversations_conversationid_ratings_offer": lambda c: c.conversations.ratings.offer(
        CONVERSATION, rating_type="Csat", agent_id=AGENT, offered_at=AT
    ),
    "conversations.get_conversations_conversationid_rating": lambda c: c.conversations.ratings.list_legacy(
        CONVERSATION
    ),
    "conversations.get_conversations_conversationid_ratings": lambda c: c.conversations.ratings.list(CONVERSATION),
    "conversations.get_conversations_activitylog": lambda c: c.conversations.activity_log.list_all(
        since=SINCE, until=UNTIL, page_limit=10
    ),
    "conversations.get_conversations_flows": lambda c: c.conversations.flows.list(channel="pstnphone"),
    "conversations.put_conversations_conversationid_tags_tagid": lambda c: c.conversations.tag(CONVERSATION, TAG),
    "conversations.delete_conversations_conversationid_tags_tagid": lambda c: c.conversations.untag(CONVERSATION, TAG),
    "conversations.post_conversations_conversationid_tags_bulk": lambda c: c.conversations.tags.add_many(
        CONVERSATION, ["vip", "refund"]
    ),
    "conversations.get_conversations_conversationid_tags": lambda c: c.conversations.tags.list(CONVERSATION),
    "conversations.get_conversations_conversationid_messages": lambda c: c.conversations.messages.list(CONVERSATION),
    "conversations.post_conversations_conversationid_messages": lambda c: c.conversations.messages.create(
        CONVERSATION, _inbound()
    ),
    "conversations.post_conversations": lambda c: c.conversations.create(_email()),
    "conversations.post_conversations_import": lambda c: c.conversations.import_(_import()),
    "conversations.patch_conversations_conversationid_custom_attributes": (
        lambda c: c.conversations.custom_attributes.patch(CONVERSATION, {ATTRIBUTE: "gold"})
    ),
    "conversations.put_conversations_conversationid_claim": lambda c: c.conversations.claim(
        CONVERSATION, agent_id=AGENT, force=True
    ),
    "conversations.get_conversations_conversationid_activitylog": lambda c: c.conversations.activity_log.list(
        CONVERSATION
    ),
    "conversations.get_conversations_conversationid": lambda c: c.conversations.get(CONVERSATION),
    "conversations.put_conversations_conversationid_link": lambda c: c.conversations.links.create(
        CONVERSATION, parent_id=PARENT_CONVERSATION, link_type="Sibling"
    ),
    "conversations.get_conversations_conversationid_linked": lambda c: c.conversations.links.list(CONVERSATION),
    # --- queues
    "queues.get_queues": lambda c: c.queues.list(),
    "queues.post_queues": lambda c: c.queues.create(_queue()),
    "queues.get_queues_queueid_members": lambda c: c.queues.members.list(QUEUE),
    "queues.delete_queues_queueid_members": lambda c: c.queues.members.remove(QUEUE, [AGENT]),
    "queues.patch_queues_queueid_members": lambda c: c.queues.members.add(QUEUE, [AGENT, OTHER_AGENT]),
    "queues.get_queues_queueid_availability": lambda c: c.queues.availability(QUEUE),
    "queues.get_queues_queueid": lambda c: c.queues.get(QUEUE),
    "queues.get_queues_conversation_position_csid": lambda c: c.queues.conversation_position(CONVERSATION),
    # --- tags
    "tags.get_tags": lambda c: c.tags.list(include_deactivated=True),
    "tags.post_tags": lambda c: c.tags.create("vip", color="#FF0000"),
    "tags.get_tags_tagid": lambda c: c.tags.get(TAG),
    "tags.delete_tags_tagid": lambda c: c.tags.delete(TAG),
    "tags.patch_tags_tagid_deactivate": lambda c: c.tags.deactivate(TAG),
    "tags.patch_tags_tagid_activate": lambda c: c.tags.activate(TAG),
    # --- anonymization
    "anonymization.get_anonymization_request_requestid": lambda c: c.anonymization.status(REQUEST),
    "anonymization.post_anonymization": lambda c: c.anonymization.request("User", USER, force=True),
    # --- contact endpoints
    "contact_endpoints.get_contact_endpoints_contactendpointid": lambda c: c.contact_endpoints.get(
        "my-integration@email.dixa.io"
    ),
    "contact_endpoints.get_contact_endpoints": lambda c: c.contact_endpoints.list(endpoint_type="EmailEndpoint"),
    # --- custom attributes
    "custom_attributes.get_custom_attributes_customattributeid": lambda c: c.custom_attributes.get(ATTRIBUTE),
    "custom_attributes.get_custom_attributes": lambda c: c.custom_attributes.list(),
    # --- search
    "search.get_search_conversations": lambda c: c.search.conversations_text("cancel my order", page_limit=10),
    "search.post_search_conversations": lambda c: c.search.conversations(
        "order 12345",
        conditions=[TagId(operator=IncludesOne(values=[TAG])), Condition(field=TagId(operator=IsNotEmpty()))],
        strategy="Any",
        page_limit=10,
    ),
    # --- webhooks
    "webhooks.get_webhooks_webhooksubscriptionid": lambda c: c.webhooks.get(SUBSCRIPTION),
    "webhooks.delete_webhooks_webhooksubscriptionid": lambda c: c.webhooks.delete(SUBSCRIPTION),
    "webhooks.patch_webhooks_webhooksubscriptionid": lambda c: c.webhooks.patch(
        SUBSCRIPTION, enabled=False, authorization=TokenAuth(value=WEBHOOK_TOKEN)
    ),
    "webhooks.get_webhooks": lambda c: c.webhooks.list(),
    "webhooks.post_webhooks": lambda c: c.webhooks.create(
        name="Dashboard",
        url="https://example.test/hook",
        events=["ConversationCreated"],
        authorization=BasicAuth(username="hook-user", password=WEBHOOK_PASSWORD),
        custom_headers={"X-Automation-Webhook-Token": WEBHOOK_HEADER_TOKEN},
        enabled=True,
        filters=_webhook_filters(),
    ),
    "webhooks.get_webhooks_webhooksubscriptionid_delivery_status": lambda c: c.webhooks.delivery_status.list(
        SUBSCRIPTION
    ),
    "webhooks.get_webhooks_webhooksubscriptionid_delivery_status_logs_event": lambda c: c.webhooks.event_logs.list(
        SUBSCRIPTION, "ConversationNoteAdded"
    ),
    # --- templates
    "templates.get_templates": lambda c: c.templates.list(template_type="QuickResponse", page_limit=10),
    "templates.delete_templates_templateid": lambda c: c.templates.delete(TEMPLATE),
    # --- business hours
    "business_hours.get_business_hours_schedules": lambda c: c.business_hours.schedules.list(),
    "business_hours.get_business_hours_schedules_scheduleid_definition": (
        lambda c: c.business_hours.schedules.definition(SCHEDULE)
    ),
    "business_hours.get_business_hours_schedules_scheduleid_upcoming": lambda c: c.business_hours.schedules.upcoming(
        SCHEDULE, days=7
    ),
    "business_hours.get_business_hours_schedules_scheduleid_status": lambda c: c.business_hours.schedules.status(
        SCHEDULE, at=AT
    ),
    # --- knowledge
    "knowledge.get_knowledge_collections_collectionid": lambda c: c.knowledge.collections.get(COLLECTION),
    "knowledge.get_knowledge_collections_collectionid_catalog": lambda c: c.knowledge.collections.catalog(
        COLLECTION, language="en"
    ),
    "knowledge.get_knowledge_categories_categoryid": lambda c: c.knowledge.categories.get(CATEGORY, language="en"),
    "knowledge.get_knowledge_categories_categoryid_translations": lambda c: c.knowledge.categories.translations(
        CATEGORY
    ),
    "knowledge.get_knowledge_articles_articleid": lambda c: c.knowledge.articles.get(ARTICLE, language="en"),
    "knowledge.delete_knowledge_articles_articleid": lambda c: c.knowledge.articles.delete(ARTICLE),
    "knowledge.patch_knowledge_articles_articleid": lambda c: c.knowledge.articles.update(
        ARTICLE, owned_by=AGENT, add_tags=[TAG], pre_release=False
    ),
    "knowledge.get_knowledge_articles_articleid_translations": lambda c: c.knowledge.articles.translations.get(ARTICLE),
    "knowledge.patch_knowledge_articles_articleid_translations": lambda c: c.knowledge.articles.translations.update(
        ARTICLE, [_translation()]
    ),
    "knowledge.post_knowledge_articles": lambda c: c.knowledge.articles.create(
        translations=[_translation()], parent_id=CATEGORY, tags=[TAG], pre_release=False
    ),
    "knowledge.post_knowledge_articles_articleid_translations_languageid_publish": (
        lambda c: c.knowledge.articles.translations.publish(ARTICLE, "en")
    ),
    "knowledge.post_knowledge_articles_articleid_translations_languageid_unpublish": (
        lambda c: c.knowledge.articles.translations.unpublish(ARTICLE, "en")
    ),
    "knowledge.delete_knowledge_articles_articleid_translations_languageid": (
        lambda c: c.knowledge.articles.translations.delete(ARTICLE, "en")
    ),
    "knowledge.post_knowledge_articles_articleid_publish": lambda c: c.knowledge.articles.publish(ARTICLE),
    "knowledge.post_knowledge_articles_articleid_unpublish": lambda c: c.knowledge.articles.unpublish(ARTICLE),
    "knowledge.patch_knowledge_articles_articleid_parent_parentid": lambda c: c.knowledge.articles.move(
        ARTICLE, CATEGORY
    ),
    "knowledge.delete_knowledge_articles_articleid_parent": lambda c: c.knowledge.articles.remove_parent(ARTICLE),
    "knowledge.get_knowledge_collections": lambda c: c.knowledge.collections.list(page_limit=10),
    # Two files: Prism reads a lone multipart part as a scalar, not as the one-item array it is.
    "knowledge.post_knowledge_articles_attachments": lambda c: c.knowledge.articles.attachments.upload(
        [("diagram.png", PNG, "image/png"), ("photo.png", PNG)]
    ),
    # --- organization
    "organization.get_organization": lambda c: c.organization.get(),
}
