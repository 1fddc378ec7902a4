"""addon/deployment.json, with Terraform's URL filled in, is a valid add-on deployment whose
triggers are routes the add-on serves, with only the scopes it needs."""

import json
from pathlib import Path

from google.cloud import gsuiteaddons_v1

from mailroom.entrypoints.addon.auth import ROUTES

DESCRIPTOR = Path(__file__).parents[3] / "addon" / "deployment.json"
URL = "https://europe-west1-acme.cloudfunctions.net/addon"


def filled() -> str:
    return DESCRIPTOR.read_text().replace("${ADDON_URL}", URL).replace("${ERP_URL}", "https://erp.acme.example/")


def test_it_parses_as_a_deployment_and_names_the_add_ons_routes():
    deployment = gsuiteaddons_v1.Deployment.from_json(filled())  # refuses unknown or misspelt fields
    triggers = [deployment.add_ons.common.homepage_trigger.run_function,
                *(t.on_trigger_function for t in deployment.add_ons.gmail.contextual_triggers)]
    assert triggers == [f"{URL}/home", f"{URL}/message"]
    assert {t.rsplit("/", 1)[1] for t in triggers} <= set(ROUTES)
    assert deployment.add_ons.http_options.authorization_header.name == "SYSTEM_ID_TOKEN"


def test_it_asks_only_for_the_scopes_the_add_on_needs():
    assert json.loads(filled())["oauthScopes"] == [
        "https://www.googleapis.com/auth/gmail.addons.execute",
        "https://www.googleapis.com/auth/gmail.addons.current.message.readonly",
        "https://www.googleapis.com/auth/userinfo.email",
    ]


def test_every_placeholder_is_one_the_readme_fills():
    import re

    assert set(re.findall(r"\$\{(\w+)\}", DESCRIPTOR.read_text())) == {"ADDON_URL", "ERP_URL"}
