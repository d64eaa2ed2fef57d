// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]")) { e.target.form.requestSubmit(); }
});
document.documentElement.classList.add("js");
document.addEventListener("click", function (e) {
  var btn = e.target.closest("[data-print]");
  if (btn) { window.print(); }
});
// Menu groups: one open at a time; Escape closes the open one and puts focus back on its title.
document.addEventListener("toggle", function (e) {
  var d = e.target;
  if (!d.matches || !d.matches(".nav-group") || !d.open) { return; }
  document.querySelectorAll(".nav-group[open]").forEach(function (o) { if (o !== d) { o.open = false; } });
}, true);
document.addEventListener("keydown", function (e) {
  if (e.key !== "Escape") { return; }
  var d = document.activeElement && document.activeElement.closest(".nav-group[open]");
  if (d) { d.open = false; d.querySelector("summary").focus(); }
});
