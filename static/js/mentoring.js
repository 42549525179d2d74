// «Внести мероприятие»: show the teachers of the schools ticked above; «был» ticks «участник» too.
(function () {
  var form = document.getElementById("event-form");
  if (!form) return;
  function sync() {
    var chosen = {};
    form.querySelectorAll("input[name=target_schools]:checked").forEach(function (box) { chosen[box.value] = true; });
    var any = false;
    form.querySelectorAll("fieldset.participants").forEach(function (group) {
      var show = !!chosen[group.dataset.school];
      group.hidden = !show;
      any = any || show;
    });
    // the hint says what is true of the screen: no school ticked, or ticked schools without teachers
    var hint = document.getElementById("no-school-hint");
    if (hint) {
      hint.hidden = any;
      hint.textContent = Object.keys(chosen).length ? hint.dataset.empty : hint.dataset.none;
    }
  }
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name === "target_schools") sync();
    if (box.name === "attended" && box.checked) {
      var row = box.closest("tr");
      var participant = row && row.querySelector("input[name=participant]");
      if (participant) participant.checked = true;
    }
  });
  sync();
})();
