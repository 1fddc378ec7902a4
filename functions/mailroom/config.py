"""All settings in one typed object. This is the only module that reads the environment:
every variable is `MAILROOM_<FIELD>` (nested: `MAILROOM_RULES__IGNORE_BULK=false`)."""

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class MailRules(BaseModel):
    """Which mail becomes work. Everything else is recorded as ignored, never dropped silently."""

    ignore_bulk: bool = True  # newsletters, mailing lists (List-Unsubscribe, Precedence: bulk)
    sender_domains: list[str] = Field(default_factory=list)  # empty: every sender
    blocked_senders: list[str] = Field(default_factory=list)
    subject_keywords: list[str] = Field(default_factory=list)  # empty: every subject
    document_types: list[str] = Field(
        default_factory=lambda: ["application/pdf", "application/xml", "text/xml", "image/*"]
    )
    # Inline images below this size are logos and signatures, not scanned invoices.
    min_inline_image_bytes: int = 40_000


class ReviewPolicy(BaseModel):
    confidence_threshold: float = Field(default=0.9, ge=0, le=1)
    auto_approve: bool = False
    auto_approve_max_total: Decimal = Decimal("1000")


class OcrSettings(BaseModel):
    languages: str = "eng+deu+fra"
    dpi: int = 200
    max_pages: int = 50
    max_pixels: int = 60_000_000
    page_timeout_s: float = 30.0


class GoogleEndpoints(BaseModel):
    """Base URLs that replace Google's, for the local stand-ins (tests, `mailroom devstack`).
    Empty: the real APIs. When any is set, that client runs with anonymous credentials."""

    gmail: str = ""
    drive: str = ""
    sheets: str = ""
    storage: str = ""
    vision: str = ""
    pubsub: str = ""


class GoogleSettings(BaseModel):
    """The Google backend: which mailboxes, where originals go, which sheet reviewers use."""

    project: str = ""
    mailboxes: list[str] = Field(default_factory=list)  # Workspace addresses to read
    gmail_auth: Literal["delegation", "oauth"] = "delegation"
    delegation_service_account: str = ""  # keyless domain-wide delegation through this account
    # Secret Manager version holding the user's OAuth token JSON (gmail_auth = "oauth").
    oauth_token_secret: str = ""
    watch_topic: str = ""  # projects/P/topics/gmail-push
    watch_label_ids: list[str] = Field(default_factory=lambda: ["INBOX"])
    full_sync_query: str = "newer_than:7d"  # when the history cursor is too old (HTTP 404)
    full_sync_max_messages: int = 2000
    archive: Literal["gcs", "drive", "both"] = "gcs"
    bucket: str = ""
    archive_prefix: str = ""
    drive_folder_id: str = ""  # the archive's root folder
    # The shared drive holding it: a service account has no My Drive quota of its own.
    drive_shared_drive_id: str = ""
    archive_signed_link_ttl_s: int | None = None  # signed GCS links instead of console links
    spreadsheet_id: str = ""
    # Empty lets Vision detect the language, which Google advises for Latin-script documents.
    vision_language_hints: list[str] = Field(default_factory=list)
    endpoints: GoogleEndpoints = Field(default_factory=GoogleEndpoints)


class CloudSettings(BaseModel):
    """The Cloud Functions deployment: topics, where state lives, who may call what."""

    topic_prefix: str = ""  # topics are <prefix>messages, <prefix>documents, ...
    state_bucket: str = ""  # cursors, done-keys, document records, audit log
    # The dead-letter topic's pull subscription, which `mailroom dlq` reads (terraform/pubsub.tf).
    dead_letter_subscription: str = "dead-letter-inbox"
    # Endpoint name (on_review, post_sweep, ...) → its exact public URL: the OIDC audience.
    endpoint_urls: dict[str, str] = Field(default_factory=dict)
    # Endpoint name → service accounts allowed to call it (Pub/Sub push, Cloud Scheduler, the
    # Sheet notifier, the add-on).
    callers: dict[str, list[str]] = Field(default_factory=dict)
    certs_url: str = "https://www.googleapis.com/oauth2/v1/certs"


class AddonSettings(BaseModel):
    """The Gmail add-on: where it is served, whose tokens it takes, who may act from it."""

    # The function's public URL (Terraform output `addon_url`); with /home, /message or
    # /action appended it is the exact audience of the add-on's system id token.
    url: str = ""
    # service-<PROJECT_NUMBER>@gcp-sa-gsuiteaddons.iam.gserviceaccount.com and the OAuth client
    # id, both from projects.getAuthorization: who signs the request and whose user it names.
    service_account: str = ""
    oauth_client_id: str = ""
    reviewers: list[str] = Field(default_factory=list)
    # Approver email → the largest grand total they may post now (null: no limit).
    approvers: dict[str, Decimal | None] = Field(default_factory=dict)
    sheet_url: str = ""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MAILROOM_", env_nested_delimiter="__")

    backend: Literal["local", "google"] = "local"
    home: Path = Path(".mailroom")  # where the local adapters keep their data
    mailbox: str = "inbox@local"
    max_attachment_bytes: int = 20 * 1024 * 1024
    label_parent: str = "ERP"
    templates_dir: Path | None = None  # per-sender extraction templates (*.yml), see docs/templates.md
    rules: MailRules = Field(default_factory=MailRules)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)
    ocr: OcrSettings = Field(default_factory=OcrSettings)
    google: GoogleSettings = Field(default_factory=GoogleSettings)
    cloud: CloudSettings = Field(default_factory=CloudSettings)
    addon: AddonSettings = Field(default_factory=AddonSettings)
    log_level: str = "WARNING"
