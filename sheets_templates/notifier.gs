/**
 * mailroom review notifier: bound to the staging spreadsheet, it tells the `on_review` Cloud
 * Function that a reviewer changed a Status cell, so approved rows are posted within seconds
 * instead of at the next scheduled sweep.
 *
 * Install (once, as the sheet's owner): Extensions → Apps Script, paste this file and
 * appsscript.json, set the script properties ON_REVIEW_URL (the `on_review_url` Terraform
 * output) and NOTIFIER_SERVICE_ACCOUNT (the `review_notifier_service_account` output), then run
 * `installTrigger` once and accept the consent screen.
 *
 * Authentication: on_review is a private Cloud Run service, so the call needs a Google-signed
 * ID token whose audience is exactly ON_REVIEW_URL. The script asks the IAM Credentials API to
 * mint one for the notifier service account (reviewers in `review_notifier_members` may); Cloud
 * Run checks it, then on_review verifies it again (issuer, signature, expiry, audience, the
 * notifier's email) and answers 401 to anything else.
 */

var STATUS_HEADER = 'Status';
var DECISIONS = ['APPROVED', 'REJECTED', 'ON_HOLD'];

function installTrigger() {
  ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });
  ScriptApp.newTrigger('onStatusEdit').forSpreadsheet(SpreadsheetApp.getActive()).onEdit().create();
}

function onStatusEdit(e) {
  var sheet = e.range.getSheet();
  var header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  var statusColumn = header.indexOf(STATUS_HEADER) + 1;
  if (statusColumn === 0 || e.range.getColumn() > statusColumn ||
      e.range.getLastColumn() < statusColumn || DECISIONS.indexOf(String(e.value || '')) < 0) {
    return;  // not a decision: nothing to post
  }
  var properties = PropertiesService.getScriptProperties();
  var url = properties.getProperty('ON_REVIEW_URL');
  var token = idTokenFor(properties.getProperty('NOTIFIER_SERVICE_ACCOUNT'), url);
  var response = UrlFetchApp.fetch(url, {
    method: 'post',
    contentType: 'application/json',
    headers: {Authorization: 'Bearer ' + token},
    payload: JSON.stringify({spreadsheetId: e.source.getId(), row: e.range.getRow()}),
    muteHttpExceptions: true,
  });
  if (response.getResponseCode() >= 300) {
    // The scheduled post_sweep picks the row up anyway; say so where the reviewer looks.
    e.source.toast('mailroom will post this row at the next sweep (' + response.getResponseCode() + ')');
  }
}

function idTokenFor(serviceAccount, audience) {
  var response = UrlFetchApp.fetch(
    'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/' +
      encodeURIComponent(serviceAccount) + ':generateIdToken', {
      method: 'post',
      contentType: 'application/json',
      headers: {Authorization: 'Bearer ' + ScriptApp.getOAuthToken()},
      payload: JSON.stringify({audience: audience, includeEmail: true}),
    });
  return JSON.parse(response.getContentText()).token;
}
