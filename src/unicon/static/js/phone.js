/* Phones and dates on every page (issue 13 point 7); no build step, no dependencies.

   1. Lists on a phone: each cell of a list table (`.table-wrap table`, and any other table
      of the page with a header row but `.facts` and `[data-no-cards]`) gets its column's
      name in data-label, so that on screens ≤ 640 px (phone.css) every row becomes a card
      that keeps every column — the identifying and status ones first in the row's order.
   2. Dates as dd/mm/yyyy whatever the browser's language: each <input type="date"> and
      <input type="datetime-local"> becomes a text input (same name and id) with a
      dd/mm/yyyy [hh:mm] mask; an ISO value pasted or filled in is shown day first. The form
      sends what is shown and the server reads it (unicon.core.dates: every page form, the
      list filters of pages and API). A script needing ISO uses UniconPhone.toIso(value). */
(function () {
  "use strict";

  // every list: the list pages' `.table-wrap` tables and any other table with a header row
  // in the page (sessions, webhooks, notification preferences, a shipment's documents, …)
  var TABLES = ".table-wrap table, main table, .card table";

  function labelTables(root) {
    (root || document).querySelectorAll(TABLES).forEach(function (table) {
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head || table.closest(".facts, [data-no-cards]")) return;
      var names = [];
      Array.prototype.forEach.call(head.cells, function (cell) {
        for (var i = 0; i < (cell.colSpan || 1); i++) names.push(cell.textContent.trim());
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var col = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (!cell.hasAttribute("data-label") && names[col]) cell.setAttribute("data-label", names[col]);
            col += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("stack");
    });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function toShown(iso, withTime) {  // 2026-12-05[T08:30] → 05/12/2026[ 08:30]
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso || "");
    if (!m) return iso || "";
    return m[3] + "/" + m[2] + "/" + m[1] + (withTime && m[4] ? " " + m[4] + ":" + m[5] : "");
  }

  function toIso(text, withTime) {  // 05/12/2026[ 08:30] → 2026-12-05[T08:30]; null if not a real day
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
    if (!m) return null;
    var d = +m[1], mo = +m[2], y = +m[3], probe = new Date(y, mo - 1, d);
    if (probe.getFullYear() !== y || probe.getMonth() !== mo - 1 || probe.getDate() !== d) return null;
    var iso = y + "-" + pad(mo) + "-" + pad(d);
    if (!withTime) return iso;
    var h = m[4] === undefined ? 0 : +m[4], mi = m[5] === undefined ? 0 : +m[5];
    if (h > 23 || mi > 59) return null;
    return iso + "T" + pad(h) + ":" + pad(mi);
  }

  function mask(text, withTime) {  // digits typed → dd/mm/yyyy HH:mm as they come
    var digits = text.replace(/\D/g, "").slice(0, withTime ? 12 : 8), out = "";
    for (var i = 0; i < digits.length; i++) {
      if (i === 2 || i === 4) out += "/";
      if (i === 8) out += " ";
      if (i === 10) out += ":";
      out += digits[i];
    }
    return out;
  }

  var ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?/;

  function dateWidget(input) {
    if (input.dataset.vnDate) return;
    var withTime = input.type === "datetime-local";
    // a form shown again after an error carries what was typed (05/12/2026 08:30) in the value
    // attribute: a date input drops such a value, so it is read from the attribute
    var typed = input.value || input.getAttribute("value") || "";
    input.type = "text";
    input.value = typed;
    input.dataset.vnDate = withTime ? "datetime" : "date";
    input.inputMode = "numeric";
    input.autocomplete = "off";
    input.placeholder = withTime ? "dd/mm/yyyy hh:mm" : "dd/mm/yyyy";
    input.value = toShown(input.value, withTime);
    function check() {
      var text = input.value.trim();
      input.setAttribute("aria-invalid", text && toIso(text, withTime) === null ? "true" : "false");
    }
    input.addEventListener("input", function () {
      if (ISO.test(input.value)) {  // pasted or filled in as ISO: shown day first
        input.value = toShown(input.value, withTime);
      } else if (input.selectionStart === input.value.length) {  // typing at the end: mask
        var masked = mask(input.value, withTime);
        if (masked !== input.value) input.value = masked;
      }
      check();
    });
    check();
  }

  function dateWidgets(root) {
    (root || document).querySelectorAll('input[type="date"], input[type="datetime-local"]').forEach(dateWidget);
  }

  function upgrade() { labelTables(); dateWidgets(); }

  window.UniconPhone = {toIso: toIso, toShown: toShown, upgrade: upgrade};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { upgrade(); });
  else upgrade();
  document.addEventListener("htmx:load", function () { upgrade(); });
})();
