// An activity's progress form: choosing «выполнено» sets the percent to 100, as the server saves it
// (roadmaps/services/plans.py, file_progress); without JavaScript the field's hint says so.
(function () {
  var status = document.getElementById("id_p-status");
  var percent = document.getElementById("id_p-percent");
  if (!status || !percent) return;
  status.addEventListener("change", function () {
    if (status.value === "done") percent.value = "100";
  });
})();
