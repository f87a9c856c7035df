"""Knowledge through the public surface, against the Prism mock, sync and async.

Behaviour the mock cannot show (multi-page listings, partial failures, the multipart
upload) is driven through an ``httpx.MockTransport`` that records what was sent.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import httpx
import pytest

import dixa
from dixa.models import (
    Article,
    ArticleTranslation,
    AttachmentResult,
    Category,
    Collection,
    CollectionCatalogItem,
    TranslationInput,
    TranslationList,
    TranslationTitle,
)

ARTICLE = "5f2640d8-631c-4472-8d48-3de0cfd21cd0"
CATEGORY = "222e4567-e89b-12d3-a456-426614174111"
COLLECTION = "78dfb531-2e1e-4ffc-bd18-fdad68cd2419"
TAG = "f6020a03-5a7a-4d9e-81e6-f1b76a855a5e"
USER = "123e4567-e89b-12d3-a456-426614174000"


def sent_json(raw: Any) -> Any:
    return json.loads(raw.http_response.request.content)


# --- articles -----------------------------------------------------------------------------


def test_article_get_parses_article_with_aware_timestamps(surface):
    article = surface.call(lambda c: c.knowledge.articles.get(ARTICLE))
    assert isinstance(article, Article)
    assert article.created_at.tzinfo is not None
    assert article.translation.draft.title == "Getting Started"
    assert article.tags == [TAG]


def test_article_get_sends_language(surface):
    raw = surface.call(lambda c: c.with_raw_response.knowledge.articles.get(uuid.UUID(ARTICLE), language="da"))
    assert raw.http_response.request.url.path == f"/beta/knowledge/articles/{ARTICLE}"
    assert raw.http_response.request.url.params["language"] == "da"
    assert isinstance(raw.parse(), Article)


def test_article_create_accepts_mappings_and_models(surface):
    translations = [
        {"language_id": "en", "title": "Getting started", "content": "<p>Hello</p>"},
        TranslationInput(language_id="da", title="Kom i gang"),
    ]
    raw = surface.call(
        lambda c: c.with_raw_response.knowledge.articles.create(
            translations=translations, parent_id=uuid.UUID(CATEGORY), tags=[TAG], pre_release=True
        )
    )
    assert sent_json(raw) == {
        "translations": [
            {"languageId": "en", "title": "Getting started", "content": "<p>Hello</p>"},
            {"languageId": "da", "title": "Kom i gang"},
        ],
        "parentId": CATEGORY,
        "tags": [TAG],
        "preRelease": True,
    }
    article = raw.parse()
    assert isinstance(article, Article)
    assert article.id == USER  # the spec example's id


def test_article_update_sends_only_what_is_given(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.knowledge.articles.update(ARTICLE, owned_by=USER, add_tags=["tag-id-1"])
    )
    assert raw.http_response.request.method == "PATCH"
    assert sent_json(raw) == {"ownedBy": USER, "tags": {"add": ["tag-id-1"]}}
    assert isinstance(raw.parse(), Article)


def test_article_lifecycle_verbs_return_none(surface):
    assert surface.call(lambda c: c.knowledge.articles.publish(ARTICLE)) is None
    assert surface.call(lambda c: c.knowledge.articles.unpublish(ARTICLE)) is None
    assert surface.call(lambda c: c.knowledge.articles.move(ARTICLE, CATEGORY)) is None
    assert surface.call(lambda c: c.knowledge.articles.remove_parent(ARTICLE)) is None
    assert surface.call(lambda c: c.knowledge.articles.delete(ARTICLE)) is None


def test_article_move_targets_the_parent_path(surface):
    raw = surface.call(lambda c: c.with_raw_response.knowledge.articles.move(ARTICLE, CATEGORY))
    request = raw.http_response.request
    assert (request.method, request.url.path) == ("PATCH", f"/beta/knowledge/articles/{ARTICLE}/parent/{CATEGORY}")


# --- translations ---------------------------------------------------------------------------


def test_translations_get_returns_draft_and_published(surface):
    translations = surface.call(lambda c: c.knowledge.articles.translations.get(ARTICLE))
    assert isinstance(translations, TranslationList)
    assert translations.draft[0].language == "en"
    assert isinstance(translations.published[0], ArticleTranslation)
    assert translations.published[0].contents.plaintext == "plaintext content"


def test_translations_update_returns_a_bulk_result(surface):
    result = surface.call(
        lambda c: c.knowledge.articles.translations.update(ARTICLE, [{"language_id": "en", "title": "My Article"}])
    )
    assert isinstance(result, dixa.BulkResult)
    assert result.ok
    assert isinstance(result.succeeded[0], ArticleTranslation)
    assert result.succeeded[0].updated_at.tzinfo is not None


def test_translations_update_pairs_failures_with_their_input(surface):
    inputs = [{"language_id": "en", "title": "Hello"}, {"language_id": "xx", "title": "???"}]
    translation = {
        "language": "en",
        "title": "Hello",
        "isIndexedVersion": False,
        "contents": {"html": "", "plaintext": ""},
        "availableAt": {},
        "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-01T00:00:00Z",
    }
    answer = {"data": [translation], "partialErrors": [{"languageId": "xx", "message": "Unknown language"}]}
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json=answer)

    result = surface.scripted(handler).result(lambda c: c.knowledge.articles.translations.update(ARTICLE, inputs))
    assert seen == [{"translations": [{"languageId": "en", "title": "Hello"}, {"languageId": "xx", "title": "???"}]}]
    assert [t.language for t in result.succeeded] == ["en"]
    [failure] = result.failed
    assert (failure.index, failure.input) == (1, inputs[1])
    assert "Unknown language" in failure.message
    with pytest.raises(dixa.BulkFailureError):
        result.raise_for_failures()


def test_translation_verbs_return_none(surface):
    assert surface.call(lambda c: c.knowledge.articles.translations.publish(ARTICLE, "da")) is None
    assert surface.call(lambda c: c.knowledge.articles.translations.unpublish(ARTICLE, "da")) is None
    assert surface.call(lambda c: c.knowledge.articles.translations.delete(ARTICLE, "da")) is None


def test_translation_publish_targets_the_language(surface):
    raw = surface.call(lambda c: c.with_raw_response.knowledge.articles.translations.publish(ARTICLE, "da"))
    assert raw.http_response.request.url.path == f"/beta/knowledge/articles/{ARTICLE}/translations/da/publish"


# --- attachments ----------------------------------------------------------------------------


UPLOAD_ANSWER = {
    "data": [{"originalFilename": "logo.png", "url": "https://cdn.example.com/images/org-id/uuid.png"}],
    "partialErrors": [{"originalFilename": "note.txt", "message": "Unsupported MIME type 'text/plain'", "code": 400}],
}


def test_upload_reports_urls_and_pairs_failures_with_files(surface, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n")
    files = [logo, ("note.txt", b"plain words")]
    result = surface.scripted(lambda _: httpx.Response(200, json=UPLOAD_ANSWER)).result(
        lambda c: c.knowledge.articles.attachments.upload(files),
    )
    [uploaded] = result.succeeded
    assert isinstance(uploaded, AttachmentResult)
    assert uploaded.url.startswith("https://")
    [failure] = result.failed
    assert (failure.index, failure.input) == (1, files[1])
    assert failure.error.code == 400


def test_upload_sends_each_file_as_a_multipart_part(surface):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(200, json=UPLOAD_ANSWER)

    surface.scripted(handler).result(lambda c: c.knowledge.articles.attachments.upload([("logo.png", b"\x89PNG\r\n")]))
    [request] = seen
    assert request.headers.get("content-type", "").startswith("multipart/form-data; boundary=")
    assert b'name="files"; filename="logo.png"' in request.content
    assert b"Content-Type: image/png" in request.content
    assert b"\x89PNG\r\n" in request.content


# --- categories and collections -------------------------------------------------------------


def test_category_get_and_translations(surface):
    raw = surface.call(lambda c: c.with_raw_response.knowledge.categories.get(CATEGORY, language="en"))
    assert raw.http_response.request.url.params["language"] == "en"
    category = raw.parse()
    assert isinstance(category, Category)
    assert category.is_locked is False
    assert category.title.title == "Getting Started"
    titles = surface.items(lambda c: c.knowledge.categories.translations(CATEGORY))
    assert [(t.language_id, t.title) for t in titles] == [("en", "Getting Started")]
    assert all(isinstance(t, TranslationTitle) for t in titles)


def test_collections_list_get_and_catalog(surface):
    collections = surface.items(lambda c: c.knowledge.collections.list(page_limit=10))
    assert [c.title for c in collections] == ["Test Collection"]
    assert isinstance(collections[0], Collection)
    collection = surface.call(lambda c: c.knowledge.collections.get(COLLECTION))
    assert collection.internal_kb_enabled is True
    catalog = surface.call(lambda c: c.knowledge.collections.catalog(COLLECTION, language="en"))
    assert isinstance(catalog, CollectionCatalogItem)
    assert catalog.articles[0].id == ARTICLE
    assert catalog.categories[0].categories[0].articles[0].title.title == "Getting Started"


def test_collections_list_follows_meta_next(surface):
    # The spec declares no ``meta`` for this listing; Dixa's paged listings send one anyway.
    def collection(title: str) -> dict[str, Any]:
        return {"id": COLLECTION, "title": title, "internalKbEnabled": False, "restrictions": {"isRestricted": False}}

    pages = {
        None: {"data": [collection("one")], "meta": {"next": "/beta/knowledge/collections?pageKey=p2&pageLimit=1"}},
        "p2": {"data": [collection("two")]},
    }
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json=pages[request.url.params.get("pageKey")])

    collections = surface.scripted(handler).result(lambda c: c.knowledge.collections.list(page_limit=1))
    assert [c.title for c in collections] == ["one", "two"]
    assert [url.params.get("pageKey") for url in seen] == [None, "p2"]
    assert all(url.params["pageLimit"] == "1" for url in seen)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.knowledge.articles.get("not-a-uuid"), "article_id", ValueError),
        (lambda c: c.knowledge.articles.get(42), "article_id", TypeError),
        (lambda c: c.knowledge.articles.get(ARTICLE, language=" "), "language", ValueError),
        (
            lambda c: c.knowledge.articles.create(translations=[{"title": "x"}]),
            "translations[0].language_id",
            TypeError,
        ),
        (lambda c: c.knowledge.articles.create(translations=[{"lang": "en"}]), "translations[0]", ValueError),
        (lambda c: c.knowledge.articles.create(translations="en"), "translations", TypeError),
        (lambda c: c.knowledge.articles.create(parent_id=""), "parent_id", ValueError),
        (lambda c: c.knowledge.articles.create(tags=[TAG, 7]), "tags[1]", TypeError),
        (lambda c: c.knowledge.articles.create(pre_release="no"), "pre_release", TypeError),
        (lambda c: c.knowledge.articles.update("x", owned_by=3), "article_id", ValueError),
        (lambda c: c.knowledge.articles.update(ARTICLE, owned_by=3), "owned_by", TypeError),
        (lambda c: c.knowledge.articles.update(ARTICLE, remove_tags=TAG), "remove_tags", TypeError),
        (lambda c: c.knowledge.articles.move(ARTICLE, "nope"), "parent_id", ValueError),
        (lambda c: c.knowledge.articles.translations.update(ARTICLE, []), "translations", ValueError),
        (
            lambda c: c.knowledge.articles.translations.update(ARTICLE, [{"language_id": "en", "title": " "}]),
            "translations[0].title",
            ValueError,
        ),
        (
            lambda c: c.knowledge.articles.translations.update(
                ARTICLE, [{"language_id": "en", "title": "t", "content": 5}]
            ),
            "translations[0].content",
            TypeError,
        ),
        (lambda c: c.knowledge.articles.translations.publish(ARTICLE, ""), "language_id", ValueError),
        (lambda c: c.knowledge.articles.translations.delete(ARTICLE, None), "language_id", TypeError),
        (lambda c: c.knowledge.articles.attachments.upload([]), "files", ValueError),
        (lambda c: c.knowledge.articles.attachments.upload(["logo.png"]), "files[0]", TypeError),
        (lambda c: c.knowledge.articles.attachments.upload([("a.png", "text")]), "files[0].content", TypeError),
        (lambda c: c.knowledge.articles.attachments.upload([("", b"x")]), "files[0].filename", ValueError),
        (lambda c: c.knowledge.categories.get(CATEGORY, language=1), "language", TypeError),
        (lambda c: c.knowledge.categories.translations("cat"), "category_id", ValueError),
        (lambda c: c.knowledge.collections.list(page_limit=0), "page_limit", ValueError),
        (lambda c: c.knowledge.collections.catalog(None), "collection_id", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param


def test_missing_upload_file_is_reported_before_any_request(tmp_path):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(ValueError) as info:
        client.knowledge.articles.attachments.upload([tmp_path / "missing.png"])
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == "files[0]"


def test_naive_datetimes_in_articles_are_utc(surface):
    # Timestamps Dixa prints as ``...Z[GMT]`` must come back as aware UTC datetimes.
    article = surface.call(lambda c: c.knowledge.articles.get(ARTICLE))
    assert article.updated_at == dt.datetime(2021, 12, 1, 12, 46, 36, 581000, tzinfo=dt.UTC)
