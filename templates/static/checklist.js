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
        line.textContent = period.done + " faite" + (period.done > 1 ? "s" : "") + " sur " +
          period.all;
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
  /* Where the year is: the period under way marked « en cours » (between two, the next one
     « à venir »), a link to it above the list, and on screen the finished periods folded to their
     heading and count (printed whole). */
  function dayNumber(iso) {
    var parts = iso.split("-");
    return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]) / 86400000;
  }
  function today() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86400000;
  }
  function element(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    return node;
  }
  function fold(section) {
    var tasks = section.querySelector(".checklist");
    section.querySelector("h2").appendChild(element("span", "terminée", "badge badge-done"));
    if (!tasks) { return; }
    var count = tasks.querySelectorAll("li").length;
    var show = count > 1 ? "Voir les " + count + " tâches" : "Voir la tâche";
    var button = element("button", show, "fold-toggle no-print");
    button.type = "button";
    tasks.id = "taches-" + section.getAttribute("aria-labelledby");
    button.setAttribute("aria-controls", tasks.id);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var folded = section.classList.toggle("is-folded");
      button.setAttribute("aria-expanded", String(!folded));
      button.textContent = folded ? show : "Masquer " + (count > 1 ? "les tâches" : "la tâche");
    });
    section.classList.add("is-folded");
    tasks.parentNode.insertBefore(button, tasks);
  }
  function showWhereTheYearIs() {
    var now = today(), current = null, next = null, finished = [];
    Array.prototype.forEach.call(list.querySelectorAll("section[data-from]"), function (section) {
      if (dayNumber(section.getAttribute("data-to")) < now) { finished.push(section); }
      else if (dayNumber(section.getAttribute("data-from")) <= now) { current = section; }
      else if (!next) { next = section; }
    });
    var focus = current || next;
    if (!focus) { return; }  /* the year is over, or its dates unknown: every period stays open */
    finished.forEach(fold);
    var heading = focus.querySelector("h2");
    focus.classList.add(current ? "is-current" : "is-next");
    heading.appendChild(element("span", current ? "en cours" : "à venir", "badge"));
    var jump = element("p", "", "jump no-print");
    var link = element("a", current ? "Aller à la période en cours" :
      "Aller à la prochaine période");
    link.href = "#" + heading.id;
    jump.appendChild(link);
    jump.appendChild(document.createTextNode(" (" + heading.querySelector("a").textContent + ")"));
    tools.parentNode.insertBefore(jump, tools);
  }
  showWhereTheYearIs();
  tools.hidden = false;
  update();
}());
