// Lentera quiz attempt: progressive enhancement of the no-JavaScript attempt pages.
// - Every change is saved at once: PUT /api/v1/attempts/{id}/answers/{questionId} (JSON; the server
//   keeps the newest answer, a resend is harmless). Failed saves wait in localStorage (one entry per
//   question, the newest answer wins) and are retried: on a timer, when the browser is back online,
//   and when any page of the attempt loads.
// - A 409 (deadline passed / attempt closed) means the attempt is over: to the result page.
// - The countdown runs from the server's deadline, corrected by the server's clock at render time
//   (a phone with a wrong clock still counts right). At zero the page form is posted with
//   timeup=1: the server saves it, then finalises the attempt. The server is the authority.
// Page navigation stays a normal form post (the same path with and without JavaScript).
(function () {
  'use strict';
  var PREFIX = 'lentera.quiz.pending.';

  // ------------------------------------------------------------------ countdown
  function startTimer() {
    var box = document.querySelector('[data-quiz-timer]');
    if (!box) return;
    var deadline = Date.parse(box.getAttribute('data-deadline') || '');
    var serverNow = Date.parse(box.getAttribute('data-server-now') || '');
    if (!isFinite(deadline)) return;
    // Server time = local time + skew (network delay ignored: it only makes the count a little early).
    var skew = isFinite(serverNow) ? serverNow - Date.now() : 0;
    var out = box.querySelector('[data-countdown]');
    var live = box.querySelector('[data-timer-live]');
    var leftMsg = box.getAttribute('data-msg-left') || '{time}';
    var minuteMsg = box.getAttribute('data-msg-minute') || '';
    var upMsg = box.getAttribute('data-msg-up') || '';
    var warnedMinute = false;
    var done = false;
    if (out) out.hidden = false;
    function fmt(ms) {
      var s = Math.max(0, Math.ceil(ms / 1000));
      var h = Math.floor(s / 3600);
      var m = Math.floor((s % 3600) / 60);
      var ss = ('0' + (s % 60)).slice(-2);
      return h > 0 ? h + ':' + ('0' + m).slice(-2) + ':' + ss : m + ':' + ss;
    }
    function tick() {
      if (done) return;
      var left = deadline - (Date.now() + skew);
      if (out) out.textContent = leftMsg.replace('{time}', fmt(left));
      if (left <= 60000 && !warnedMinute) {
        warnedMinute = true;
        box.classList.add('urgent');
        if (live) live.textContent = minuteMsg;
      }
      if (left <= 0) {
        done = true;
        if (live) live.textContent = upMsg;
        timeUp();
        return;
      }
      setTimeout(tick, Math.min(1000, Math.max(50, left % 1000 || 1000)));
    }
    tick();
  }

  /** At zero: post the page form (its answers are saved if still in time, then the attempt is finalised); else to the result. */
  function timeUp() {
    var form = document.querySelector('form[data-quiz-attempt]');
    if (form) {
      var flag = form.querySelector('[data-timeup]');
      if (flag) flag.value = '1';
      setTimeout(function () { form.submit(); }, 500);
      return;
    }
    var submit = document.querySelector('form[data-quiz-submit]');
    if (submit) setTimeout(function () { submit.submit(); }, 500);
  }

  // ------------------------------------------------------------------ autosave
  var form = document.querySelector('form[data-quiz-attempt]');
  var attemptId = form ? form.getAttribute('data-quiz-attempt') : (document.querySelector('[data-quiz-submit]') || { getAttribute: function () { return null; } }).getAttribute('data-quiz-submit');
  if (!attemptId) { startTimer(); return; }
  var KEY = PREFIX + attemptId;
  var answerUrl = form ? form.getAttribute('data-answer-url') : '/api/v1/attempts/' + attemptId + '/answers/';
  var resultUrl = form ? form.getAttribute('data-result-url') : '/learn/attempts/' + attemptId + '/result';
  var csrf = form ? form.getAttribute('data-csrf') : '';
  var status = document.querySelector('[data-save-status]');
  var msgs = {
    saving: form ? form.getAttribute('data-msg-saving') : '',
    saved: form ? form.getAttribute('data-msg-saved') : '',
    offline: form ? form.getAttribute('data-msg-offline') : '',
    failed: form ? form.getAttribute('data-msg-failed') : '',
  };
  var memory = {};
  var inFlight = {};
  /** The answer the server has per question (as JSON), so an unchanged answer is not sent again. */
  var known = {};
  var retryTimer = null;
  var failures = 0;
  var leaving = false;
  var seq = 0;

  function load() {
    try {
      var raw = window.localStorage.getItem(KEY);
      var obj = raw ? JSON.parse(raw) : {};
      return obj && typeof obj === 'object' && !Array.isArray(obj) ? obj : {};
    } catch (e) {
      return memory;
    }
  }
  function store(obj) {
    memory = obj;
    try {
      if (Object.keys(obj).length) window.localStorage.setItem(KEY, JSON.stringify(obj));
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* private mode: memory only */ }
  }
  function show(kind) {
    if (!status || !msgs[kind]) return;
    status.textContent = msgs[kind];
    status.setAttribute('data-state', kind);
  }

  /** The answer a question's inputs hold now. */
  function answerOf(fieldset) {
    var type = fieldset.getAttribute('data-question-type');
    if (type === 'short') {
      var input = fieldset.querySelector('input[type=text]');
      return { text: input ? input.value : '' };
    }
    var ids = [];
    var boxes = fieldset.querySelectorAll('input[type=radio],input[type=checkbox]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) ids.push(Number(boxes[i].value));
    return { optionIds: ids };
  }

  function queue(questionId, answer) {
    var pending = load();
    if (!pending[questionId] && !inFlight[questionId] && known[questionId] === JSON.stringify(answer)) return;
    seq++;
    pending[questionId] = { answer: answer, at: Date.now(), seq: Date.now() * 1000 + (seq % 1000) };
    store(pending);
    flush();
  }

  /** The attempt is over (409): to its result, saying why. */
  function finished(code) {
    if (leaving) return;
    leaving = true;
    store({});
    window.location.assign(resultUrl + (code === 'deadline_passed' ? '?notice=deadline' : '?notice=closed'));
  }

  function schedule() {
    if (retryTimer) return;
    var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(failures, 5)));
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, delay);
  }

  /** Sends every pending answer; one request per question at a time, so an older answer never overtakes a newer one. */
  function flush() {
    var pending = load();
    var ids = Object.keys(pending);
    if (!ids.length) {
      if (!Object.keys(inFlight).length) show('saved');
      return;
    }
    show('saving');
    ids.forEach(function (qid) {
      if (inFlight[qid]) return;
      var item = pending[qid];
      inFlight[qid] = true;
      fetch(answerUrl + encodeURIComponent(qid), {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf || '' },
        body: JSON.stringify(item.answer),
      }).then(function (res) {
        delete inFlight[qid];
        if (res.status === 409) {
          res.json().then(function (b) { finished(b && b.error ? b.error.code : null); }, function () { finished(null); });
          return;
        }
        if (res.status >= 500 || res.status === 408 || res.status === 429 || res.status === 0) throw new Error('retry');
        // Saved (2xx), or refused for good (4xx: a wrong shape will not get better): no longer pending,
        // unless a newer answer was given meanwhile.
        var now = load();
        if (res.ok) known[qid] = JSON.stringify(item.answer);
        if (now[qid] && now[qid].seq === item.seq) delete now[qid];
        store(now);
        failures = 0;
        if (!res.ok) show('failed');
        else if (!Object.keys(now).length && !Object.keys(inFlight).length) show('saved');
        if (now[qid]) flush();
      }).catch(function () {
        delete inFlight[qid];
        failures++;
        show('offline');
        schedule();
      });
    });
  }

  if (form) {
    // What the page shows was rendered from the server's answers.
    var sets = form.querySelectorAll('fieldset[data-question-id]');
    for (var i = 0; i < sets.length; i++) known[sets[i].getAttribute('data-question-id')] = JSON.stringify(answerOf(sets[i]));
    var textTimers = {};
    form.addEventListener('change', function (e) {
      var fieldset = e.target && e.target.closest ? e.target.closest('fieldset[data-question-id]') : null;
      if (!fieldset) return;
      var qid = fieldset.getAttribute('data-question-id');
      if (textTimers[qid]) { clearTimeout(textTimers[qid]); delete textTimers[qid]; }
      queue(qid, answerOf(fieldset));
    });
    // Typing: save after a short pause (change fires only when the field loses focus).
    form.addEventListener('input', function (e) {
      var t = e.target;
      if (!t || t.type !== 'text') return;
      var fieldset = t.closest ? t.closest('fieldset[data-question-id]') : null;
      if (!fieldset) return;
      var qid = fieldset.getAttribute('data-question-id');
      if (textTimers[qid]) clearTimeout(textTimers[qid]);
      textTimers[qid] = setTimeout(function () { delete textTimers[qid]; queue(qid, answerOf(fieldset)); }, 800);
    });
    // A form post saves the page's answers itself: what is pending for this page stays queued only until it succeeds.
    form.addEventListener('submit', function () { leaving = true; });
  }
  /** Queues of other attempts left behind for days (finished long ago) are dropped. */
  function sweep() {
    try {
      var old = Date.now() - 3 * 24 * 3600 * 1000;
      for (var k = window.localStorage.length - 1; k >= 0; k--) {
        var name = window.localStorage.key(k);
        if (!name || name.indexOf(PREFIX) !== 0 || name === KEY) continue;
        var q = JSON.parse(window.localStorage.getItem(name) || '{}');
        var stale = true;
        for (var id in q) if (q[id] && q[id].at > old) stale = false;
        if (stale) window.localStorage.removeItem(name);
      }
    } catch (e) { /* nothing to sweep */ }
  }

  window.addEventListener('online', function () { failures = 0; flush(); });
  setInterval(function () { if (Object.keys(load()).length) flush(); }, 15000);

  sweep();
  flush();
  startTimer();
})();
