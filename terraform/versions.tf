# Providers and the APIs the deployment needs. One deployment per project: the topic names
# (gmail-push, messages, documents) are the ones the pipeline's commands publish to.

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  project_number = data.google_project.this.number
  # Google-managed identities that act on our behalf.
  pubsub_agent = "serviceAccount:service-${local.project_number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  addons_agent_email = "service-${local.project_number}@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
  addons_agent       = "serviceAccount:${local.addons_agent_email}"
  gmail_push   = "serviceAccount:gmail-api-push@system.gserviceaccount.com"
  apis = [
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudscheduler.googleapis.com",
    "drive.googleapis.com",
    "eventarc.googleapis.com",
    "gmail.googleapis.com",
    "gsuiteaddons.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "sheets.googleapis.com",
    "storage.googleapis.com",
    "vision.googleapis.com",
  ]
}

resource "google_project_service" "this" {
  for_each           = toset(local.apis)
  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
