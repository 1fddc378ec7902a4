/**
 * mailroom review notifier: bound to the staging spreadsheet, it tells the `on_review` Cloud
 * Function that a reviewer changed a Status cell, so approved rows are posted within seconds
 * instead of at the next scheduled sweep.
 *
 * Install (once, as the sheet's owner): Extensions → Apps Script, paste this file and
 * appsscript.json, set the script property ON_REVIEW_URL to the `on_review_url` Terraform
 * output, then run `installTrigger` once and accept the consent screen.
 *
 * Authentication: the request carries ScriptApp.getIdentityToken(), a Google-signed OIDC token
 * naming the reviewer (scope `openid` + `userinfo.email` in the manifest). on_review verifies
 * it (issuer, signature, expiry, audience = this script's OAuth client id, email in the
 * configured reviewers) and answers 401 to anything else.
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
  var url = PropertiesService.getScriptProperties().getProperty('ON_REVIEW_URL');
  var response = UrlFetchApp.fetch(url, {
    method: 'post',
    contentType: 'application/json',
    headers: {Authorization: 'Bearer ' + ScriptApp.getIdentityToken()},
    payload: JSON.stringify({spreadsheetId: e.source.getId(), row: e.range.getRow()}),
    muteHttpExceptions: true,
  });
  if (response.getResponseCode() >= 300) {
    // The scheduled post_sweep picks the row up anyway; say so where the reviewer looks.
    e.source.toast('mailroom will post this row at the next sweep (' + response.getResponseCode() + ')');
  }
}
