# Secret Manager secrets: the containers only. Their values are added out of band
# (`gcloud secrets versions add`, README.md), so no secret ever passes through Terraform or its
# state. Each function can read only the secrets listed in its row in functions.tf.

locals {
  secrets = merge(
    {
      erp-credentials = "ERP connection and credentials (JSON): URL, database, user, API key or password."
      erp-callback-key = "Shared key the ERP signs its status callbacks with (HMAC), checked by erp_status_callback."
    },
    var.gmail_auth == "oauth" ? {
      gmail-oauth-token = "The Gmail user's OAuth token JSON (google-auth Credentials.to_json()), read through the Secret Manager API."
    } : {},
  )

  # Mounted secrets (functions.tf), plus the OAuth token for every Gmail reader when gmail_auth = "oauth".
  secret_grants = merge([
    for name, f in local.functions : {
      for s in concat(f.secrets, f.gmail && var.gmail_auth == "oauth" ? ["gmail-oauth-token"] : []) :
      "${name} ${s}" => { function = name, secret = s }
    }
  ]...)
}

resource "google_secret_manager_secret" "this" {
  for_each  = local.secrets
  secret_id = "${var.name_prefix}-${each.key}"
  labels    = { app = var.name_prefix }
  annotations = {
    purpose = each.value
  }

  replication {
    dynamic "auto" {
      for_each = length(var.secret_locations) == 0 ? [1] : []
      content {}
    }
    dynamic "user_managed" {
      for_each = length(var.secret_locations) > 0 ? [1] : []
      content {
        dynamic "replicas" {
          for_each = toset(var.secret_locations)
          content {
            location = replicas.value
          }
        }
      }
    }
  }

  depends_on = [google_project_service.this]
}

resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each  = local.secret_grants
  secret_id = google_secret_manager_secret.this[each.value.secret].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.fn[each.value.function].email}"
}
