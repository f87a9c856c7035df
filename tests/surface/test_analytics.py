"""Analytics through the public surface, against the Prism mock, sync and async.

Multi-page record queries are driven through an ``httpx.MockTransport``: the mock
answers every request with the same single page.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest

import dixa
from dixa.models import (
    Filter,
    FilterValue,
    GetMetricDataInputCsidFilter,
    GetMetricDataInputPeriodFilter,
    GetMetricRecordsDataInputCsidFilter,
    GetMetricRecordsDataInputPeriodFilter,
    Interval,
    LongAggregateValue,
    MetricData,
    MetricMetadata,
    MetricRecord,
    MetricRecordMetadata,
    Preset,
)

TIMEZONE = "Europe/Copenhagen"


def csid_metric_query() -> GetMetricDataInputCsidFilter:
    return GetMetricDataInputCsidFilter(
        id="closed_conversations",
        csid_filter=[42, 43, 44],
        filters=[Filter(attribute="channel", values=["email"])],
        aggregations=["Count"],
        timezone=TIMEZONE,
    )


def test_metrics_catalogue(surface):
    metrics = surface.items(lambda c: c.analytics.metrics.list(page_limit=50))
    assert [m.id for m in metrics] == ["csat", "closed_conversations"]
    assert all(isinstance(m, MetricMetadata) for m in metrics)
    assert "channel" in [f.filter_attribute for f in metrics[0].filters]


def test_metric_description(surface):
    metric = surface.call(lambda c: c.analytics.metrics.get("csat"))
    assert isinstance(metric, MetricMetadata)
    assert metric.related_record_ids == ["ratings"]
    assert metric.aggregations[0].measure == "Percentage"


def test_metric_query_by_conversation_ids(surface):
    data = surface.call(lambda c: c.analytics.metrics.query(csid_metric_query()))
    assert isinstance(data, MetricData)
    assert data.id == "closed_conversations"
    [aggregate] = data.aggregates
    assert isinstance(aggregate, LongAggregateValue)
    assert (aggregate.measure, aggregate.value) == ("Count", 42)


def test_metric_query_by_period_sends_the_tagged_period(surface):
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json={"data": {"id": "closed_conversations", "aggregates": []}})

    start, end = dt.datetime(2025, 1, 1), dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    query = GetMetricDataInputPeriodFilter(
        id="closed_conversations", period_filter=Interval(start=start, end=end), timezone=TIMEZONE
    )
    data = surface.scripted(handler).result(lambda c: c.analytics.metrics.query(query))
    assert data.aggregates == []
    [body] = seen
    assert body["periodFilter"]["_type"] == "Interval"
    assert dt.datetime.fromisoformat(body["periodFilter"]["start"]) == start.replace(tzinfo=dt.UTC)
    assert "csidFilter" not in body


def test_metric_query_by_preset_period_against_the_mock(surface):
    query = GetMetricDataInputPeriodFilter(
        id="closed_conversations", period_filter=Preset(value="PreviousWeek"), timezone=TIMEZONE
    )
    assert isinstance(surface.call(lambda c: c.analytics.metrics.query(query)), MetricData)


def test_records_catalogue_and_description(surface):
    records = surface.items(lambda c: c.analytics.records.list())
    assert [r.id for r in records] == ["ratings", "closed_conversations"]
    record = surface.call(lambda c: c.analytics.records.get("ratings"))
    assert isinstance(record, MetricRecordMetadata)
    assert record.related_metric_ids == ["csat"]
    assert record.fields_metadata[0].field == "conversation_id"


def test_records_query_returns_rows_with_aware_timestamps(surface):
    query = GetMetricRecordsDataInputCsidFilter(
        id="closed_conversations",
        csid_filter=[42, 43],
        filters=[Filter(attribute="initial_direction", values=["INBOUND"])],
        timezone=TIMEZONE,
    )
    rows = surface.items(lambda c: c.analytics.records.query(query, page_limit=100))
    assert len(rows) == 2
    assert all(isinstance(row, MetricRecord) for row in rows)
    assert rows[0].primary_timestamp_field.timestamp.tzinfo is not None
    assert {field.name for field in rows[0].fields} >= {"csid", "initial_direction"}


def test_records_query_resends_the_query_for_each_page(surface):
    def row(csid: int) -> dict[str, Any]:
        return {
            "primaryTimestampField": {"name": "created_at", "timestamp": "2023-04-21T10:23:14.293Z"},
            "fields": [{"name": "csid", "field": {"value": csid, "_type": "LongField"}}],
        }

    pages = {
        None: {"data": [row(1), row(2)], "meta": {"next": "/beta/analytics/records?pageKey=k2&pageLimit=2"}},
        "k2": {"data": [row(3)], "meta": {}},
    }
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=pages[request.url.params.get("pageKey")])

    query = GetMetricRecordsDataInputPeriodFilter(
        id="closed_conversations", period_filter=Preset(value="Yesterday"), timezone=TIMEZONE
    )
    rows = surface.scripted(handler).result(lambda c: c.analytics.records.query(query, page_limit=2))
    assert [r.fields[0].field.value for r in rows] == [1, 2, 3]
    assert [r.url.params.get("pageKey") for r in seen] == [None, "k2"]
    assert all(r.method == "POST" and r.url.params["pageLimit"] == "2" for r in seen)
    bodies = [json.loads(r.content) for r in seen]
    assert bodies[0] == bodies[1] == query.to_dict()


def test_filter_values(surface):
    raw = surface.call(lambda c: c.with_raw_response.analytics.filters.values("channel", page_limit=5))
    assert raw.http_response.request.url.path == "/beta/analytics/filter/channel"
    assert raw.http_response.request.url.params["pageLimit"] == "5"
    values = surface.items(lambda c: c.analytics.filters.values("channel"))
    assert all(isinstance(v, FilterValue) for v in values)
    assert {v.value: v.label for v in values} == {"CALLBACK": "Callback", "CONTACT_FORM": "Contact Form"}


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.analytics.metrics.list(page_limit=0), "page_limit", ValueError),
        (lambda c: c.analytics.metrics.list(page_limit="10"), "page_limit", TypeError),
        (lambda c: c.analytics.metrics.get(""), "metric_id", ValueError),
        (lambda c: c.analytics.metrics.get(7), "metric_id", TypeError),
        (lambda c: c.analytics.metrics.query({"id": "csat", "timezone": "UTC"}), "request", TypeError),
        (
            lambda c: c.analytics.metrics.query(
                GetMetricRecordsDataInputCsidFilter(id="csat", timezone="UTC", csid_filter=[1])
            ),
            "request",
            TypeError,
        ),
        (lambda c: c.analytics.records.get(None), "record_id", TypeError),
        (lambda c: c.analytics.records.list(page_limit=-1), "page_limit", ValueError),
        (lambda c: c.analytics.records.query(csid_metric_query(), page_limit=0), "request", TypeError),
        (
            lambda c: c.analytics.records.query(
                GetMetricRecordsDataInputCsidFilter(id="csat", timezone="UTC", csid_filter=[1]), page_limit=0
            ),
            "page_limit",
            ValueError,
        ),
        (lambda c: c.analytics.filters.values(" "), "filter_attribute", ValueError),
        (lambda c: c.analytics.filters.values("channel", page_limit=True), "page_limit", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
