"""The Gmail stand-in against the bundled discovery document and Gmail's documented behaviour,
driven through the real google-api-python-client."""

import json
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from googleapiclient.discovery import Resource
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest
from mailroom.standins.gmail import QUOTA_UNITS, GmailStandIn
from mailroom.standins.server import serving

from tests.integration.google.gmail_client import gmail_client

DISCOVERY = json.loads(get_static_doc("gmail", "v1"))


def described_methods(resource: dict) -> Iterator[dict]:
    yield from resource.get("methods", {}).values()
    for child in resource.get("resources", {}).values():
        yield from described_methods(child)


@pytest.fixture
def stand_in() -> GmailStandIn:
    return GmailStandIn()


@pytest.fixture
def served(stand_in: GmailStandIn) -> Iterator[tuple[Resource, str]]:
    with serving(stand_in) as url:
        yield gmail_client(url).users(), url


def test_every_route_is_a_discovery_method_with_its_verb_and_path(stand_in: GmailStandIn) -> None:
    methods = {m["id"]: m for m in described_methods(DISCOVERY)}
    routes = [r for r in stand_in.app.url_map.iter_rules() if r.endpoint not in ("static", "batch")]
    assert {r.endpoint for r in routes} == set(QUOTA_UNITS)  # every route has a quota cost
    for rule in routes:
        described = methods[rule.endpoint]
        assert rule.rule == "/" + described["path"].replace("{", "<").replace("}", ">")
        assert rule.methods - {"HEAD", "OPTIONS"} == {described["httpMethod"]}
    batch_rules = {r.rule for r in stand_in.app.url_map.iter_rules() if r.endpoint == "batch"}
    assert batch_rules == {"/" + DISCOVERY["batchPath"], "/batch/gmail/v1"}


def test_history_is_strictly_after_the_start_and_404s_before_the_horizon(
    served: tuple[Resource, str], stand_in: GmailStandIn,
) -> None:
    users, _ = served
    first = stand_in.mailbox.deliver(b"Subject: 1\r\n\r\n1")
    start = stand_in.mailbox.messages[first].history_id
    second = stand_in.mailbox.deliver(b"Subject: 2\r\n\r\n2")
    page = users.history().list(userId="me", startHistoryId=str(start)).execute()
    assert [r["messagesAdded"][0]["message"]["id"] for r in page["history"]] == [second]
    assert page["historyId"] == str(stand_in.mailbox.history_id) and "nextPageToken" not in page

    stand_in.mailbox.expire_history()
    with pytest.raises(HttpError) as raised:
        users.history().list(userId="me", startHistoryId=str(start)).execute()
    assert raised.value.status_code == 404
    assert json.loads(raised.value.content) == {"error": {
        "code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND",
        "errors": [{"domain": "global", "reason": "notFound",
                    "message": "Requested entity was not found."}]}}


def test_attachments_are_out_of_line_with_an_id_that_changes_on_every_get(
    served: tuple[Resource, str], stand_in: GmailStandIn,
) -> None:
    users, _ = served
    mail = EmailMessage()
    mail["Subject"] = "Invoice"
    mail.set_content("see attached")
    mail.add_attachment(b"%PDF-1.7 fake", maintype="application", subtype="pdf",
                        filename="invoice.pdf")
    message_id = stand_in.mailbox.deliver(mail.as_bytes())

    def attachment() -> dict:
        full = users.messages().get(userId="me", id=message_id).execute()  # format=full
        text, pdf = full["payload"]["parts"]
        assert text["body"]["data"] and "attachmentId" not in text["body"]
        assert (pdf["partId"], pdf["filename"], pdf["mimeType"]) == ("1", "invoice.pdf",
                                                                     "application/pdf")
        return pdf["body"]

    first, second = attachment(), attachment()
    assert first["attachmentId"] != second["attachmentId"] and first["size"] == 13
    got = users.messages().attachments().get(
        userId="me", messageId=message_id, id=second["attachmentId"]).execute()
    assert got["data"] == "JVBERi0xLjcgZmFrZQ"  # base64url, unpadded
    metadata = users.messages().get(userId="me", id=message_id, format="metadata",
                                    metadataHeaders=["Subject"]).execute()
    assert metadata["payload"]["headers"] == [{"name": "Subject", "value": "Invoice"}]


def test_label_names_are_unique_whatever_their_case(served: tuple[Resource, str]) -> None:
    users, _ = served
    users.labels().create(userId="me", body={"name": "ERP/Posted"}).execute()
    for name in ("erp/posted", "inbox"):
        with pytest.raises(HttpError) as raised:
            users.labels().create(userId="me", body={"name": name}).execute()
        assert raised.value.status_code == 409


def test_modify_takes_label_ids_and_records_only_real_changes(
    served: tuple[Resource, str], stand_in: GmailStandIn,
) -> None:
    users, _ = served
    message_id = stand_in.mailbox.deliver(b"Subject: x\r\n\r\nx")
    before = stand_in.mailbox.history_id
    with pytest.raises(HttpError) as raised:
        users.messages().modify(userId="me", id=message_id,
                                body={"addLabelIds": ["ERP/Posted"]}).execute()
    assert raised.value.status_code == 400  # a name is not an id
    users.messages().modify(userId="me", id=message_id, body={"addLabelIds": ["INBOX"]}).execute()
    assert stand_in.mailbox.history_id == before
    answer = users.messages().modify(userId="me", id=message_id,
                                     body={"removeLabelIds": ["UNREAD"]}).execute()
    assert answer["labelIds"] == ["INBOX"] and stand_in.mailbox.history[-1].kind == "labelRemoved"


def test_batch_answers_200_with_each_part_on_its_own(
    served: tuple[Resource, str], stand_in: GmailStandIn,
) -> None:
    users, url = served
    message_id = stand_in.mailbox.deliver(b"Subject: x\r\n\r\nx")
    answers: dict[str, tuple[object, HttpError | None]] = {}
    def on_part(key: str, response: object, exc: HttpError | None) -> None:
        answers[key] = (response, exc)

    batch = BatchHttpRequest(callback=on_part, batch_uri=url + "/batch")
    batch.add(users.messages().get(userId="me", id=message_id, format="minimal"), request_id="a")
    batch.add(users.messages().get(userId="me", id="missing"), request_id="b")
    batch.add(users.getProfile(userId="me"), request_id="c")
    batch.execute()
    assert answers["a"][0]["labelIds"] == ["INBOX", "UNREAD"]  # type: ignore[index]
    assert answers["b"][1] is not None and answers["b"][1].status_code == 404
    assert answers["c"][0]["historyId"] == str(stand_in.mailbox.history_id)  # type: ignore[index]
    assert stand_in.batch_sizes == [3] and stand_in.quota_units == 5 + 5 + 1


def test_a_batch_of_more_than_100_is_refused(served: tuple[Resource, str]) -> None:
    users, url = served
    batch = BatchHttpRequest(batch_uri=url + "/batch/gmail/v1")
    for _ in range(101):
        batch.add(users.getProfile(userId="me"))
    with pytest.raises(HttpError) as raised:
        batch.execute()
    assert raised.value.status_code == 400


def test_the_metadata_scope_gives_no_bodies_and_no_search() -> None:
    stand_in = GmailStandIn(scopes=["gmail.metadata"])
    message_id = stand_in.mailbox.deliver(b"Subject: x\r\n\r\nx")
    with serving(stand_in) as url:
        users = gmail_client(url).users()
        for request in (users.messages().get(userId="me", id=message_id, format="raw"),
                        users.messages().get(userId="me", id=message_id),
                        users.messages().list(userId="me", q="invoice")):
            with pytest.raises(HttpError) as raised:
                request.execute()
            assert raised.value.status_code == 403
        minimal = users.messages().get(userId="me", id=message_id, format="minimal").execute()
        assert minimal["labelIds"] == ["INBOX", "UNREAD"]
        assert users.labels().list(userId="me").execute()["labels"]


def test_another_users_mailbox_is_forbidden(served: tuple[Resource, str]) -> None:
    users, _ = served
    with pytest.raises(HttpError) as raised:
        users.getProfile(userId="someone.else@example.com").execute()
    assert raised.value.status_code == 403
