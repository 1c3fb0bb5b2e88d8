// Lentera progress sender: progressive enhancement only (every page works without it).
// window.LenteraProgress.send(url, event) posts {eventId, type, …} as JSON to the progress API.
// Events are queued in localStorage first, so nothing is lost on reload or a dropped signal:
// retried with exponential backoff, again when the browser comes back online, and flushed with
// sendBeacon when the page is hidden. The server records each eventId once, so a resend is harmless.
(function () {
  'use strict';
  var KEY = 'lentera.progress.queue';
  var MAX_ITEMS = 200;
  var memory = [];
  var timer = null;
  var busy = false;
  var failures = 0;

  function load() {
    try {
      var raw = window.localStorage.getItem(KEY);
      var list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return memory.slice();
    }
  }
  function save(list) {
    memory = list.slice(-MAX_ITEMS);
    try { window.localStorage.setItem(KEY, JSON.stringify(memory)); } catch (e) { /* private mode: memory only */ }
  }
  function remove(eventId) {
    save(load().filter(function (q) { return q.event.eventId !== eventId; }));
  }
  function randomId() {
    var bytes = new Uint8Array(12);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    var s = 'js-';
    for (var j = 0; j < bytes.length; j++) s += ('0' + bytes[j].toString(16)).slice(-2);
    return s;
  }
  function showOffline(on) {
    var els = document.querySelectorAll('[data-offline-notice]');
    for (var i = 0; i < els.length; i++) els[i].hidden = !on;
  }

  /** Shows the state the server returned on every element marked data-progress-for="{activityId}". */
  function update(activityId, res) {
    if (!activityId || !res) return;
    var els = document.querySelectorAll('[data-progress-for="' + activityId + '"]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      el.setAttribute('data-state', res.state);
      if (el.tagName === 'PROGRESS') { el.value = res.progress; continue; }
      el.textContent = res.state === 'completed'
        ? (el.getAttribute('data-label-completed') || '100 %')
        : (el.getAttribute('data-label-progress') || '{percent} %').replace('{percent}', String(res.progress));
    }
    if (res.state === 'completed') {
      var done = document.querySelectorAll('[data-hide-when-complete="' + activityId + '"]');
      for (var k = 0; k < done.length; k++) done[k].hidden = true;
    }
  }

  function schedule() {
    if (timer) return;
    var delay = Math.min(60000, 1000 * Math.pow(2, Math.min(failures, 6)));
    timer = setTimeout(function () { timer = null; flush(); }, delay);
  }

  function post(item) {
    return fetch(item.url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(item.event),
      keepalive: true,
    });
  }

  /** Sends the queue in order; stops at the first failure and tries again later. */
  function flush() {
    if (busy) return Promise.resolve();
    var list = load();
    if (!list.length) { showOffline(false); return Promise.resolve(); }
    busy = true;
    var item = list[0];
    return post(item).then(function (res) {
      // 5xx, 408 and 429 are worth retrying; any other answer is final (a 4xx will not get better).
      if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Error('retry');
      remove(item.event.eventId);
      failures = 0;
      return res.ok ? res.json().then(function (body) { update(item.activityId, body); }, function () {}) : null;
    }).then(function () {
      busy = false;
      showOffline(false);
      return flush();
    }, function () {
      busy = false;
      failures++;
      showOffline(true);
      schedule();
    });
  }

  /** Queues one event and tries to send it now. Returns the eventId. */
  function send(url, event, activityId) {
    var e = {};
    for (var k in event) if (Object.prototype.hasOwnProperty.call(event, k)) e[k] = event[k];
    if (!e.eventId) e.eventId = randomId();
    var list = load();
    list.push({ url: url, event: e, activityId: activityId ? String(activityId) : null });
    save(list);
    flush();
    return e.eventId;
  }

  /** The page is going away: hand what is still queued to the browser. It stays queued until a normal send confirms it. */
  function beacon() {
    if (!navigator.sendBeacon) return;
    var list = load();
    for (var i = 0; i < list.length; i++) {
      try {
        navigator.sendBeacon(list[i].url, new Blob([JSON.stringify(list[i].event)], { type: 'application/json' }));
      } catch (e) { /* try again on the next page */ }
    }
  }

  window.addEventListener('online', function () { failures = 0; flush(); });
  window.addEventListener('pagehide', beacon);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') beacon(); });

  /** Pages read to the end: a sentinel after the article sends read_to_end once it is seen. */
  function watchReadEnd() {
    var sentinels = document.querySelectorAll('[data-read-end]');
    if (!sentinels.length || !('IntersectionObserver' in window)) return;
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        io.unobserve(entry.target);
        send(entry.target.getAttribute('data-read-end'), { type: 'read_to_end' }, entry.target.getAttribute('data-activity'));
      });
    });
    for (var i = 0; i < sentinels.length; i++) io.observe(sentinels[i]);
  }

  window.LenteraProgress = { send: send, flush: flush };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { watchReadEnd(); flush(); });
  else { watchReadEnd(); flush(); }
})();
