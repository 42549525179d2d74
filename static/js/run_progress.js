// Polls a run's status and reloads the page when the computation is over.
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var bar = box.querySelector(".progress > div");
  var text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.style.width = data.progress + "%";
        text.textContent = data.progress + " %";
        if (data.state === "done" || data.state === "failed" || data.state === "approved") {
          window.location.reload();
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
