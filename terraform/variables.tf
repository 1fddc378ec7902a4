# Every input. Only non-secret values: secrets are added to Secret Manager out of band
# (see README.md), never passed through Terraform.

variable "project_id" {
  description = "The GCP project to deploy into. Gmail watch topics must live in the project of the delegation service account, which this deployment creates here."
  type        = string
}

variable "region" {
  description = "Region of the functions, the scheduler jobs, and the state and source buckets."
  type        = string
  default     = "europe-west1"
}

variable "name_prefix" {
  description = "Prefix of function, service account, bucket and secret names."
  type        = string
  default     = "mailroom"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}$", var.name_prefix))
    error_message = "name_prefix: 2-15 lowercase letters, digits or hyphens, starting with a letter (service account ids are limited to 30 characters)."
  }
}

# --- Mail and review -------------------------------------------------------------------------

variable "mailboxes" {
  description = "Workspace addresses to read (MAILROOM_GOOGLE__MAILBOXES)."
  type        = list(string)
}

variable "gmail_auth" {
  description = "How the functions reach Gmail: \"delegation\" (keyless domain-wide delegation through a service account this deployment creates) or \"oauth\" (one user's refresh token kept in Secret Manager)."
  type        = string
  default     = "delegation"
  validation {
    condition     = contains(["delegation", "oauth"], var.gmail_auth)
    error_message = "gmail_auth must be \"delegation\" or \"oauth\"."
  }
}

variable "spreadsheet_id" {
  description = "The staging Google Sheet (created with `mailroom sheet create`). Share it, as Editor, with the service accounts in the `sheet_editor_service_accounts` output."
  type        = string
}

variable "addon_oauth_client_id" {
  description = "The add-on's OAuth client id (gcloud workspace-add-ons get-authorization): the audience of the user id token it checks."
  type        = string
  default     = ""
}

variable "addon_reviewers" {
  description = "Emails that may review from the Gmail add-on."
  type        = list(string)
  default     = []
}

variable "addon_approvers" {
  description = "Approver email → the largest grand total they may post from the add-on (null: no limit)."
  type        = map(number)
  default     = {}
}

variable "extra_env" {
  description = "More non-secret settings for every function, e.g. { MAILROOM_REVIEW__AUTO_APPROVE = \"true\" }. Keys must start with MAILROOM_; never put a secret here."
  type        = map(string)
  default     = {}
  validation {
    condition     = alltrue([for k in keys(var.extra_env) : startswith(k, "MAILROOM_")])
    error_message = "extra_env keys must start with MAILROOM_."
  }
}

variable "erp_connector" {
  description = "The ERP the functions post to (MAILROOM_ERP__CONNECTOR): odoo, erpnext or webhook. Decides which secrets exist. Its non-secret settings (URL, database, login) go in extra_env, e.g. MAILROOM_ERP__ODOO__URL."
  type        = string
  validation {
    condition     = contains(["odoo", "erpnext", "webhook"], var.erp_connector)
    error_message = "erp_connector must be odoo, erpnext or webhook (the local ledger does not survive a Cloud Function instance)."
  }
}

variable "review_notifier_members" {
  description = "Principals (e.g. \"group:ap-reviewers@example.com\") whose Apps Script notifier may mint ID tokens for the notifier service account, the only caller of on_review besides the add-on."
  type        = list(string)
  default     = []
}

variable "erp_callback_invokers" {
  description = "Principals allowed to call erp_status_callback (a service account or workload identity principal the ERP side presents). Empty: nobody can call it yet."
  type        = list(string)
  default     = []
}

variable "dlq_operators" {
  description = "Principals who run `mailroom dlq list|replay`: subscriber on the dead-letter subscription, publisher on the pipeline topics (a replay republishes)."
  type        = list(string)
  default     = []
}

# --- Functions -------------------------------------------------------------------------------

variable "event_delivery" {
  description = "\"push\": Terraform-managed push subscriptions with retry and dead-letter policies deliver to the event functions (recommended). \"eventarc\": Eventarc triggers with RETRY_POLICY_RETRY instead; their subscriptions are Google-managed, so they have no dead-letter policy and drop events after 24 h."
  type        = string
  default     = "push"
  validation {
    condition     = contains(["push", "eventarc"], var.event_delivery)
    error_message = "event_delivery must be \"push\" or \"eventarc\"."
  }
}

variable "max_instances" {
  description = "Per-function instance caps overriding the defaults in functions.tf, e.g. { on_document = 40 }. The caps are what keeps Gmail, Sheets and Vision inside their quotas (docs/scale-plan.md)."
  type        = map(number)
  default     = {}
}

variable "addon_min_instances" {
  description = "Warm instances of the add-on endpoint (Gmail's sidebar is latency-sensitive). 0 saves cost."
  type        = number
  default     = 1
}

variable "vpc_connector" {
  description = "Optional Serverless VPC Access connector (projects/P/locations/R/connectors/C) for reaching a private ERP. Empty: no VPC."
  type        = string
  default     = ""
}

variable "vpc_connector_egress" {
  description = "Egress through the VPC connector: PRIVATE_RANGES_ONLY or ALL_TRAFFIC."
  type        = string
  default     = "PRIVATE_RANGES_ONLY"
  validation {
    condition     = contains(["PRIVATE_RANGES_ONLY", "ALL_TRAFFIC"], var.vpc_connector_egress)
    error_message = "vpc_connector_egress must be PRIVATE_RANGES_ONLY or ALL_TRAFFIC."
  }
}

variable "log_level" {
  description = "MAILROOM_LOG_LEVEL of the functions."
  type        = string
  default     = "INFO"
}

# --- Pub/Sub ---------------------------------------------------------------------------------

variable "max_delivery_attempts" {
  description = "Deliveries before a message goes to the dead-letter topic (5-100). Cloud Run answers 429 while every instance is busy, and that counts as an attempt: keep this high enough to ride out a month-end burst."
  type        = number
  default     = 15
  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "retry_minimum_backoff" {
  description = "Pub/Sub retry backoff, lower bound (0s-600s)."
  type        = string
  default     = "10s"
}

variable "retry_maximum_backoff" {
  description = "Pub/Sub retry backoff, upper bound (0s-600s)."
  type        = string
  default     = "600s"
}

variable "dead_letter_retention" {
  description = "How long dead-lettered messages are kept for `mailroom dlq list|replay` (topic and subscription retention, at most 31 days)."
  type        = string
  default     = "2678400s"
}

# --- Storage ---------------------------------------------------------------------------------

variable "archive_bucket_name" {
  description = "Name of the archive bucket. Empty: <project_id>-<name_prefix>-archive."
  type        = string
  default     = ""
}

variable "archive_location" {
  description = "Location of the archive bucket, for data residency: a region (europe-west3), a dual-region (EUR4) or a multi-region (EU)."
  type        = string
  default     = "EU"
}

variable "archive_retention_days" {
  description = "Optional retention policy on the archive bucket, in days (e.g. 3653 for ten-year bookkeeping retention). 0: none. Objects cannot be deleted or replaced before they reach this age."
  type        = number
  default     = 0
}

variable "archive_retention_locked" {
  description = "Lock the retention policy. IRREVERSIBLE: a locked policy can never be shortened or removed, and the bucket cannot be deleted until every object has aged out."
  type        = bool
  default     = false
}

variable "archive_nearline_after_days" {
  description = "Move archived originals to Nearline after this many days (they are rarely read after review)."
  type        = number
  default     = 90
}

variable "archive_coldline_after_days" {
  description = "Move archived originals to Coldline after this many days."
  type        = number
  default     = 365
}

variable "archive_noncurrent_days" {
  description = "Delete non-current object versions after this many days (archive objects are written once, so these only appear after a manual overwrite or deletion)."
  type        = number
  default     = 90
}

variable "kms_key_name" {
  description = "Optional CMEK (projects/P/locations/L/keyRings/R/cryptoKeys/K) for the archive and state buckets and the Pub/Sub topics (not the secrets: their CMEK must sit in each replica region). The key must be in a location compatible with each bucket. Empty: Google-managed encryption."
  type        = string
  default     = ""
}

variable "storage_data_access_logs" {
  description = "Turn on Cloud Storage Data Access audit logs (who read or wrote which object) for the project. Authoritative for storage.googleapis.com's audit config. Volume: ~15 entries per mail, mostly state-bucket reads (about 3 M a day at 200,000 mails)."
  type        = bool
  default     = true
}

# --- Secrets ---------------------------------------------------------------------------------

variable "secret_locations" {
  description = "Regions that hold secret replicas (data residency), e.g. [\"europe-west1\", \"europe-west4\"]. Empty: automatic replication."
  type        = list(string)
  default     = []
}

# --- Scheduler and alerts --------------------------------------------------------------------

variable "schedule_time_zone" {
  description = "Time zone of the scheduler jobs."
  type        = string
  default     = "Etc/UTC"
}

variable "flush_rows_schedule" {
  description = "When buffered rows are written to the staging Sheet (cron, in schedule_time_zone)."
  type        = string
  default     = "* * * * *"
}

variable "post_sweep_schedule" {
  description = "Cron schedule of post_sweep (post approved rows the review trigger missed)."
  type        = string
  default     = "*/5 * * * *"
}

variable "sync_erp_status_schedule" {
  description = "Cron schedule of sync_erp_status (mirror paid/cancelled back to the Sheet and labels)."
  type        = string
  default     = "*/30 * * * *"
}

variable "renew_watch_schedule" {
  description = "Cron schedule of renew_watch (users.watch for every mailbox; Google asks for daily, the watch lapses after 7 days)."
  type        = string
  default     = "17 3 * * *"
}

variable "notification_channels" {
  description = "Existing Cloud Monitoring notification channel ids (projects/P/notificationChannels/N) the alerts go to."
  type        = list(string)
  default     = []
}

variable "alert_email" {
  description = "Optional address for an email notification channel created here, added to notification_channels. Empty: none."
  type        = string
  default     = ""
}

variable "error_alert_threshold" {
  description = "Alert when the functions log more than this many ERROR entries in 5 minutes."
  type        = number
  default     = 5
}
