"""The typed document editor's draft saving itself (/records/documents/<pk>/autosave/,
static/web/autosave.js): the same form and save as «Lưu» with the revision the page was opened
on, answered in JSON; only the unit's own writers, and nothing visible outside the scope."""

from __future__ import annotations

from typing import Any

import pytest

from khth.docsystem.records.actions import save_typed_document
from khth.docsystem.records.models import TypedDocument
from khth.lib.clock import today
from tests.records.test_pages import resolution

pytestmark = pytest.mark.django_db

TYPED = "<p>Đoạn văn đang gõ dở</p>"


def url(document: TypedDocument) -> str:
    return f"/records/documents/{document.pk}/autosave/"


def draft(document: TypedDocument, **fields: Any) -> dict[str, Any]:
    return {
        "title": document.title,
        "dated": today().strftime("%d/%m/%Y"),
        "body": TYPED,
        "revision": str(document.revision),
        **fields,
    }


def test_the_editor_page_autosaves_to_its_own_address(world):
    document = resolution(world)
    page = world.client("as_c1").get(f"/records/documents/{document.pk}/edit/").content.decode()
    assert f'data-autosave="{url(document)}"' in page
    assert 'data-testid="autosave-status"' in page
    assert 'type="button" data-cmd' not in page  # formatting buttons out of the Tab order


def test_a_draft_is_saved(world):
    document = resolution(world)
    response = world.client("as_c1").post(url(document), draft(document))
    assert response.status_code == 200, response.content.decode()
    assert response.json()["revision"] == document.revision + 1
    saved = TypedDocument.objects.get(pk=document.pk)
    assert (saved.body, saved.revision, saved.status) == (
        TYPED,
        document.revision + 1,
        TypedDocument.DRAFT,
    )


def test_a_draft_made_on_an_older_revision_is_refused(world):
    document = resolution(world)
    stale = draft(document)
    save_typed_document(document, by=world.users["po_c1"], base_revision=1, body="<p>Khác</p>")
    response = world.client("as_c1").post(url(document), stale)
    assert response.status_code == 409
    assert "Người khác vừa lưu" in response.json()["detail"]
    assert TypedDocument.objects.get(pk=document.pk).body == "<p>Khác</p>"


def test_a_form_that_cannot_be_read_is_named_and_nothing_is_saved(world):
    document = resolution(world)
    response = world.client("as_c1").post(url(document), draft(document, dated="31/02/2024"))
    assert response.status_code == 400
    assert response.json()["problems"][0].startswith("Ngày ban hành")
    assert TypedDocument.objects.get(pk=document.pk).revision == document.revision


@pytest.mark.parametrize(
    ("username", "status"),
    [("po_c2", 404), ("nobody", 404), ("cmd_b1", 403), ("po_b1", 403)],
)
def test_only_the_units_own_writers_save_its_drafts(world, username, status):
    document = resolution(world)
    response = world.client(username).post(url(document), draft(document))
    assert response.status_code == status
    assert TypedDocument.objects.get(pk=document.pk).revision == document.revision
