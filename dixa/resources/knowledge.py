"""Knowledge: articles (with their translations and image attachments), categories and
collections of Dixa's knowledge base."""

from __future__ import annotations

import mimetypes
import os
import uuid
from collections.abc import Mapping, Sequence
from functools import cached_property
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO, TypeAlias

from dixa_generated.types import UNSET, Unset

from dixa._bulk import BulkFailure, BulkResult
from dixa._call import Call, Page, Paged
from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError
from dixa._pagination import next_page_key
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_items, check_mapping, check_str, check_uuid
from dixa.resources._common import check_keys, follow_pages, no_content, optional_bool, optional_int, optional_str
from dixa.resources._envelope import data_of, items_of

if TYPE_CHECKING:
    from dixa_generated.models.article import Article
    from dixa_generated.models.article_translation import ArticleTranslation
    from dixa_generated.models.attachment_result import AttachmentResult
    from dixa_generated.models.category import Category
    from dixa_generated.models.collection import Collection
    from dixa_generated.models.collection_catalog_item import CollectionCatalogItem
    from dixa_generated.models.translation_input import TranslationInput
    from dixa_generated.models.translation_input_1 import TranslationInput1
    from dixa_generated.models.translation_list import TranslationList
    from dixa_generated.models.translation_title import TranslationTitle

    # A translation to write: {"language_id": "en", "title": ..., "content": "<p>...</p>"},
    # or either of the generated input models the spec defines for it.
    TranslationSpec: TypeAlias = Mapping[str, Any] | TranslationInput | TranslationInput1

# An image to upload: a path, or (filename, bytes or binary file[, MIME type]).
AttachmentSpec: TypeAlias = "os.PathLike[str] | tuple[str, bytes | BinaryIO] | tuple[str, bytes | BinaryIO, str]"

_TRANSLATION_KEYS = ("language_id", "title", "content")


def _id(name: str, value: object) -> str:
    """An id the spec types as a plain string (tag, user, category ids): a ``uuid.UUID`` or
    any non-blank string, so ids in formats other than UUID still pass."""
    return str(value) if isinstance(value, uuid.UUID) else check_str(name, value)


def _optional_ids(name: str, values: object) -> list[str] | Unset:
    return UNSET if values is None else check_items(name, values, _id, allow_empty=True)


class Knowledge(Resource[C]):
    """``client.knowledge``: the knowledge base, as articles, categories and collections."""

    @cached_property
    def articles(self) -> Articles[C]:
        return Articles(self._core)

    @cached_property
    def categories(self) -> Categories[C]:
        return Categories(self._core)

    @cached_property
    def collections(self) -> Collections[C]:
        return Collections(self._core)


class Articles(Resource[C]):
    """``client.knowledge.articles``: write, publish and arrange knowledge articles."""

    @cached_property
    def translations(self) -> ArticleTranslations[C]:
        return ArticleTranslations(self._core)

    @cached_property
    def attachments(self) -> Attachments[C]:
        return Attachments(self._core)

    @operation("knowledge.get_knowledge_articles_articleid")
    def get(self, op: ModuleType, article_id: str | uuid.UUID, *, language: str | None = None) -> Call[Article]:
        """Fetch one article with its draft and published translation in ``language``
        (an ISO code such as ``"en"``; the default language when omitted).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getKnowledgeArticlesArticleid
        """
        from dixa_generated.models.get_knowledge_article_output import GetKnowledgeArticleOutput

        article = check_uuid("article_id", article_id)
        lang = optional_str("language", language)
        kwargs = op._get_kwargs(article, language=lang)
        return Call.from_generated(kwargs, lambda body: data_of(GetKnowledgeArticleOutput.from_dict(body)))

    @operation("knowledge.post_knowledge_articles")
    def create(
        self,
        op: ModuleType,
        *,
        translations: Sequence[TranslationSpec] | None = None,
        parent_id: str | uuid.UUID | None = None,
        tags: Sequence[str | uuid.UUID] | None = None,
        pre_release: bool | None = None,
    ) -> Call[Article]:
        """Create an article, usually with its first translation(s) as drafts, placed under
        category ``parent_id`` (else in the default location) and tagged with tag ids.
        Publish it afterwards with :meth:`publish`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postKnowledgeArticles
        """
        from dixa_generated.models.create_knowledge_article_input import CreateKnowledgeArticleInput
        from dixa_generated.models.create_knowledge_article_output import CreateKnowledgeArticleOutput
        from dixa_generated.models.translation_input import TranslationInput

        items = (
            UNSET
            if translations is None
            else _translation_inputs(
                "translations", check_items("translations", translations, _as_is), TranslationInput
            )
        )
        parent = UNSET if parent_id is None else _id("parent_id", parent_id)
        tag_ids = _optional_ids("tags", tags)
        release = optional_bool("pre_release", pre_release)
        body = CreateKnowledgeArticleInput(translations=items, parent_id=parent, tags=tag_ids, pre_release=release)
        return Call.from_generated(
            op._get_kwargs(body=body), lambda body: data_of(CreateKnowledgeArticleOutput.from_dict(body))
        )

    @operation("knowledge.patch_knowledge_articles_articleid")
    def update(
        self,
        op: ModuleType,
        article_id: str | uuid.UUID,
        *,
        owned_by: str | uuid.UUID | None = None,
        add_tags: Sequence[str | uuid.UUID] | None = None,
        remove_tags: Sequence[str | uuid.UUID] | None = None,
        pre_release: bool | None = None,
    ) -> Call[Article]:
        """Change an article's owner, tags or pre-release flag; what is not given stays as is.
        Tags are added and removed by id rather than replaced, so concurrent edits do not clash.
        Text lives in translations: see ``articles.translations.update``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchKnowledgeArticlesArticleid
        """
        from dixa_generated.models.tags_update_input import TagsUpdateInput
        from dixa_generated.models.update_knowledge_article_input import UpdateKnowledgeArticleInput
        from dixa_generated.models.update_knowledge_article_output import UpdateKnowledgeArticleOutput

        article = check_uuid("article_id", article_id)
        owner = UNSET if owned_by is None else _id("owned_by", owned_by)
        add = _optional_ids("add_tags", add_tags)
        remove = _optional_ids("remove_tags", remove_tags)
        release = optional_bool("pre_release", pre_release)
        tags = UNSET if add is UNSET and remove is UNSET else TagsUpdateInput(add=add, remove=remove)
        body = UpdateKnowledgeArticleInput(owned_by=owner, tags=tags, pre_release=release)
        return Call.from_generated(
            op._get_kwargs(article, body=body), lambda body: data_of(UpdateKnowledgeArticleOutput.from_dict(body))
        )

    @operation("knowledge.delete_knowledge_articles_articleid")
    def delete(self, op: ModuleType, article_id: str | uuid.UUID) -> Call[None]:
        """Delete the article and all its translations.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteKnowledgeArticlesArticleid
        """
        return Call.from_generated(op._get_kwargs(check_uuid("article_id", article_id)), no_content)

    @operation("knowledge.post_knowledge_articles_articleid_publish")
    def publish(self, op: ModuleType, article_id: str | uuid.UUID) -> Call[None]:
        """Publish the article's drafts so readers of the help center see them.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postKnowledgeArticlesArticleidPublish
        """
        return Call.from_generated(op._get_kwargs(check_uuid("article_id", article_id)), no_content)

    @operation("knowledge.post_knowledge_articles_articleid_unpublish")
    def unpublish(self, op: ModuleType, article_id: str | uuid.UUID) -> Call[None]:
        """Take the article off the help center without deleting it.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postKnowledgeArticlesArticleidUnpublish
        """
        return Call.from_generated(op._get_kwargs(check_uuid("article_id", article_id)), no_content)

    @operation("knowledge.patch_knowledge_articles_articleid_parent_parentid")
    def move(self, op: ModuleType, article_id: str | uuid.UUID, parent_id: str | uuid.UUID) -> Call[None]:
        """Move the article under another category.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchKnowledgeArticlesArticleidParentParentid
        """
        article = check_uuid("article_id", article_id)
        parent = check_uuid("parent_id", parent_id)
        return Call.from_generated(op._get_kwargs(article, parent), no_content)

    @operation("knowledge.delete_knowledge_articles_articleid_parent")
    def remove_parent(self, op: ModuleType, article_id: str | uuid.UUID) -> Call[None]:
        """Detach the article from its category, returning it to the default location.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteKnowledgeArticlesArticleidParent
        """
        return Call.from_generated(op._get_kwargs(check_uuid("article_id", article_id)), no_content)


class ArticleTranslations(Resource[C]):
    """``client.knowledge.articles.translations``: an article's text, one translation per language."""

    @operation("knowledge.get_knowledge_articles_articleid_translations")
    def get(self, op: ModuleType, article_id: str | uuid.UUID) -> Call[TranslationList]:
        """Every translation of the article, as ``draft`` and ``published`` lists, to compare
        what readers see with what is being edited.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getKnowledgeArticlesArticleidTranslations
        """
        from dixa_generated.models.get_knowledge_article_translations_output import (
            GetKnowledgeArticleTranslationsOutput,
        )

        kwargs = op._get_kwargs(check_uuid("article_id", article_id))
        return Call.from_generated(
            kwargs, lambda body: data_of(GetKnowledgeArticleTranslationsOutput.from_dict(body)).translations
        )

    @operation("knowledge.patch_knowledge_articles_articleid_translations")
    def update(
        self, op: ModuleType, article_id: str | uuid.UUID, translations: Sequence[TranslationSpec]
    ) -> Call[BulkResult[ArticleTranslation, TranslationSpec]]:
        """Create or replace the draft of several translations at once, e.g.
        ``[{"language_id": "da", "title": "Kom i gang", "content": "<p>...</p>"}]``.
        Each language succeeds or fails on its own: failures are in the result's ``failed``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchKnowledgeArticlesArticleidTranslations
        """
        from dixa_generated.models.translation_input_1 import TranslationInput1
        from dixa_generated.models.update_translations_input import UpdateTranslationsInput
        from dixa_generated.models.update_translations_output import UpdateTranslationsOutput

        article = check_uuid("article_id", article_id)
        inputs = check_items("translations", translations, _as_is)
        items = _translation_inputs("translations", inputs, TranslationInput1)
        languages = [item.language_id for item in items]

        def parse(body: Any) -> BulkResult[ArticleTranslation, TranslationSpec]:
            output = UpdateTranslationsOutput.from_dict(body)
            errors = [] if isinstance(output.partial_errors, Unset) else output.partial_errors
            failures = [(error.language_id, error, error.message) for error in errors]
            return _bulk_result(items_of(output), failures, languages, inputs)

        kwargs = op._get_kwargs(article, body=UpdateTranslationsInput(translations=items))
        return Call.from_generated(kwargs, parse)

    @operation("knowledge.delete_knowledge_articles_articleid_translations_languageid")
    def delete(self, op: ModuleType, article_id: str | uuid.UUID, language_id: str) -> Call[None]:
        """Delete the article's translation in one language; the other languages stay.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteKnowledgeArticlesArticleidTranslationsLanguageid
        """
        article = check_uuid("article_id", article_id)
        return Call.from_generated(op._get_kwargs(article, check_str("language_id", language_id)), no_content)

    @operation("knowledge.post_knowledge_articles_articleid_translations_languageid_publish")
    def publish(self, op: ModuleType, article_id: str | uuid.UUID, language_id: str) -> Call[None]:
        """Publish the draft of one language only, leaving other languages untouched.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postKnowledgeArticlesArticleidTranslationsLanguageidPublish
        """
        article = check_uuid("article_id", article_id)
        return Call.from_generated(op._get_kwargs(article, check_str("language_id", language_id)), no_content)

    @operation("knowledge.post_knowledge_articles_articleid_translations_languageid_unpublish")
    def unpublish(self, op: ModuleType, article_id: str | uuid.UUID, language_id: str) -> Call[None]:
        """Withdraw one language of the article from the help center.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postKnowledgeArticlesArticleidTranslationsLanguageidUnpublish
        """
        article = check_uuid("article_id", article_id)
        return Call.from_generated(op._get_kwargs(article, check_str("language_id", language_id)), no_content)


class Attachments(Resource[C]):
    """``client.knowledge.articles.attachments``: images to reference from article HTML."""

    @operation("knowledge.post_knowledge_articles_attachments")
    def upload(
        self, op: ModuleType, files: Sequence[AttachmentSpec]
    ) -> Call[BulkResult[AttachmentResult, AttachmentSpec]]:
        """Upload images (gif, jpeg, png or webp) and get the public URL of each, to use in
        ``<img src>`` of a translation's content. Give each file as a path, or as
        ``(filename, bytes_or_binary_file)`` with an optional MIME type as third item (else it
        is guessed from the filename). Each file succeeds or fails on its own.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postKnowledgeArticlesAttachments
        """
        from dixa_generated.models.upload_attachments_input import UploadAttachmentsInput
        from dixa_generated.models.upload_attachments_output import UploadAttachmentsOutput
        from dixa_generated.types import File

        inputs = check_items("files", files, _as_is)
        uploads = [_attachment(f"files[{index}]", item) for index, item in enumerate(inputs)]
        names = [name for name, _, _ in uploads]
        body = UploadAttachmentsInput(
            files=[File(payload=BytesIO(data), file_name=name, mime_type=mime) for name, data, mime in uploads]
        )

        def parse(body: Any) -> BulkResult[AttachmentResult, AttachmentSpec]:
            output = UploadAttachmentsOutput.from_dict(body)
            errors = [] if isinstance(output.partial_errors, Unset) else output.partial_errors
            failures = [(error.original_filename, error, error.message) for error in errors]
            return _bulk_result(items_of(output), failures, names, inputs)

        return Call.from_generated(op._get_kwargs(body=body), parse)


def _attachment(name: str, item: object) -> tuple[str, bytes, str]:
    """``(filename, content, MIME type)`` of one file to upload, read now so that a retried
    request sends the same bytes and a missing file fails before anything is sent."""
    if isinstance(item, os.PathLike):
        path = Path(item)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidParameterError(name, f"cannot read {path}: {exc.strerror or exc}") from exc
        return path.name, data, _mime_type(path.name)
    if not isinstance(item, tuple) or len(item) not in (2, 3):
        raise InvalidParameterTypeError(
            name, f"expected a path or a (filename, content[, mime_type]) tuple, got {type(item).__name__}"
        )
    filename = check_str(f"{name}.filename", item[0])
    content = item[1]
    if isinstance(content, (bytes, bytearray)):
        data = bytes(content)
    elif hasattr(content, "read"):
        data = content.read()
        if not isinstance(data, bytes):
            raise InvalidParameterTypeError(f"{name}.content", "the file must be opened in binary mode ('rb')")
    else:
        raise InvalidParameterTypeError(
            f"{name}.content", f"expected bytes or a binary file, got {type(content).__name__}"
        )
    mime = check_str(f"{name}.mime_type", item[2]) if len(item) == 3 else _mime_type(filename)
    return filename, data, mime


def _mime_type(filename: str) -> str:
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def _as_is(_name: str, item: object) -> Any:
    return item


def _translation_inputs(name: str, items: list[Any], model: type[Any]) -> list[Any]:
    """Build the operation's translation input model from each mapping or generated model."""
    return [_translation_input(f"{name}[{index}]", item, model) for index, item in enumerate(items)]


def _translation_input(name: str, item: object, model: type[Any]) -> Any:
    from dixa_generated.models.translation_input import TranslationInput
    from dixa_generated.models.translation_input_1 import TranslationInput1

    language: object
    title: object
    content: object
    if isinstance(item, (TranslationInput, TranslationInput1)):
        language, title, content = item.language_id, item.title, item.content
    else:
        mapping = check_mapping(name, item)
        check_keys(name, mapping, _TRANSLATION_KEYS)
        language, title, content = mapping.get("language_id"), mapping.get("title"), mapping.get("content")
    return model(
        language_id=check_str(f"{name}.language_id", language),
        title=check_str(f"{name}.title", title),
        content=UNSET if content is None or isinstance(content, Unset) else _content(f"{name}.content", content),
    )


def _content(name: str, value: object) -> str:
    """Translation HTML; unlike a title it may be empty (an article still being written)."""
    if not isinstance(value, str):
        raise InvalidParameterTypeError(name, f"expected str, got {type(value).__name__}")
    return value


def _bulk_result(
    succeeded: list[Any], failures: list[tuple[str, Any, str]], keys: list[str], inputs: list[Any]
) -> BulkResult[Any, Any]:
    """Pair each reported failure with the input it names (by language or filename): Dixa
    lists successes and failures separately, not in input order."""
    unclaimed = dict.fromkeys(range(len(keys)))
    failed: list[BulkFailure[Any]] = []
    for key, error, message in failures:
        index = next((i for i in unclaimed if keys[i] == key), None)
        if index is None:
            failed.append(BulkFailure(-1, None, error, f"{key}: {message}"))
            continue
        del unclaimed[index]
        failed.append(BulkFailure(index, inputs[index], error, f"{key}: {message}"))
    return BulkResult(list(succeeded), failed)


class Categories(Resource[C]):
    """``client.knowledge.categories``: the folders articles are organised in."""

    @operation("knowledge.get_knowledge_categories_categoryid")
    def get(self, op: ModuleType, category_id: str | uuid.UUID, *, language: str | None = None) -> Call[Category]:
        """Fetch one category, its title in ``language`` (default language when omitted) and
        where it sits in the tree.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getKnowledgeCategoriesCategoryid
        """
        from dixa_generated.models.get_knowledge_category_output import GetKnowledgeCategoryOutput

        category = check_uuid("category_id", category_id)
        lang = optional_str("language", language)
        kwargs = op._get_kwargs(category, language=lang)
        return Call.from_generated(kwargs, lambda body: data_of(GetKnowledgeCategoryOutput.from_dict(body)))

    @paginated("knowledge.get_knowledge_categories_categoryid_translations")
    def translations(self, op: ModuleType, category_id: str | uuid.UUID) -> Paged[TranslationTitle]:
        """The category's title in every language it has been translated to.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getKnowledgeCategoriesCategoryidTranslations
        """
        from dixa_generated.models.get_knowledge_category_translations_output import (
            GetKnowledgeCategoryTranslationsOutput,
        )

        kwargs = op._get_kwargs(check_uuid("category_id", category_id))

        def parse(body: Any) -> Page[TranslationTitle]:
            titles = data_of(GetKnowledgeCategoryTranslationsOutput.from_dict(body)).titles
            return Page([] if isinstance(titles, Unset) else titles)

        call = Call.from_generated(kwargs, parse)
        return Paged(lambda _key: call)


class Collections(Resource[C]):
    """``client.knowledge.collections``: the top-level knowledge bases (help centers)."""

    @paginated("knowledge.get_knowledge_collections")
    def list(self, op: ModuleType, *, page_limit: int | None = None) -> Paged[Collection]:
        """Every collection, followed page by page (``page_limit`` per request).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getKnowledgeCollections
        """
        from dixa_generated.models.list_knowledge_collections_output import ListKnowledgeCollectionsOutput
        from dixa_generated.models.pagination_links import PaginationLinks

        limit = optional_int("page_limit", page_limit)

        def parse(body: Any) -> Page[Collection]:
            output = ListKnowledgeCollectionsOutput.from_dict(body)
            # The spec declares no ``meta`` here, unlike Dixa's other paged listings; if the
            # API sends one it lands in additional_properties, and is followed all the same.
            meta = output.additional_properties.get("meta")
            key = next_page_key(PaginationLinks.from_dict(meta)) if isinstance(meta, Mapping) else None
            return Page(items_of(output), key)

        return follow_pages(lambda key: op._get_kwargs(page_limit=limit, page_key=key), parse)

    @operation("knowledge.get_knowledge_collections_collectionid")
    def get(self, op: ModuleType, collection_id: str | uuid.UUID) -> Call[Collection]:
        """Fetch one collection: title, description and whether the internal knowledge base is on.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getKnowledgeCollectionsCollectionid
        """
        from dixa_generated.models.get_knowledge_collection_output import GetKnowledgeCollectionOutput

        kwargs = op._get_kwargs(check_uuid("collection_id", collection_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetKnowledgeCollectionOutput.from_dict(body)))

    @operation("knowledge.get_knowledge_collections_collectionid_catalog")
    def catalog(
        self, op: ModuleType, collection_id: str | uuid.UUID, *, language: str | None = None
    ) -> Call[CollectionCatalogItem]:
        """The collection's whole tree in one request: nested categories and the articles in
        each, titled in ``language``. Use it to render a table of contents or to walk every article.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getKnowledgeCollectionsCollectionidCatalog
        """
        from dixa_generated.models.get_knowledge_collection_catalog_output import GetKnowledgeCollectionCatalogOutput

        collection = check_uuid("collection_id", collection_id)
        lang = optional_str("language", language)
        kwargs = op._get_kwargs(collection, language=lang)
        return Call.from_generated(kwargs, lambda body: data_of(GetKnowledgeCollectionCatalogOutput.from_dict(body)))
