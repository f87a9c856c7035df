"""Analytics: the catalogue of metrics and records, their data, and the values their
filters accept.

A *metric* is an aggregate (``closed_conversations`` counted, ``csat`` as a percentage);
a *record* is the row-level data behind metrics, one entry per conversation or rating.
"""

from __future__ import annotations

from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, TypeAlias

from dixa._call import Call, Paged
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_str
from dixa.resources._common import check_model, follow_pages, optional_int
from dixa.resources._envelope import data_of, page_of

if TYPE_CHECKING:
    from dixa_generated.models.filter_value import FilterValue
    from dixa_generated.models.get_metric_data_input_csid_filter import GetMetricDataInputCsidFilter
    from dixa_generated.models.get_metric_data_input_period_filter import GetMetricDataInputPeriodFilter
    from dixa_generated.models.get_metric_records_data_input_csid_filter import GetMetricRecordsDataInputCsidFilter
    from dixa_generated.models.get_metric_records_data_input_period_filter import (
        GetMetricRecordsDataInputPeriodFilter,
    )
    from dixa_generated.models.metric_data import MetricData
    from dixa_generated.models.metric_metadata import MetricMetadata
    from dixa_generated.models.metric_record import MetricRecord
    from dixa_generated.models.metric_record_metadata import MetricRecordMetadata

    MetricQuery: TypeAlias = GetMetricDataInputCsidFilter | GetMetricDataInputPeriodFilter
    RecordQuery: TypeAlias = GetMetricRecordsDataInputCsidFilter | GetMetricRecordsDataInputPeriodFilter


class Analytics(Resource[C]):
    """``client.analytics``: metrics, records and filter values."""

    @cached_property
    def metrics(self) -> Metrics[C]:
        return Metrics(self._core)

    @cached_property
    def records(self) -> Records[C]:
        return Records(self._core)

    @cached_property
    def filters(self) -> Filters[C]:
        return Filters(self._core)


class Metrics(Resource[C]):
    """``client.analytics.metrics``: aggregated figures such as closed conversations or CSAT."""

    @paginated("analytics.get_analytics_metrics")
    def list(self, op: ModuleType, *, page_limit: int | None = None) -> Paged[MetricMetadata]:
        """The metrics catalogue: each metric's id, the filters and aggregations it accepts and
        the records it is computed from. Start here to learn what :meth:`query` can ask.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAnalyticsMetrics
        """
        from dixa_generated.models.get_metrics_output import GetMetricsOutput

        limit = optional_int("page_limit", page_limit)
        return follow_pages(
            lambda key: op._get_kwargs(page_limit=limit, page_key=key),
            lambda body: page_of(GetMetricsOutput.from_dict(body)),
        )

    @operation("analytics.get_analytics_metrics_metricid")
    def get(self, op: ModuleType, metric_id: str) -> Call[MetricMetadata]:
        """Describe one metric (e.g. ``"csat"``): its filters, aggregations and related records.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAnalyticsMetricsMetricid
        """
        from dixa_generated.models.get_metric_output import GetMetricOutput

        kwargs = op._get_kwargs(check_str("metric_id", metric_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetMetricOutput.from_dict(body)))

    @operation("analytics.post_analytics_metrics")
    def query(self, op: ModuleType, request: MetricQuery) -> Call[MetricData]:
        """Compute a metric. Pass ``GetMetricDataInputPeriodFilter`` for a time period (a
        ``Preset`` such as ``"PreviousWeek"`` or an ``Interval``) or ``GetMetricDataInputCsidFilter``
        for specific conversations; both take ``filters``, ``aggregations`` and a ``timezone``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postAnalyticsMetrics
        """
        from dixa_generated.models.get_metric_data_output import GetMetricDataOutput

        check_model("request", request, op._get_kwargs)
        kwargs = op._get_kwargs(body=request)
        return Call.from_generated(kwargs, lambda body: data_of(GetMetricDataOutput.from_dict(body)))


class Records(Resource[C]):
    """``client.analytics.records``: the row-level data behind metrics."""

    @paginated("analytics.get_analytics_records")
    def list(self, op: ModuleType, *, page_limit: int | None = None) -> Paged[MetricRecordMetadata]:
        """The records catalogue: each record's id, filters, fields and related metrics.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAnalyticsRecords
        """
        from dixa_generated.models.get_metric_records_output import GetMetricRecordsOutput

        limit = optional_int("page_limit", page_limit)
        return follow_pages(
            lambda key: op._get_kwargs(page_limit=limit, page_key=key),
            lambda body: page_of(GetMetricRecordsOutput.from_dict(body)),
        )

    @operation("analytics.get_analytics_records_recordid")
    def get(self, op: ModuleType, record_id: str) -> Call[MetricRecordMetadata]:
        """Describe one record (e.g. ``"ratings"``): its fields and the filters it accepts.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAnalyticsRecordsRecordid
        """
        from dixa_generated.models.get_metric_record_output import GetMetricRecordOutput

        kwargs = op._get_kwargs(check_str("record_id", record_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetMetricRecordOutput.from_dict(body)))

    @paginated("analytics.post_analytics_records")
    def query(self, op: ModuleType, request: RecordQuery, *, page_limit: int | None = None) -> Paged[MetricRecord]:
        """Fetch a record's rows for a period (``GetMetricRecordsDataInputPeriodFilter``) or for
        specific conversations (``GetMetricRecordsDataInputCsidFilter``), followed page by page:
        the same query is re-sent with each next ``pageKey``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postAnalyticsRecords
        """
        from dixa_generated.models.get_metric_records_data_output import GetMetricRecordsDataOutput

        check_model("request", request, op._get_kwargs)
        limit = optional_int("page_limit", page_limit)
        # The same query is re-sent with each page's key.
        return follow_pages(
            lambda key: op._get_kwargs(body=request, page_limit=limit, page_key=key),
            lambda body: page_of(GetMetricRecordsDataOutput.from_dict(body)),
        )


class Filters(Resource[C]):
    """``client.analytics.filters``: what a filter attribute can be set to."""

    @paginated("analytics.get_analytics_filter_filterattribute")
    def values(self, op: ModuleType, filter_attribute: str, *, page_limit: int | None = None) -> Paged[FilterValue]:
        """The values (with display labels) a filter attribute such as ``"channel"`` or
        ``"queue_id"`` accepts, for the ``filters`` of metric and record queries.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAnalyticsFilterFilterattribute
        """
        from dixa_generated.models.get_filter_values_output import GetFilterValuesOutput

        attribute = check_str("filter_attribute", filter_attribute)
        limit = optional_int("page_limit", page_limit)
        return follow_pages(
            lambda key: op._get_kwargs(attribute, page_limit=limit, page_key=key),
            lambda body: page_of(GetFilterValuesOutput.from_dict(body)),
        )
