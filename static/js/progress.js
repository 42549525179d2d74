// Background-job progress: polls data-status-url ({percent, working, text}) every second, moves the bar,
// and reloads the page when the job is over. Without JavaScript the page refreshes itself (<noscript>).
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var bar = box.querySelector(".progress");
  var fill = bar.querySelector("div");
  var text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        fill.style.width = data.percent + "%";
        bar.setAttribute("aria-valuenow", data.percent);
        if (text && data.text) text.textContent = data.text;
        if (data.working) setTimeout(poll, 1000); else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 800);
})();
