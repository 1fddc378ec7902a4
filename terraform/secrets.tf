# Secret Manager secrets: the containers only. Their values are added out of band
# (`gcloud secrets versions add`, README.md), so no secret ever passes through Terraform or its
# state. Each function can read only the secrets listed in its row in functions.tf.

locals {
  # The ERP connector's keys: secret id suffix -> the environment variable
  # (functions/mailroom/adapters/erp/settings.py) the platform fills from it.
  erp_secrets = {
    odoo    = { erp-odoo-api-key = "MAILROOM_ERP__ODOO__API_KEY" }
    erpnext = { erp-erpnext-api-key = "MAILROOM_ERP__ERPNEXT__API_KEY", erp-erpnext-api-secret = "MAILROOM_ERP__ERPNEXT__API_SECRET" }
    # Signs requests to the webhook and verifies its status callbacks.
    webhook = { erp-webhook-secret = "MAILROOM_ERP__WEBHOOK__SECRET" }
  }[var.erp_connector]

  secrets = merge(
    { for id, env in local.erp_secrets : id => { description = "${env} of the ${var.erp_connector} ERP connector" } },
    {
      for id, secret in {
        gmail-oauth-token = { description = "The Gmail user's OAuth token JSON (google-auth Credentials.to_json()), read through the Secret Manager API." }
      } : id => secret if var.gmail_auth == "oauth"
    },
  )

  # ERP keys for the functions that talk to the ERP; the OAuth token for every Gmail reader.
  secret_grants = merge([
    for name, f in local.functions : {
      for s in concat(f.erp ? keys(local.erp_secrets) : [], f.gmail && var.gmail_auth == "oauth" ? ["gmail-oauth-token"] : []) :
      "${name} ${s}" => { function = name, secret = s }
    }
  ]...)
}

resource "google_secret_manager_secret" "this" {
  for_each  = local.secrets
  secret_id = "${var.name_prefix}-${each.key}"
  labels    = { app = var.name_prefix }
  annotations = {
    purpose = each.value.description
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
