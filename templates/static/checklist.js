/* Checklists: ticked boxes are remembered in this browser (localStorage), per school year and task. */
(function () {
  "use strict";
  var list = document.querySelector("[data-checklist]");
  var tools = document.querySelector("[data-tools]");
  if (!list || !tools) { return; }
  var prefix = "guide-pix:" + list.getAttribute("data-checklist") + ":";
  var store = null;
  try {
    window.localStorage.setItem(prefix + "essai", "1");
    window.localStorage.removeItem(prefix + "essai");
    store = window.localStorage;
  } catch (error) {
    store = null; /* private browsing or storage refused: boxes still work, without memory */
  }
  var boxes = Array.prototype.slice.call(list.querySelectorAll("input[data-task]"));

  function count(container) {
    var inside = container.querySelectorAll("input[data-task]");
    var done = 0;
    for (var i = 0; i < inside.length; i += 1) { if (inside[i].checked) { done += 1; } }
    return { done: done, all: inside.length };
  }
  function update() {
    var sections = list.querySelectorAll("section");
    for (var i = 0; i < sections.length; i += 1) {
      var line = sections[i].querySelector("[data-progress]");
      if (line) {
        var period = count(sections[i]);
        line.textContent = period.done + " sur " + period.all + " fait" + (period.done > 1 ? "es" : "e");
        line.hidden = false;
      }
    }
    var year = count(list);
    tools.querySelector("[data-progress-total]").textContent =
      "Année\u00a0: " + year.done + " tâche" + (year.done > 1 ? "s" : "") + " faite" + (year.done > 1 ? "s" : "") + " sur " + year.all;
  }
  boxes.forEach(function (box) {
    var key = prefix + box.getAttribute("data-task");
    if (store && store.getItem(key) === "1") { box.checked = true; }
    box.addEventListener("change", function () {
      if (store) {
        if (box.checked) { store.setItem(key, "1"); } else { store.removeItem(key); }
      }
      update();
    });
  });
  tools.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
  tools.querySelector("[data-reset]").addEventListener("click", function () {
    if (!window.confirm("Décocher toutes les cases de cette liste\u202f?")) { return; }
    boxes.forEach(function (box) {
      box.checked = false;
      if (store) { store.removeItem(prefix + box.getAttribute("data-task")); }
    });
    update();
  });
  tools.hidden = false;
  update();
}());
