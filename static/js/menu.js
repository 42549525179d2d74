// The menu's «Ещё» (a <details>): Escape or a click elsewhere closes it, as a menu does; it opens without this script.
(function () {
  var more = document.querySelector(".nav-more");
  if (!more) return;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && more.open) {
      more.open = false;
      more.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (more.open && !more.contains(event.target)) more.open = false;
  });
})();
