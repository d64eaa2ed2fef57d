// Activity form: show only the repeat fields that belong to the chosen repeat and end.
// Without script every field stays visible and the server ignores the ones that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("input[name=repeat]");
  if (!form) { return; }
  form = form.form;
  var NEEDS = {
    repeat_weekdays: ["weekly", "weeks"],
    repeat_interval: ["weeks"],
    repeat_nth: ["monthly_nth"],
    repeat_nth_weekday: ["monthly_nth"],
    repeat_monthday: ["monthly_day"],
    rrule: ["advanced"],
  };
  function wrapper(name) {
    var el = form.querySelector("[name=" + name + "]");
    return el ? el.closest(".field") : null;
  }
  function checked(name) {
    var el = form.querySelector("input[name=" + name + "]:checked");
    return el ? el.value : "";
  }
  function show(name, visible) {
    var w = wrapper(name);
    // A field with an error stays in sight.
    if (w) { w.hidden = !visible && !w.classList.contains("has-error"); }
  }
  function update() {
    var kind = checked("repeat") || "none";
    var end = checked("repeat_end") || "never";
    Object.keys(NEEDS).forEach(function (name) { show(name, NEEDS[name].indexOf(kind) >= 0); });
    var ends = kind !== "none" && kind !== "advanced";
    show("repeat_end", ends);
    show("repeat_until", ends && end === "until");
    show("repeat_count", ends && end === "count");
  }
  form.addEventListener("change", update);
  update();
})();
