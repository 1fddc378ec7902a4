# Three buckets with different lives:
#   archive  every original mail and attachment, written once by on_message, kept for years;
#   state    the pipeline's state store (cursors, done-keys, document records, audit log);
#   source   the zipped functions/ tree the builds read.

locals {
  archive_bucket = var.archive_bucket_name != "" ? var.archive_bucket_name : "${var.project_id}-${var.name_prefix}-archive"
}

resource "google_storage_bucket" "archive" {
  #checkov:skip=CKV_GCP_62:Per-object access is recorded by Cloud Storage Data Access audit logs (google_project_iam_audit_config.storage below), Google's recommended replacement for legacy usage logs.
  name                        = local.archive_bucket
  location                    = var.archive_location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = { app = var.name_prefix, data = "mail-originals" }

  versioning {
    enabled = true
  }

  dynamic "retention_policy" {
    for_each = var.archive_retention_days > 0 ? [var.archive_retention_days] : []
    content {
      retention_period = retention_policy.value * 86400
      is_locked        = var.archive_retention_locked
    }
  }

  dynamic "encryption" {
    for_each = var.kms_key_name != "" ? [var.kms_key_name] : []
    content {
      default_kms_key_name = encryption.value
    }
  }

  lifecycle_rule {
    condition {
      age                   = var.archive_nearline_after_days
      matches_storage_class = ["STANDARD"]
    }
    action {
      type          = "SetStorageClass"
      storage_class = "NEARLINE"
    }
  }

  lifecycle_rule {
    condition {
      age                   = var.archive_coldline_after_days
      matches_storage_class = ["NEARLINE"]
    }
    action {
      type          = "SetStorageClass"
      storage_class = "COLDLINE"
    }
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.archive_noncurrent_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.storage_agent]
}

# The state store (adapters/google/gcs_state.py) rewrites cursors and records under generation
# preconditions; versions are kept a week, to undo a bad write, then deleted.
resource "google_storage_bucket" "state" {
  #checkov:skip=CKV_GCP_62:Per-object access is recorded by the Data Access audit logs (google_project_iam_audit_config.storage).
  name                        = "${var.project_id}-${var.name_prefix}-state"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = { app = var.name_prefix, data = "pipeline-state" }

  versioning {
    enabled = true
  }

  dynamic "encryption" {
    for_each = var.kms_key_name != "" ? [var.kms_key_name] : []
    content {
      default_kms_key_name = encryption.value
    }
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 7
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.storage_agent]
}

resource "google_storage_bucket" "source" {
  #checkov:skip=CKV_GCP_62:Holds only the open-source functions/ zip; its writes are recorded by the Data Access audit logs.
  name                        = "${var.project_id}-${var.name_prefix}-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  labels                      = { app = var.name_prefix, data = "function-source" }

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      num_newer_versions = 3
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 180
    }
    action {
      type = "Delete"
    }
  }
}

# --- CMEK: the Cloud Storage service agent must be able to use the key ------------------------

data "google_storage_project_service_account" "this" {
  project = var.project_id
}

resource "google_kms_crypto_key_iam_member" "storage_agent" {
  count         = var.kms_key_name != "" ? 1 : 0
  crypto_key_id = var.kms_key_name
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.this.email_address}"
}

# --- Who may read and write ------------------------------------------------------------------

locals {
  bucket_grants = merge(
    # Archive: on_message creates objects (create-only, never overwrite) and reads their metadata
    # back when a retry meets an existing object; readers only view.
    { for name, f in local.functions : "archive ${name} creator" => { bucket = "archive", function = name, role = "roles/storage.objectCreator" } if f.archive == "write" },
    { for name, f in local.functions : "archive ${name} viewer" => { bucket = "archive", function = name, role = "roles/storage.objectViewer" } if f.archive != "" },
    # State: every function reads and rewrites it (objectUser: objects only, no bucket or IAM admin).
    { for name, f in local.functions : "state ${name} user" => { bucket = "state", function = name, role = "roles/storage.objectUser" } },
  )
  buckets = {
    archive = google_storage_bucket.archive.name
    state   = google_storage_bucket.state.name
  }
}

resource "google_storage_bucket_iam_member" "function" {
  for_each = local.bucket_grants
  bucket   = local.buckets[each.value.bucket]
  role     = each.value.role
  member   = "serviceAccount:${google_service_account.fn[each.value.function].email}"
}

resource "google_storage_bucket_iam_member" "build_source" {
  bucket = google_storage_bucket.source.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.build.email}"
}

# Who read or wrote which object, for every bucket in the project.
resource "google_project_iam_audit_config" "storage" {
  count   = var.storage_data_access_logs ? 1 : 0
  project = var.project_id
  service = "storage.googleapis.com"
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}
