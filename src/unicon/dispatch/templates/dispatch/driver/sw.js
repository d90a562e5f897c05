/* Unicon Schedule — service worker of the driver's pages (scope /driver/), version {{ version }}.
   Installs the offline page; when a page of the driver cannot reach the server it answers
   with that page, naming what was not sent. The full offline queue comes later: nothing is
   stored or re-sent here. */
"use strict";
var CACHE = "unicon-driver-{{ version }}-{{ language|escapejs }}";
var OFFLINE = "{{ offline_url|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.add(new Request(OFFLINE, {cache: "reload"})); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("unicon-driver-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}

function whatWasNotSent(request) {
  // Forms of the driver's page carry a hidden "action_label" (e.g. "Check in at stop 2 —
  // Cảng Cát Lái"); a plain page load sent nothing.
  if (request.method !== "POST") return Promise.resolve(null);
  return request.formData().then(function (data) {
    return data.get("action_label") || "?";
  }).catch(function () { return "?"; });
}

function offlinePage(label) {
  return caches.open(CACHE).then(function (cache) { return cache.match(OFFLINE); }).then(function (cached) {
    if (!cached) return Response.error();
    return cached.text().then(function (html) {
      if (label !== null) {
        var now = new Date();
        var at = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
        html = html.replace('<main id="main" data-unsent="none">', '<main id="main" data-unsent="post">')
          .replace("<!--UNSENT-->", escapeHtml(label))
          .replace("<!--UNSENT_AT-->", at);
      }
      return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.mode !== "navigate") return;  // scripts, images, uploads: straight to the network
  var copy = request.method === "POST" ? request.clone() : request;
  event.respondWith(
    fetch(request).catch(function () {
      return whatWasNotSent(copy).then(offlinePage);
    })
  );
});
