# The pipeline's topics, the subscriptions that push them to the event functions, and the
# dead-letter topic where messages that keep failing wait for `mailroom dlq list|replay`.
#
# Why push subscriptions and not Eventarc triggers (var.event_delivery = "push"): the
# subscription an Eventarc trigger creates is Google-managed, so it cannot carry a dead-letter
# policy from Terraform and it drops an event after 24 h of retries. Our own push subscriptions
# have the retry policy, the dead-letter policy, a 7-day retention and an ack deadline matched
# to each function's timeout (for push, the ack deadline is the HTTP request timeout).

locals {
  pipeline_topics = toset(["gmail-push", "messages", "documents"])
  # Event functions by name, with the topic they consume.
  event_functions = { for name, f in local.functions : name => f if f.topic != "" }
  push_functions  = { for name, f in local.event_functions : name => f if var.event_delivery == "push" }
  topic_kms       = var.kms_key_name != "" ? var.kms_key_name : null
}

resource "google_pubsub_topic" "pipeline" {
  #checkov:skip=CKV_GCP_83:CMEK is optional (var.kms_key_name); without it Google-managed encryption applies, the documented default for these small command messages.
  for_each                   = local.pipeline_topics
  name                       = each.value
  kms_key_name               = local.topic_kms
  message_retention_duration = "86400s"
  labels                     = { app = var.name_prefix }
  depends_on                 = [google_project_service.this, google_kms_crypto_key_iam_member.pubsub_agent]
}

resource "google_pubsub_topic" "dead_letter" {
  #checkov:skip=CKV_GCP_83:CMEK is optional (var.kms_key_name); without it Google-managed encryption applies.
  name                       = "dead-letter"
  kms_key_name               = local.topic_kms
  message_retention_duration = var.dead_letter_retention
  labels                     = { app = var.name_prefix }
  depends_on                 = [google_project_service.this, google_kms_crypto_key_iam_member.pubsub_agent]
}

# One push subscription per event function: topic -> function URL, authenticated with an OIDC
# token of the push service account (the only invoker of the event functions).
resource "google_pubsub_subscription" "push" {
  for_each                   = local.push_functions
  name                       = "${var.name_prefix}-${each.value.topic}-push"
  topic                      = google_pubsub_topic.pipeline[each.value.topic].id
  ack_deadline_seconds       = min(600, each.value.timeout)
  message_retention_duration = "604800s"
  labels                     = { app = var.name_prefix }

  expiration_policy {
    ttl = "" # never expires, however quiet the topic
  }

  retry_policy {
    minimum_backoff = var.retry_minimum_backoff
    maximum_backoff = var.retry_maximum_backoff
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }

  push_config {
    push_endpoint = local.function_urls[each.key]
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
      audience              = local.function_urls[each.key]
    }
  }

  depends_on = [
    google_cloudfunctions2_function.fn,
    google_cloud_run_service_iam_member.invoker,
    google_pubsub_topic_iam_member.dead_letter_publisher,
  ]
}

# Messages on the dead-letter topic are only kept while a subscription holds them: this pull
# subscription is what `mailroom dlq list|replay` reads (its name is the default of
# MAILROOM_CLOUD__DEAD_LETTER_SUBSCRIPTION). It has no dead-letter policy itself.
resource "google_pubsub_subscription" "dead_letter" {
  name                       = "dead-letter-inbox"
  topic                      = google_pubsub_topic.dead_letter.id
  ack_deadline_seconds       = 60
  message_retention_duration = var.dead_letter_retention
  retain_acked_messages      = true # a replayed message stays visible until it ages out
  labels                     = { app = var.name_prefix }

  expiration_policy {
    ttl = ""
  }
}

# --- Who may publish and subscribe ------------------------------------------------------------

# Gmail publishes mailbox notifications as this Google identity (users.watch fails without it).
# A domain-restricted-sharing org policy can block this grant: see README.md.
resource "google_pubsub_topic_iam_member" "gmail_push_publisher" {
  topic  = google_pubsub_topic.pipeline["gmail-push"].id
  role   = "roles/pubsub.publisher"
  member = local.gmail_push
}

# The Pub/Sub service agent moves undeliverable messages: it publishes to the dead-letter topic
# and must be a subscriber of each source subscription.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  topic  = google_pubsub_topic.dead_letter.id
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each     = google_pubsub_subscription.push
  subscription = each.value.id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

# Each function publishes only to the topic of the next stage.
resource "google_pubsub_topic_iam_member" "function_publisher" {
  for_each = { for name, f in local.functions : name => f if f.publishes != "" }
  topic    = google_pubsub_topic.pipeline[each.value.publishes].id
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.fn[each.key].email}"
}

# CMEK topics: the Pub/Sub service agent encrypts and decrypts with the key.
resource "google_kms_crypto_key_iam_member" "pubsub_agent" {
  count         = var.kms_key_name != "" ? 1 : 0
  crypto_key_id = var.kms_key_name
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = local.pubsub_agent
}
