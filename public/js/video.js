// Honest video progress (progressive enhancement; plain ES2017, no build, no inline script).
// For every [data-lentera-video] block rendered by the video activity kind:
// - tracks the media time actually played: a range grows only while playing continuously; a jump of
//   more than ~1.5 s of media time (a seek) closes it and starts a new one, so seeking ahead never counts;
// - sends `watched` {from,to} every ~10 s of playing and on pause/end, `position` {at} on pause/end/leave;
// - resumes at the server's last position (any device);
// - gives every event a random eventId (the server records each once), keeps unsent events in
//   localStorage and retries with backoff when offline or on errors; flushes with sendBeacon on leave;
// - shows the percentage the server counted.
(function () {
  'use strict';
  if (window.lenteraVideo) {
    window.lenteraVideo.scan();
    return;
  }

  var QUEUE_KEY = 'lentera.progressQueue.v1';
  var MAX_QUEUE = 300;
  var SEND_EVERY = 10; // seconds of media time played
  var JUMP = 1.5; // seconds of media time between two timeupdates that count as a seek

  // ---- the queue of unsent events (shared by every video on every page) ----
  var memoryQueue = [];
  function loadQueue() {
    try {
      var raw = window.localStorage.getItem(QUEUE_KEY);
      var q = raw ? JSON.parse(raw) : [];
      return Array.isArray(q) ? q : [];
    } catch (e) {
      return memoryQueue.slice();
    }
  }
  function saveQueue(q) {
    if (q.length > MAX_QUEUE) q = q.slice(q.length - MAX_QUEUE);
    memoryQueue = q;
    try {
      window.localStorage.setItem(QUEUE_KEY, JSON.stringify(q));
    } catch (e) {
      /* private mode or full: the in-memory copy still retries while the page is open */
    }
  }
  function randomId() {
    var bytes = new Uint8Array(12);
    var c = window.crypto || window.msCrypto;
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    var s = 'v-';
    for (var j = 0; j < bytes.length; j++) s += (bytes[j] < 16 ? '0' : '') + bytes[j].toString(16);
    return s;
  }
  function enqueue(url, event) {
    event.eventId = randomId();
    var q = loadQueue();
    q.push({ url: url, body: event });
    saveQueue(q);
  }

  // ---- sending, with backoff ----
  var sending = false;
  var failures = 0;
  var retryTimer = null;
  var listeners = {}; // url -> function(responseJson)

  function scheduleRetry() {
    if (retryTimer) return;
    var delay = Math.min(60000, 2000 * Math.pow(2, Math.min(failures, 5)));
    retryTimer = setTimeout(function () {
      retryTimer = null;
      flush();
    }, delay);
  }

  async function flush() {
    if (sending) return;
    sending = true;
    try {
      for (;;) {
        var q = loadQueue();
        if (!q.length) {
          failures = 0;
          break;
        }
        if (navigator.onLine === false) {
          notifyPending(true);
          break;
        }
        var item = q[0];
        var res;
        try {
          res = await fetch(item.url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify(item.body)
          });
        } catch (e) {
          res = null;
        }
        var retry = !res || res.status >= 500 || res.status === 408 || res.status === 429 || res.status === 401;
        if (retry) {
          failures++;
          notifyPending(true);
          scheduleRetry();
          break;
        }
        // Recorded (or refused for good: locked, invalid): either way it leaves the queue.
        var rest = loadQueue().filter(function (x) {
          return !(x.body && item.body && x.body.eventId === item.body.eventId);
        });
        saveQueue(rest);
        failures = 0;
        if (res.ok) {
          var json = null;
          try {
            json = await res.json();
          } catch (e) {
            json = null;
          }
          if (json && listeners[item.url]) listeners[item.url](json);
        }
      }
      if (!loadQueue().length) notifyPending(false);
    } finally {
      sending = false;
    }
  }

  /** On leaving the page: send what is queued with sendBeacon (kept in the queue: resending is harmless). */
  function beaconAll() {
    if (!navigator.sendBeacon) return;
    var q = loadQueue();
    for (var i = 0; i < q.length && i < 20; i++) {
      try {
        navigator.sendBeacon(q[i].url, new Blob([JSON.stringify(q[i].body)], { type: 'application/json' }));
      } catch (e) {
        /* the queue is sent on the next visit */
      }
    }
  }

  var pendingEls = [];
  function notifyPending(on) {
    for (var i = 0; i < pendingEls.length; i++) pendingEls[i](on);
  }

  // ---- one video ----
  function setup(root) {
    if (root.getAttribute('data-video-ready') === '1') return;
    root.setAttribute('data-video-ready', '1');
    var video = root.querySelector('video');
    if (!video) return;
    var url = root.getAttribute('data-progress-url');
    var duration = Number(root.getAttribute('data-duration')) || 0;
    var resumeAt = Number(root.getAttribute('data-resume-at')) || 0;
    var status = root.querySelector('[data-video-status]');
    var msgPercent = root.getAttribute('data-msg-percent') || '{percent}%';
    var msgCompleted = root.getAttribute('data-msg-completed') || '';
    var msgPending = root.getAttribute('data-msg-pending') || '';
    var state = root.getAttribute('data-state');
    var shown = Number(root.getAttribute('data-percent')) || 0;

    // A position not yet sent (e.g. recorded offline) is newer than the server's.
    var q = loadQueue();
    for (var k = q.length - 1; k >= 0; k--) {
      if (q[k].url === url && q[k].body && q[k].body.type === 'position') {
        resumeAt = Number(q[k].body.at) || resumeAt;
        break;
      }
    }

    function render(pending) {
      if (!status) return;
      var text = state === 'completed' ? msgCompleted : msgPercent.replace('{percent}', String(shown));
      status.textContent = pending && msgPending ? text + ' — ' + msgPending : text;
    }
    listeners[url] = function (json) {
      if (typeof json.progress === 'number' && json.progress > shown) shown = json.progress;
      if (json.state === 'completed') state = 'completed';
      render(false);
    };
    pendingEls.push(render);

    var segStart = null; // media time where the current continuous range began
    var last = null; // media time at the last timeupdate
    var sinceSent = 0;
    var positionCountdown = 3;

    function jumpLimit() {
      var rate = video.playbackRate || 1;
      return JUMP * Math.min(2, Math.max(1, rate));
    }
    function emitRange(to) {
      if (segStart !== null && to > segStart) enqueue(url, { type: 'watched', from: round(segStart), to: round(to) });
      sinceSent = 0;
    }
    function emitPosition() {
      enqueue(url, { type: 'position', at: round(video.currentTime || 0) });
    }
    function round(x) {
      return Math.round(x * 1000) / 1000;
    }

    video.addEventListener('loadedmetadata', function () {
      var d = video.duration && isFinite(video.duration) ? video.duration : duration;
      if (resumeAt > 5 && resumeAt < d - 5 && video.currentTime < 1) {
        try {
          video.currentTime = resumeAt;
        } catch (e) {
          /* not seekable yet */
        }
      }
      resumeAt = 0;
    });
    video.addEventListener('playing', function () {
      // After a stall (waiting → playing) the range goes on; otherwise a new one starts here.
      var t = video.currentTime;
      if (segStart !== null && last !== null && t >= last && t - last <= jumpLimit()) return;
      if (last !== null) emitRange(last);
      segStart = t;
      last = t;
    });
    video.addEventListener('timeupdate', function () {
      if (video.paused || video.seeking) return;
      var t = video.currentTime;
      if (segStart === null || last === null) {
        segStart = t;
        last = t;
        return;
      }
      if (t < last || t - last > jumpLimit()) {
        // A jump (seek) that did not go through seeking/seeked: close the range where playing stopped.
        emitRange(last);
        segStart = t;
        last = t;
        flush();
        return;
      }
      sinceSent += t - last;
      last = t;
      if (sinceSent >= SEND_EVERY) {
        emitRange(t);
        segStart = t;
        if (--positionCountdown <= 0) {
          emitPosition();
          positionCountdown = 3;
        }
        flush();
      }
    });
    video.addEventListener('seeking', function () {
      if (last !== null) emitRange(last);
      segStart = null;
      last = null;
    });
    video.addEventListener('seeked', function () {
      if (!video.paused) {
        segStart = video.currentTime;
        last = segStart;
      }
    });
    function stop(atEnd) {
      var t = video.currentTime;
      if (last !== null && t >= last && t - last <= jumpLimit()) emitRange(t);
      else if (last !== null) emitRange(last);
      segStart = null;
      last = null;
      if (atEnd) enqueue(url, { type: 'position', at: 0 });
      else emitPosition();
      flush();
    }
    video.addEventListener('pause', function () {
      if (!video.ended) stop(false);
    });
    video.addEventListener('ended', function () {
      stop(true);
    });

    // Leaving the page (or the tab going to the background): record what was played so far, then beacon.
    leaveHandlers.push(function () {
      if (!video.paused && last !== null) {
        emitRange(last);
        segStart = last;
        emitPosition();
      }
    });
    render(false);
  }

  var leaveHandlers = [];
  function onLeave() {
    for (var i = 0; i < leaveHandlers.length; i++) leaveHandlers[i]();
    beaconAll();
  }
  window.addEventListener('pagehide', onLeave);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') onLeave();
    else flush();
  });
  window.addEventListener('online', function () {
    failures = 0;
    flush();
  });

  function scan() {
    var roots = document.querySelectorAll('[data-lentera-video]');
    for (var i = 0; i < roots.length; i++) setup(roots[i]);
    flush();
  }
  window.lenteraVideo = { scan: scan, flush: flush };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  // Content swapped in by htmx.
  document.addEventListener('htmx:load', scan);
})();
