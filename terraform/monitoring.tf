# What an operator is paged for: functions logging errors, and messages that were dead-lettered
# (they wait in the dead-letter-inbox subscription for `mailroom dlq list|replay`).

locals {
  alert_channels = concat(var.notification_channels, google_monitoring_notification_channel.email[*].id)
}

resource "google_monitoring_notification_channel" "email" {
  count        = var.alert_email != "" ? 1 : 0
  display_name = "mailroom alerts"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }
}

# Gen2 functions log as Cloud Run revisions; the service name is the function name.
resource "google_logging_metric" "function_errors" {
  name        = "${var.name_prefix}/function_errors"
  description = "Log entries of severity ERROR or above from the mailroom functions."
  filter      = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.name_prefix}-\" AND severity>=ERROR"

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "mailroom function errors"
    labels {
      key         = "function"
      value_type  = "STRING"
      description = "The function (Cloud Run service) that logged the error."
    }
  }

  label_extractors = {
    function = "EXTRACT(resource.labels.service_name)"
  }
}

resource "google_monitoring_alert_policy" "function_errors" {
  display_name          = "mailroom: functions logging errors"
  combiner              = "OR"
  notification_channels = local.alert_channels

  conditions {
    display_name = "more than ${var.error_alert_threshold} errors in 5 minutes"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.function_errors.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.error_alert_threshold
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.function"]
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A mailroom function logged errors. Permanent errors are also on the row (Sheet) and the ERP/Error label; transient ones are retried by Pub/Sub. See Logs Explorer: resource.type=\"cloud_run_revision\" severity>=ERROR."
  }

  alert_strategy {
    auto_close = "86400s"
  }
}

resource "google_monitoring_alert_policy" "dead_letters" {
  display_name          = "mailroom: messages dead-lettered"
  combiner              = "OR"
  notification_channels = local.alert_channels

  # Push delivery: the source subscriptions count what they forward to the dead-letter topic.
  conditions {
    display_name = "a subscription dead-lettered messages"
    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/dead_letter_message_count\" AND resource.type=\"pubsub_subscription\" AND resource.label.subscription_id=starts_with(\"${var.name_prefix}-\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.subscription_id"]
      }
      trigger {
        count = 1
      }
    }
  }

  # Any publish to the dead-letter topic (also catches Eventarc mode and manual dead-lettering).
  conditions {
    display_name = "the dead-letter topic received messages"
    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/topic/send_request_count\" AND resource.type=\"pubsub_topic\" AND resource.label.topic_id=\"${google_pubsub_topic.dead_letter.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Messages failed ${var.max_delivery_attempts} deliveries and were moved to the dead-letter topic. Inspect with `mailroom dlq list`, fix the cause, then `mailroom dlq replay ID`."
  }

  alert_strategy {
    auto_close = "86400s"
  }
}
