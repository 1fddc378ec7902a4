# What the rest of the deployment needs: URLs for the add-on and the Sheet notifier, the topic
# names, and the identities an admin must authorize or share the Sheet with.

output "addon_url" {
  description = "Base URL of the Gmail add-on endpoint: put it (plus each trigger's path) in the add-on deployment.json."
  value       = local.function_urls["addon"]
}

output "on_review_url" {
  description = "URL the Sheet's Apps Script notifier calls (also the audience of its ID token)."
  value       = local.function_urls["on_review"]
}

output "erp_status_callback_url" {
  description = "URL to configure as the ERP's status webhook."
  value       = local.function_urls["erp_status_callback"]
}

output "function_urls" {
  description = "Every function's URL (each is also the audience its callers' OIDC tokens must carry)."
  value       = { for name, f in google_cloudfunctions2_function.fn : name => local.function_urls[name] }
}

output "topics" {
  description = "Pub/Sub topic ids by name. gmail-push is MAILROOM_GOOGLE__WATCH_TOPIC."
  value       = merge({ for name, t in google_pubsub_topic.pipeline : name => t.id }, { dead-letter = google_pubsub_topic.dead_letter.id })
}

output "dead_letter_subscription" {
  description = "The subscription `mailroom dlq list|replay` reads."
  value       = google_pubsub_subscription.dead_letter.id
}

output "function_service_accounts" {
  description = "Each function's runtime service account email."
  value       = { for name, sa in google_service_account.fn : name => sa.email }
}

output "sheet_editor_service_accounts" {
  description = "Share the staging Sheet (Editor) with exactly these accounts."
  value       = [for name, f in local.functions : google_service_account.fn[name].email if f.sheet]
}

output "gmail_delegation_service_account" {
  description = "The keyless domain-wide delegation account (gmail_auth = \"delegation\")."
  value       = var.gmail_auth == "delegation" ? google_service_account.gmail_delegate[0].email : null
}

output "gmail_delegation_client_id" {
  description = "Numeric OAuth client id to authorize in Admin console > Security > API controls > Domain-wide delegation."
  value       = var.gmail_auth == "delegation" ? google_service_account.gmail_delegate[0].unique_id : null
}

output "review_notifier_service_account" {
  description = "The account the Sheet's Apps Script notifier mints ID tokens for."
  value       = google_service_account.review_notifier.email
}

output "scheduler_service_account" {
  description = "The account Cloud Scheduler calls the scheduled functions as."
  value       = google_service_account.scheduler.email
}

output "pubsub_push_service_account" {
  description = "The account Pub/Sub pushes (or Eventarc delivers) events as."
  value       = google_service_account.pubsub_push.email
}

output "secrets" {
  description = "Secret ids to add values to out of band (gcloud secrets versions add ID --data-file=-)."
  value       = { for name, s in google_secret_manager_secret.this : name => s.secret_id }
}

output "archive_bucket" {
  description = "The archive bucket (MAILROOM_GOOGLE__BUCKET)."
  value       = google_storage_bucket.archive.name
}
