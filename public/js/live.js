// The countdown of a live session page (progressive enhancement; plain ES2017, no build).
// The server renders "Dimulai dalam 2 jam 5 menit"; this ticks it every 20 s from the server's
// time (data-now, corrected by the time since the page loaded, so a wrong phone clock does not
// matter), and says "Sedang berlangsung" once the start is reached.
(function () {
  'use strict';
  var loaded = Date.now();
  function unit(el, n, one, many) {
    return (n === 1 ? el.getAttribute(one) : el.getAttribute(many)).replace('{n}', String(n));
  }
  function text(el, ms) {
    var total = Math.max(1, Math.ceil(ms / 60000));
    var days = Math.floor(total / 1440);
    var hours = Math.floor((total % 1440) / 60);
    var minutes = total % 60;
    var parts = [];
    if (days) parts.push(unit(el, days, 'data-unit-day', 'data-unit-days'));
    if (hours) parts.push(unit(el, hours, 'data-unit-hour', 'data-unit-hours'));
    if (minutes && days === 0) parts.push(unit(el, minutes, 'data-unit-minute', 'data-unit-minutes'));
    return el.getAttribute('data-msg').replace('{time}', parts.join(' '));
  }
  function tick() {
    var els = document.querySelectorAll('[data-live-countdown]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var start = Date.parse(el.getAttribute('data-start'));
      var now = Date.parse(el.getAttribute('data-now')) + (Date.now() - loaded);
      if (isNaN(start) || isNaN(now)) continue;
      el.textContent = start - now <= 0 ? el.getAttribute('data-msg-live') : text(el, start - now);
    }
  }
  tick();
  setInterval(tick, 20000);
})();
