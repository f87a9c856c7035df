"""Each normalizer transform on a small document, its idempotence, and the real spec's figures."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from scripts import normalize_spec as ns
from scripts.specio import load_spec, schemas

ROOT = Path(__file__).resolve().parents[2]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(title: str, **props: Any) -> dict[str, Any]:
    return {"title": title, "type": "object", "required": list(props), "properties": props}


def doc(schemas_: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas_},
    }


def response_example(schema: str, example: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": ref(schema), "example": example}}
    return {"/x": {"get": {"operationId": "getX", "responses": {"200": {"description": "ok", "content": content}}}}}


RATINGS = {
    "Rating": {"title": "Rating", "oneOf": [ref("Csat"), ref("Nps")]},
    "Csat": obj("Csat", value={"type": "integer"}),
    "Nps": obj("Nps", value={"type": "integer"}),
    "Holder": obj("Holder", rating=ref("Rating")),
}


def test_declare_type_discriminators_tags_every_variant_and_maps_the_union():
    out = ns.declare_type_discriminators(doc(copy.deepcopy(RATINGS)))
    table = schemas(out)
    assert table["Csat"]["properties"]["_type"] == {
        "type": "string",
        "const": "Csat",
        "description": "Variant tag on the wire.",
        "default": "Csat",
    }
    assert "_type" in table["Nps"]["required"]
    assert table["Rating"]["discriminator"] == {
        "propertyName": "_type",
        "mapping": {"Csat": "#/components/schemas/Csat", "Nps": "#/components/schemas/Nps"},
    }


def test_generic_variants_travel_under_their_simple_name():
    out = ns.declare_type_discriminators(
        doc(
            {
                "Outcome": {"title": "Outcome", "oneOf": [ref("BulkActionSuccess_E_A")]},
                "BulkActionSuccess_E_A": obj("BulkActionSuccess_E_A", data={"type": "string"}),
            }
        )
    )
    assert schemas(out)["BulkActionSuccess_E_A"]["properties"]["_type"]["const"] == "BulkActionSuccess"


def test_a_variant_also_used_on_its_own_keeps_type_optional():
    table = copy.deepcopy(RATINGS)
    table["Holder"]["properties"]["plain"] = ref("Csat")
    out = schemas(ns.declare_type_discriminators(doc(table)))
    assert "_type" not in out["Csat"]["required"] and "default" not in out["Csat"]["properties"]["_type"]
    assert "_type" in out["Nps"]["required"]


def test_unique_titles_renames_only_shared_titles_to_their_component_name():
    out = schemas(ns.unique_titles(doc({"Between": obj("Between"), "Between1": obj("Between"), "Other": obj("Other")})))
    assert [out[n]["title"] for n in ("Between", "Between1", "Other")] == ["Between", "Between1", "Other"]


def test_case_object_unions_become_open_strings():
    out = schemas(
        ns.case_object_unions_as_strings(
            doc(
                {
                    "Status": {"title": "Status", "oneOf": [ref("Open"), ref("Closed")]},
                    "Open": {"title": "Open", "type": "object"},
                    "Closed": {"title": "Closed", "type": "object"},
                }
            )
        )
    )
    assert out["Status"] == {"title": "Status", "type": "string", "description": "values: [Open, Closed]"}
    assert "enum" not in out["Status"]  # a value Dixa adds later must still parse


def test_mixed_unions_of_empty_and_full_objects_stay_tagged_unions():
    table = {
        "Op": {"title": "Op", "oneOf": [ref("IsEmpty"), ref("IsOneOf")]},
        "IsEmpty": {"title": "IsEmpty", "type": "object"},
        "IsOneOf": obj("IsOneOf", values={"type": "array"}),
    }
    assert "oneOf" in schemas(ns.case_object_unions_as_strings(doc(table)))["Op"]


def test_unions_whose_examples_lack_the_tag_are_marked_untagged_and_not_tagged():
    table = {
        "Input": {"title": "Input", "oneOf": [ref("ById"), ref("ByPeriod")]},
        "ById": obj("ById", id={"type": "string"}),
        "ByPeriod": obj("ByPeriod", period={"type": "string"}),
    }
    marked = ns.mark_untagged_unions(doc(table, response_example("Input", {"period": "x"})))
    assert schemas(marked)["Input"]["x-dixa-untagged"] is True
    tagged = ns.declare_type_discriminators(marked)
    assert "_type" not in schemas(tagged)["ById"]["properties"]
    # A union whose example carries the tag stays a tapir union.
    plain = ns.mark_untagged_unions(doc(table, response_example("Input", {"period": "x", "_type": "ByPeriod"})))
    assert "x-dixa-untagged" not in schemas(plain)["Input"]


FORM_VALUES = {
    "Value": {"title": "Value", "oneOf": [ref("Files"), ref("Choice"), ref("Text")]},
    "Files": {"title": "Files", "type": "object", "properties": {"value": {"type": "array", "items": ref("File")}}},
    "Choice": {
        "title": "Choice",
        "type": "object",
        "properties": {"value": {"type": "array", "items": {"type": "string"}}},
    },
    "Text": obj("Text", value={"type": "string"}),
    "File": obj("File", url={"type": "string"}),
    "Form": obj("Form", values={"type": "object", "additionalProperties": ref("Value")}),
}


def test_plain_values_in_examples_are_no_evidence_of_an_untagged_union():
    example = response_example("Form", {"values": {"Name": "John", "Topics": ["A"]}})
    marked = ns.mark_untagged_unions(doc(copy.deepcopy(FORM_VALUES), example))
    assert "x-dixa-untagged" not in schemas(marked)["Value"]
    assert "discriminator" in schemas(ns.declare_type_discriminators(marked))["Value"]


def test_unions_shown_with_plain_values_accept_each_wrapped_value_as_is():
    example = response_example("Form", {"values": {"Name": "John", "Topics": ["A"]}})
    out = schemas(ns.accept_bare_union_values(doc(copy.deepcopy(FORM_VALUES), example)))
    assert out["Value"]["oneOf"] == [
        ref("Files"),
        ref("Choice"),
        ref("Text"),
        {"type": "array", "items": ref("File"), "x-dixa-bare": "Files"},
        {"type": "array", "items": {"type": "string"}, "x-dixa-bare": "Choice"},
        {"type": "string", "x-dixa-bare": "Text"},
    ]
    # Still a tagged union for every other transform: the plain forms are not variants.
    assert [name for name, _, _ in ns._tagged_unions(doc(out))] == ["Value"]
    # Without a plain value in the examples nothing changes.
    tagged = response_example("Form", {"values": {"Name": {"_type": "Text", "value": "John"}}})
    assert ns.accept_bare_union_values(doc(copy.deepcopy(FORM_VALUES), tagged)) == doc(FORM_VALUES, tagged)


def test_untagged_variants_require_the_fields_only_they_declare():
    by_csid = {
        "title": "ByCsid",
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "csids": {"type": "array"}},
    }
    table = {
        "Input": {"title": "Input", "oneOf": [ref("ByCsid"), ref("ByPeriod")], "x-dixa-untagged": True},
        "ByCsid": by_csid,
        "ByPeriod": obj("ByPeriod", id={"type": "string"}, period={"type": "string"}),
    }
    out = schemas(ns.require_distinguishing_fields(doc(table)))
    assert out["ByCsid"]["required"] == ["id", "csids"]
    assert out["ByPeriod"]["required"] == ["id", "period"]
    # Tagged unions are told apart by _type and keep their optional fields optional.
    del table["Input"]["x-dixa-untagged"]
    assert schemas(ns.require_distinguishing_fields(doc(table)))["ByCsid"]["required"] == ["id"]


def test_unknown_variants_catch_any_tag_not_in_the_mapping():
    out = schemas(ns.add_unknown_variants(ns.declare_type_discriminators(doc(copy.deepcopy(RATINGS)))))
    assert out["Rating"]["oneOf"][-1] == ref("UnknownRating")
    unknown = out["UnknownRating"]
    assert unknown["properties"]["_type"]["not"] == {"enum": ["Csat", "Nps"]}
    assert unknown["additionalProperties"] is True


@pytest.mark.parametrize("transform", ns.TRANSFORMS, ids=lambda t: t.__name__)
def test_every_transform_is_idempotent_and_pure_on_the_real_spec(transform, real_spec):
    before = copy.deepcopy(real_spec)
    once = transform(real_spec)
    assert real_spec == before, "transforms must not modify their input"
    assert transform(once) == once


def test_the_whole_pipeline_is_idempotent(real_spec):
    once = ns.normalize(real_spec)
    assert ns.normalize(once) == once


def test_real_spec_figures(real_spec):
    out = ns.normalize(real_spec)
    unions = [n for n, s in schemas(out).items() if "discriminator" in s]
    assert len(unions) == 41
    assert {n for n, s in schemas(out).items() if s.get("x-dixa-untagged")} == {
        "GetMetricDataInput",
        "GetMetricRecordsDataInput",
    }
    bare = {n: [m["x-dixa-bare"] for m in s.get("oneOf", ()) if "x-dixa-bare" in m] for n, s in schemas(out).items()}
    assert {n: forms for n, forms in bare.items() if forms} == {
        "FormAttributeValue": ["Attachments", "Select", "Text1"]
    }
    titles = [s.get("title", n) for n, s in schemas(out).items()]
    assert len(titles) == len(set(titles))
    # Dixa's own contradictions are reported, not hidden.
    assert len(ns.example_disagreements(out)) == 3


@pytest.fixture(scope="module")
def real_spec() -> dict[str, Any]:
    return load_spec(ROOT / "openapi" / "dixa-api-beta.yaml")
