// The dispatcher's timeline board (no build step). Everything works without it: choose a
// request (radio), then "Assign here" on a tractor row. This script adds:
// - the filter form submits itself when a select or the date changes;
// - drag a waiting request onto a tractor row = choose it + press that row's button;
// - rows show they can take a request while one is chosen;
// - drag a waiting trip's bar (data-move) onto another row = the bar's "⇄ move to…" choice
//   for that row, sent with the shipment version the bar was drawn with.
(function () {
  "use strict";
  var filters = document.querySelector("form[data-autosubmit]");
  if (filters) {
    filters.addEventListener("change", function (event) {
      if (event.target.matches("select, input[type=date]")) filters.submit();
    });
  }

  function chosen() {
    return document.querySelector("input[name=shipment_id]:checked");
  }
  function mark() {
    var board = document.getElementById("board");
    if (board) board.classList.toggle("choosing", !!chosen());
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "shipment_id") mark();
  });

  function rowOf(node) {
    return node && node.closest ? node.closest("[data-row]") : null;
  }
  document.addEventListener("dragstart", function (event) {
    var bar = event.target.closest && event.target.closest("[data-move]");
    if (bar) {
      event.dataTransfer.setData("text/plain", "move:" + bar.dataset.move);
      event.dataTransfer.effectAllowed = "move";
      moving = bar;
      bar.classList.add("dragging");
      return;
    }
    var card = event.target.closest && event.target.closest("[data-request]");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.dataset.request);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });
  var moving = null;
  document.addEventListener("dragend", function (event) {
    if (moving) moving.classList.remove("dragging");
    var card = event.target.closest && event.target.closest("[data-request]");
    if (card) card.classList.remove("dragging");
  });
  document.addEventListener("dragover", function (event) {
    var row = rowOf(event.target);
    if (!row) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    row.classList.add("drop-over");
  });
  document.addEventListener("dragleave", function (event) {
    var row = rowOf(event.target);
    if (row && !row.contains(event.relatedTarget)) row.classList.remove("drop-over");
  });
  document.addEventListener("drop", function (event) {
    var row = rowOf(event.target);
    if (!row) return;
    event.preventDefault();
    row.classList.remove("drop-over");
    var id = event.dataTransfer.getData("text/plain");
    if (id.indexOf("move:") === 0) {
      var bar = moving || document.querySelector("[data-move='" + id.slice(5) + "']");
      moving = null;
      if (!bar || rowOf(bar) === row) return; // dropped back on its own row
      var form = document.getElementById("move-form");
      form.elements.shipment_id.value = bar.dataset.move;
      form.elements.version.value = bar.dataset.version;
      form.elements.tractor_id.value = row.dataset.row;
      form.submit();
      return;
    }
    var radio = document.getElementById("req-" + id);
    var button = row.querySelector("button[name=tractor_id]");
    if (!radio || !button) return;
    radio.checked = true;
    button.click();
  });

  // make the waiting cards draggable (also after an htmx swap of the board)
  function draggable() {
    document.querySelectorAll("[data-request], [data-move]").forEach(function (card) {
      card.setAttribute("draggable", "true");
    });
    mark();
  }
  draggable();
  document.addEventListener("htmx:afterSwap", draggable);
})();
