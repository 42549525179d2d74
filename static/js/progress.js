// Background-job progress (docs/jobs.md): polls data-status-url ({state, state_label, percent, working, text, error,
// stale, …}) every second, moves the bar, and reloads the page when the job is over or its heartbeat stops (the page
// then offers to start it again). Without JavaScript the page refreshes itself (<noscript> in the include).
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var bar = box.querySelector(".progress");
  var fill = bar.querySelector("div");
  var text = box.querySelector("[data-progress-text]");
  var staleShown = box.dataset.stale === "1";
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        fill.style.width = data.percent + "%";
        bar.setAttribute("aria-valuenow", data.percent);
        if (text && data.text) text.textContent = data.text;
        if (!data.working || (data.stale && !staleShown)) window.location.reload();
        else setTimeout(poll, data.stale ? 10000 : 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 800);
})();
