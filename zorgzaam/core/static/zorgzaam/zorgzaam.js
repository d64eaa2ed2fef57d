// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]")) { e.target.form.requestSubmit(); }
});
document.documentElement.classList.add("js");
document.addEventListener("click", function (e) {
  var btn = e.target.closest("[data-print]");
  if (btn) { window.print(); }
});
