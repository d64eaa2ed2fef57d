// Person picker (people/picker.py): choosing from the htmx results. Works without this file too:
// the typed text is then submitted and the server resolves it.
(function () {
  if (window.zorgzaamPicker) { return; }
  window.zorgzaamPicker = true;

  function chip(picker, id, label, url) {
    var li = document.createElement("li");
    li.className = "chip";
    var input = document.createElement("input");
    input.type = "hidden"; input.name = picker.dataset.name; input.value = id;
    var a = document.createElement("a");
    a.href = url; a.textContent = label;
    var remove = document.createElement("button");
    remove.type = "button"; remove.className = "chip-remove"; remove.textContent = "×";
    remove.setAttribute("data-picker-remove", "");
    remove.setAttribute("aria-label", (picker.dataset.removeLabel || "×") + " " + label);
    li.append(input, a, " ", remove);
    return li;
  }

  function close(picker) {
    var box = picker.querySelector("input[role=combobox]");
    picker.querySelector(".picker-results").replaceChildren();
    box.setAttribute("aria-expanded", "false");
  }

  document.addEventListener("click", function (e) {
    var option = e.target.closest("[data-pick-id]");
    var picker = e.target.closest("[data-person-picker]");
    if (!picker) { return; }
    if (e.target.closest("[data-picker-remove]")) {
      e.target.closest("li").remove();
      picker.querySelector("input[role=combobox]").focus();
      return;
    }
    if (!option) { return; }
    var list = picker.querySelector(".picker-chosen");
    var box = picker.querySelector("input[role=combobox]");
    if (!picker.hasAttribute("data-multiple")) { list.replaceChildren(); }
    if (!list.querySelector("input[value='" + option.dataset.pickId + "']")) {
      list.append(chip(picker, option.dataset.pickId, option.dataset.pickLabel, option.dataset.pickUrl));
    }
    box.value = "";
    close(picker);
    box.focus();
  });

  document.addEventListener("keydown", function (e) {
    var picker = e.target.closest && e.target.closest("[data-person-picker]");
    if (!picker) { return; }
    var options = Array.prototype.slice.call(picker.querySelectorAll("[data-pick-id]"));
    var box = picker.querySelector("input[role=combobox]");
    var at = options.indexOf(e.target);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!options.length) { return; }
      e.preventDefault();
      var next = e.key === "ArrowDown" ? Math.min(at + 1, options.length - 1) : at - 1;
      if (next < 0) { box.focus(); } else { options[next].focus(); }
    } else if (e.key === "Escape") {
      close(picker);
      box.focus();
    } else if (e.key === "Enter" && e.target === box) {
      // Enter in the search box searches instead of submitting the form half-filled.
      e.preventDefault();
      if (options.length === 1) { options[0].click(); }
    }
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    var picker = e.target.closest && e.target.closest("[data-person-picker]");
    if (!picker) { return; }
    var found = picker.querySelectorAll("[data-pick-id]").length > 0;
    picker.querySelector("input[role=combobox]").setAttribute("aria-expanded", found ? "true" : "false");
  });
})();
