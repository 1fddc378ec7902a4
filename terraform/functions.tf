# The Cloud Functions (gen2), all built from one zip of functions/. Each row of local.functions
# says what a function is and what it may touch; iam.tf grants exactly that and no more.
#
#   topic      the topic it consumes ("" for HTTP functions)
#   publishes  the topic it publishes to ("" for none)
#   gmail      reads or labels mailboxes (may impersonate the delegation service account)
#   sheet      reads or writes the staging Sheet (listed in the sheet_editor_service_accounts output)
#   archive    "write" (create-only originals), "read", or ""
#   erp        talks to the ERP: gets the connector's keys (secrets.tf) as environment variables
#              the platform resolves from Secret Manager
#   public     reachable from outside Google's network (still IAM-authenticated); else internal only
# Every function also reads and writes the state bucket (cursors, done-keys, document records).

locals {
  functions = {
    on_gmail_push = {
      entry_point = "on_gmail_push", topic = "gmail-push", publishes = "messages", gmail = true, sheet = false,
      archive = "", erp = false, public = false,
      # Most notifications are echoes of our own label writes (nothing new): cheap, many.
      memory = "256Mi", cpu = "0.167", timeout = 120, concurrency = 1, max_instances = 20
    }
    on_message = {
      entry_point = "on_message", topic = "messages", publishes = "documents", gmail = true, sheet = false,
      archive = "write", erp = false, public = false,
      # 10 instances keep one mailbox under Gmail's ~10 concurrent requests per user.
      memory = "512Mi", cpu = "0.333", timeout = 300, concurrency = 1, max_instances = 10
    }
    on_document = {
      entry_point = "on_document", topic = "documents", publishes = "", gmail = true, sheet = true,
      archive = "read", erp = false, public = false,
      memory = "2Gi", cpu = "1", timeout = 540, concurrency = 1, max_instances = 20
    }
    flush_rows = {
      # One at a time, once a minute: every row read since the last run goes to the Sheet in
      # one append, inside its ~60 writes/minute/user quota. Labels follow the rows.
      entry_point = "flush_rows", topic = "", publishes = "", gmail = true, sheet = true,
      archive = "", erp = false, public = false,
      memory = "512Mi", cpu = "0.333", timeout = 300, concurrency = 1, max_instances = 1
    }
    on_review = {
      entry_point = "on_review", topic = "", publishes = "", gmail = true, sheet = true,
      archive = "", erp = true, public = true,
      # One at a time: posting reads and writes the same Sheet rows.
      memory = "512Mi", cpu = "0.333", timeout = 300, concurrency = 1, max_instances = 1
    }
    post_sweep = {
      entry_point = "post_sweep", topic = "", publishes = "", gmail = true, sheet = true,
      archive = "", erp = true, public = false,
      memory = "512Mi", cpu = "0.333", timeout = 540, concurrency = 1, max_instances = 1
    }
    sync_erp_status = {
      entry_point = "sync_erp_status", topic = "", publishes = "", gmail = true, sheet = true,
      archive = "", erp = true, public = false,
      memory = "512Mi", cpu = "0.333", timeout = 540, concurrency = 1, max_instances = 1
    }
    renew_watch = {
      entry_point = "renew_watch", topic = "", publishes = "", gmail = true, sheet = false,
      archive = "", erp = false, public = false,
      memory = "256Mi", cpu = "0.167", timeout = 300, concurrency = 1, max_instances = 1
    }
    addon = {
      # Finds the open message's documents in our own state (no Gmail read); its buttons post
      # now (ERP), re-read a failed document (archive, OCR), queue a mail (messages) and move
      # the thread's labels (Gmail).
      entry_point = "addon", topic = "", publishes = "messages", gmail = true, sheet = true,
      archive = "read", erp = true, public = true,
      memory = "512Mi", cpu = "1", timeout = 30, concurrency = 8, max_instances = 5
    }
    erp_status_callback = {
      entry_point = "erp_status_callback", topic = "", publishes = "", gmail = true, sheet = true,
      archive = "", erp = true, public = true,
      memory = "256Mi", cpu = "0.167", timeout = 60, concurrency = 1, max_instances = 2
    }
  }

  function_names = { for name, f in local.functions : name => "${var.name_prefix}-${replace(name, "_", "-")}" }
  # Each function's deterministic run.app URL (https://SERVICE-PROJECT_NUMBER.REGION.run.app),
  # known before deployment, so a function can be told its own URL: the audience its callers'
  # OIDC tokens carry, which Cloud Run and then the entry point verify. It has to be a run.app
  # URL: with internal-only ingress, Cloud Run admits Pub/Sub and Cloud Scheduler on it alone.
  function_urls = { for name, f in local.functions : name => "https://${local.function_names[name]}-${local.project_number}.${var.region}.run.app" }

  # Non-secret settings (functions/mailroom/config.py and adapters/erp/settings.py read them).
  # OAUTH_TOKEN_SECRET is a secret's name, not its value: the Gmail readers fetch it through the
  # Secret Manager API.
  common_env = merge({
    MAILROOM_BACKEND                              = "google"
    MAILROOM_LOG_LEVEL                            = var.log_level
    MAILROOM_GOOGLE__PROJECT                      = var.project_id
    MAILROOM_GOOGLE__MAILBOXES                    = jsonencode(var.mailboxes)
    MAILROOM_GOOGLE__GMAIL_AUTH                   = var.gmail_auth
    MAILROOM_GOOGLE__DELEGATION_SERVICE_ACCOUNT   = (var.gmail_auth == "delegation" ? google_service_account.gmail_delegate[0].email : "")
    MAILROOM_GOOGLE__OAUTH_TOKEN_SECRET           = (var.gmail_auth == "oauth" ? "${google_secret_manager_secret.this["gmail-oauth-token"].id}/versions/latest" : "")
    MAILROOM_GOOGLE__WATCH_TOPIC                  = google_pubsub_topic.pipeline["gmail-push"].id
    MAILROOM_GOOGLE__ARCHIVE                      = "gcs"
    MAILROOM_GOOGLE__BUCKET                       = google_storage_bucket.archive.name
    MAILROOM_GOOGLE__SPREADSHEET_ID               = var.spreadsheet_id
    MAILROOM_CLOUD__STATE_BUCKET                  = google_storage_bucket.state.name
    MAILROOM_CLOUD__ENDPOINT_URLS                 = jsonencode(local.function_urls)
    MAILROOM_CLOUD__CALLERS                       = jsonencode(local.callers)
    MAILROOM_ERP__CONNECTOR                       = var.erp_connector
    MAILROOM_ADDON__URL                           = local.function_urls["addon"]
    MAILROOM_ADDON__SERVICE_ACCOUNT               = local.addons_agent_email
    MAILROOM_ADDON__OAUTH_CLIENT_ID               = var.addon_oauth_client_id
    MAILROOM_ADDON__REVIEWERS                     = jsonencode(var.addon_reviewers)
    MAILROOM_ADDON__APPROVERS                     = jsonencode(var.addon_approvers)
    MAILROOM_ADDON__SHEET_URL                     = "https://docs.google.com/spreadsheets/d/${var.spreadsheet_id}/edit"
  }, var.extra_env)

  # Who may call each function: the audience and caller identities its entry point verifies.
  callers = {
    on_gmail_push       = [google_service_account.pubsub_push.email]
    on_message          = [google_service_account.pubsub_push.email]
    on_document         = [google_service_account.pubsub_push.email]
    on_review           = [google_service_account.review_notifier.email, google_service_account.fn["addon"].email]
    flush_rows          = [google_service_account.scheduler.email]
    post_sweep          = [google_service_account.scheduler.email]
    sync_erp_status     = [google_service_account.scheduler.email]
    renew_watch         = [google_service_account.scheduler.email]
    addon               = [local.addons_agent_email]
    erp_status_callback = [for m in var.erp_callback_invokers : trimprefix(m, "serviceAccount:")]
  }
}

# --- Source -----------------------------------------------------------------------------------

data "archive_file" "functions" {
  type        = "zip"
  source_dir  = "${path.module}/../functions"
  output_path = "${path.module}/.build/functions.zip"
  # functions/sheets_templates links to the top-level folder: follow it, so the staging
  # Sheet's template ships with the code that reads it.
  exclude_symlink_directories = false
  excludes = [
    "**/__pycache__/**",
    "**/*.pyc",
    "*.egg-info/**",
    "mailroom_erp.egg-info/**",
    "**/.pytest_cache/**",
  ]
}

resource "google_storage_bucket_object" "functions_source" {
  # Named by content, so a code change is a new object and a redeploy; an unchanged tree is not.
  name   = "functions/${data.archive_file.functions.output_md5}.zip"
  bucket = google_storage_bucket.source.name
  source = data.archive_file.functions.output_path
}

# --- Functions --------------------------------------------------------------------------------

resource "google_cloudfunctions2_function" "fn" {
  for_each    = local.functions
  name        = local.function_names[each.key]
  location    = var.region
  description = "mailroom ${each.key}"
  labels      = { app = var.name_prefix }

  build_config {
    runtime         = "python312"
    entry_point     = each.value.entry_point
    service_account = google_service_account.build.id
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.functions_source.name
      }
    }
  }

  service_config {
    service_account_email            = google_service_account.fn[each.key].email
    available_memory                 = each.value.memory
    available_cpu                    = each.value.cpu
    timeout_seconds                  = each.value.timeout
    max_instance_request_concurrency = each.value.concurrency
    max_instance_count               = lookup(var.max_instances, each.key, each.value.max_instances)
    min_instance_count               = each.key == "addon" ? var.addon_min_instances : 0
    ingress_settings                 = each.value.public ? "ALLOW_ALL" : "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    vpc_connector                    = var.vpc_connector != "" ? var.vpc_connector : null
    vpc_connector_egress_settings    = var.vpc_connector != "" ? var.vpc_connector_egress : null

    # Non-secret settings only.
    environment_variables = local.common_env

    # The ERP connector's keys: the platform resolves each from Secret Manager when an instance
    # starts (only the secret's name is in this configuration and its state).
    dynamic "secret_environment_variables" {
      for_each = { for id, env in local.erp_secrets : id => env if each.value.erp }
      content {
        key        = secret_environment_variables.value
        project_id = var.project_id
        secret     = google_secret_manager_secret.this[secret_environment_variables.key].secret_id
        version    = "latest"
      }
    }
  }

  # Only with var.event_delivery = "eventarc"; the default delivers through pubsub.tf's
  # push subscriptions, which carry the dead-letter policy.
  dynamic "event_trigger" {
    for_each = var.event_delivery == "eventarc" && each.value.topic != "" ? [each.value.topic] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = google_pubsub_topic.pipeline[event_trigger.value].id
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = google_service_account.pubsub_push.email
    }
  }

  depends_on = [
    google_project_service.this,
    google_project_iam_member.build,
    google_project_iam_member.build_function_buckets,
    google_storage_bucket_iam_member.build_source,
    google_secret_manager_secret_iam_member.accessor,
  ]
}
