"""ERP settings, read from `MAILROOM_ERP__*` (e.g. `MAILROOM_ERP__CONNECTOR=odoo`,
`MAILROOM_ERP__ODOO__URL=https://acme.odoo.com`). Keys and secrets come from the environment
(in the cloud: Secret Manager mounted as environment variables), never from the mapping file."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ConnectorName = Literal["local", "odoo", "erpnext", "webhook"]


class OdooSettings(BaseModel):
    url: str = ""  # https://acme.odoo.com
    db: str = ""
    login: str = ""  # the API user's login (an e-mail address)
    api_key: SecretStr = SecretStr("")  # Preferences → Account Security → New API Key
    protocol: Literal["xmlrpc", "jsonrpc"] = "xmlrpc"
    # Off: bills arrive as drafts for the accountant to confirm, as when keyed in by hand.
    post_bills: bool = False
    timeout_s: float = 30.0
    requests_per_s: float = 0.0  # 0: no limit (an Odoo call is one request)


class ErpNextSettings(BaseModel):
    url: str = ""  # https://acme.frappe.cloud
    api_key: SecretStr = SecretStr("")
    api_secret: SecretStr = SecretStr("")
    submit: bool = False  # submit (docstatus 1) instead of leaving drafts
    timeout_s: float = 30.0
    requests_per_s: float = 0.0  # 0: no limit


class WebhookSettings(BaseModel):
    url: str = ""
    secret: SecretStr = SecretStr("")  # signs requests and verifies status callbacks
    retries: int = 5
    backoff_s: float = 1.0  # urllib3: sleeps backoff_s × 2^(attempt-1), honours Retry-After
    timeout_s: float = 30.0
    requests_per_s: float = 0.0  # postings per second; 0: no limit


class ErpSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MAILROOM_ERP__", env_nested_delimiter="__")

    connector: ConnectorName = "local"
    mapping_path: Path | None = None  # the YAML mapping; none: an empty mapping
    ledger_path: Path = Path(".mailroom/ledger.sqlite")  # the local connector's ledger
    odoo: OdooSettings = OdooSettings()
    erpnext: ErpNextSettings = ErpNextSettings()
    webhook: WebhookSettings = WebhookSettings()
