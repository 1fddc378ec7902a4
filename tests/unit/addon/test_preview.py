"""The preview plays Gmail honestly: its events pass the add-on's real token checks, and the
add-on it serves refuses what Gmail would not send."""

import threading

import pytest
import requests

from mailroom.bootstrap import bootstrap_local
from mailroom.config import Settings
from mailroom.entrypoints.addon.preview import Preview, PreviewUser
from tests.unit.addon.conftest import check_response


@pytest.fixture
def preview(tmp_path, identity):
    site = Preview(bootstrap_local(Settings(home=tmp_path)), identity, PreviewUser("rita@acme.example"))
    server = site.bind("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def test_a_click_becomes_a_verified_event_and_its_card(preview):
    answer = requests.post(f"{preview.base}/gmail", json={"url": f"{preview.base}/addon/home"}, timeout=10).json()
    assert answer["status"] == 200
    check_response(answer["response"])
    assert "rita@acme.example" in answer["response"]["action"]["navigations"][0]["pushCard"]["header"]["subtitle"]


def test_the_event_has_gmails_shape_and_drops_emptied_inputs(preview):
    event = preview.event(f"{preview.base}/addon/action", {
        "messageId": "m1", "threadId": "t1", "parameters": {"do": "save", "key": "k"},
        "formInputs": {"field.po_number": "", "field.iban": "DE02"}})
    assert event["commonEventObject"]["formInputs"] == {"field.iban": {"stringInputs": {"value": ["DE02"]}}}
    assert event["commonEventObject"]["invokedFunction"] == f"{preview.base}/addon/action"
    assert event["gmail"]["messageId"] == "m1" and set(event["authorizationEventObject"]) == {
        "systemIdToken", "userIdToken"}


def test_the_served_add_on_checks_tokens_like_the_deployed_one(preview):
    event = preview.event(f"{preview.base}/addon/home", {})  # minted for /home ...
    assert requests.post(f"{preview.base}/addon/action", json=event, timeout=10).status_code == 401  # ... sent to /action
    assert requests.post(f"{preview.base}/addon/home", json=event, timeout=10).status_code == 200


def test_the_preview_calls_no_one_but_its_own_add_on(preview):
    assert requests.post(f"{preview.base}/gmail", json={"url": "http://169.254.169.254/"}, timeout=10).status_code == 400
