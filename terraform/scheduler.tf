# The scheduled functions, called over HTTPS with an OIDC token of the scheduler account
# (audience = the function URL, which the entry point verifies too).

locals {
  schedules = {
    flush_rows      = var.flush_rows_schedule
    post_sweep      = var.post_sweep_schedule
    sync_erp_status = var.sync_erp_status_schedule
    renew_watch     = var.renew_watch_schedule
  }
}

resource "google_cloud_scheduler_job" "fn" {
  for_each         = local.schedules
  name             = local.function_names[each.key]
  region           = var.region
  description      = "mailroom ${each.key}"
  schedule         = each.value
  time_zone        = var.schedule_time_zone
  attempt_deadline = "${min(1800, local.functions[each.key].timeout + 30)}s"

  retry_config {
    retry_count          = 3
    min_backoff_duration = "30s"
    max_backoff_duration = "300s"
  }

  http_target {
    http_method = "POST"
    uri         = local.function_urls[each.key]
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode("{}")
    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = local.function_urls[each.key]
    }
  }

  depends_on = [google_project_service.this, google_cloudfunctions2_function.fn, google_cloud_run_service_iam_member.invoker]
}
