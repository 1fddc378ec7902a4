# Identities and least-privilege grants. Every function runs as its own service account with no
# project-level role; each grant below is on one resource (a topic, a bucket, a secret, the
# delegation account) and is derived from the function's row in functions.tf.

resource "google_service_account" "fn" {
  for_each     = local.functions
  account_id   = "${var.name_prefix}-${substr(replace(each.key, "_", "-"), 0, 29 - length(var.name_prefix))}"
  display_name = "mailroom ${each.key} function"
}

# Gmail through keyless domain-wide delegation: an admin authorizes this account's numeric
# client id (output gmail_delegation_client_id) for the scopes in README.md. It holds no IAM role
# and no key; functions that read Gmail sign JWTs as it through IAM signJwt.
resource "google_service_account" "gmail_delegate" {
  count        = var.gmail_auth == "delegation" ? 1 : 0
  account_id   = "${var.name_prefix}-gmail-dwd"
  display_name = "mailroom Gmail domain-wide delegation (no key, no roles)"
}

resource "google_service_account" "pubsub_push" {
  account_id   = "${var.name_prefix}-pubsub-push"
  display_name = "mailroom Pub/Sub push and Eventarc invoker"
}

resource "google_service_account" "scheduler" {
  account_id   = "${var.name_prefix}-scheduler"
  display_name = "mailroom Cloud Scheduler invoker"
}

# The Sheet's Apps Script notifier mints an ID token for this account (IAM generateIdToken) to
# call on_review; only var.review_notifier_members may do so.
resource "google_service_account" "review_notifier" {
  account_id   = "${var.name_prefix}-review-notify"
  display_name = "mailroom Sheet review notifier"
}

# Builds the functions instead of the default compute account (which holds Editor). It writes
# build logs and the image, and reads the source Cloud Functions copies to its own gcf-v2-*
# buckets; the condition keeps it away from every other bucket (the archive above all).
resource "google_service_account" "build" {
  account_id   = "${var.name_prefix}-build"
  display_name = "mailroom Cloud Functions build"
}

resource "google_project_iam_member" "build" {
  for_each = toset(["roles/logging.logWriter", "roles/artifactregistry.writer"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.build.email}"
}

resource "google_project_iam_member" "build_function_buckets" {
  project = var.project_id
  role    = "roles/storage.objectAdmin"
  member  = "serviceAccount:${google_service_account.build.email}"
  condition {
    title       = "gcf-v2-buckets-only"
    description = "Only the buckets Cloud Functions creates for sources and uploads."
    expression  = "resource.name.startsWith(\"projects/_/buckets/gcf-v2-\")"
  }
}

# --- Gmail ------------------------------------------------------------------------------------

resource "google_service_account_iam_member" "gmail_token_creator" {
  for_each           = { for name, f in local.functions : name => f if f.gmail && var.gmail_auth == "delegation" }
  service_account_id = google_service_account.gmail_delegate[0].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_service_account.fn[each.key].email}"
}

# --- Invokers ---------------------------------------------------------------------------------
# Every function requires authentication: Cloud Run checks the caller's token against these
# bindings before the code runs (and the entry points verify it again). No allUsers anywhere.

locals {
  # Keyed by a fixed label, never by an email: for_each keys must be known at plan time, and a
  # new service account's email is not.
  invoker_members = {
    on_gmail_push       = { push = "serviceAccount:${google_service_account.pubsub_push.email}" }
    on_message          = { push = "serviceAccount:${google_service_account.pubsub_push.email}" }
    on_document         = { push = "serviceAccount:${google_service_account.pubsub_push.email}" }
    on_review           = { notifier = "serviceAccount:${google_service_account.review_notifier.email}", addon = "serviceAccount:${google_service_account.fn["addon"].email}" }
    flush_rows          = { scheduler = "serviceAccount:${google_service_account.scheduler.email}" }
    post_sweep          = { scheduler = "serviceAccount:${google_service_account.scheduler.email}" }
    sync_erp_status     = { scheduler = "serviceAccount:${google_service_account.scheduler.email}" }
    renew_watch         = { scheduler = "serviceAccount:${google_service_account.scheduler.email}" }
    addon               = { addons = local.addons_agent }
    erp_status_callback = { for m in var.erp_callback_invokers : m => m }
  }
  invoker_grants = merge([
    for name, members in local.invoker_members : { for label, m in members : "${name} ${label}" => { function = name, member = m } }
  ]...)
}

resource "google_cloud_run_service_iam_member" "invoker" {
  for_each = local.invoker_grants
  location = var.region
  service  = google_cloudfunctions2_function.fn[each.value.function].name
  role     = "roles/run.invoker"
  member   = each.value.member
}

resource "google_service_account_iam_member" "notifier_token_creator" {
  for_each           = toset(var.review_notifier_members)
  service_account_id = google_service_account.review_notifier.name
  role               = "roles/iam.serviceAccountOpenIdTokenCreator"
  member             = each.value
}

# Pub/Sub mints the push OIDC tokens for the push account (needed on projects created before
# April 2021; harmless after).
resource "google_service_account_iam_member" "pubsub_push_token_creator" {
  service_account_id = google_service_account.pubsub_push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

# Eventarc's trigger account receives events (only with var.event_delivery = "eventarc").
resource "google_project_iam_member" "eventarc_receiver" {
  count   = var.event_delivery == "eventarc" ? 1 : 0
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = "serviceAccount:${google_service_account.pubsub_push.email}"
}

# --- Operators --------------------------------------------------------------------------------

locals {
  dlq_replay_grants = merge([
    for m in var.dlq_operators : { for t in local.pipeline_topics : "${t} ${m}" => { topic = t, member = m } }
  ]...)
}

resource "google_pubsub_subscription_iam_member" "dlq_operator" {
  for_each     = toset(var.dlq_operators)
  subscription = google_pubsub_subscription.dead_letter.id
  role         = "roles/pubsub.subscriber"
  member       = each.value
}

resource "google_pubsub_topic_iam_member" "dlq_replay" {
  for_each = local.dlq_replay_grants
  topic    = google_pubsub_topic.pipeline[each.value.topic].id
  role     = "roles/pubsub.publisher"
  member   = each.value.member
}
