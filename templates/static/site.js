/* Guide Pix: « en ce moment », the reader's role, and the offline search. Every page works without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root") || "";
  var data = JSON.parse(document.getElementById("donnees-calendrier").textContent);
  var ROLE_KEY = "guide-pix:role";
  var DAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"];

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }
  function link(path, text) {
    var a = el("a", text);
    a.href = root + path;
    return a;
  }
  function dayNumber(iso) {
    var parts = iso.split("-");
    return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]) / 86400000;
  }
  function today() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86400000;
  }
  function longDate(iso) {
    var date = new Date(dayNumber(iso) * 86400000);
    var day = date.getUTCDate();
    return DAYS[date.getUTCDay()] + " " + (day === 1 ? "1er" : day) + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }
  function inDays(count) {
    if (count === 0) { return "aujourd'hui"; }
    if (count === 1) { return "demain"; }
    return "dans " + count + " jours";
  }
  function storedRole() {
    try { return window.localStorage.getItem(ROLE_KEY) || ""; } catch (error) { return ""; }
  }

  /* --- where we are in the year --- */
  var now = today();
  var current = null;
  var next = null;
  data.periods.forEach(function (period) {
    if (dayNumber(period.start) <= now && now <= dayNumber(period.end)) { current = period; }
    if (!next && dayNumber(period.start) > now) { next = period; }
  });
  var focus = current || next;
  var nextMilestone = null;
  data.milestones.forEach(function (milestone) {
    if (!nextMilestone && dayNumber(milestone.date) >= now) { nextMilestone = milestone; }
  });

  var navList = document.querySelector(".site-nav ul");
  if (navList && focus) {
    var item = el("li", "", "nav-now");
    item.appendChild(document.createTextNode(current ? "En ce moment : " : "À venir : "));
    var here = link(focus.path, focus.title);
    if (location.pathname.slice(-focus.path.length) === focus.path) { here.setAttribute("aria-current", "page"); }
    item.appendChild(here);
    navList.appendChild(item);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-period-start]"), function (entry) {
    if (focus && entry.getAttribute("data-period-start") === focus.start) {
      entry.classList.add(current ? "is-current" : "is-next");
      entry.appendChild(el("span", current ? "en cours" : "à venir", "badge"));
    }
  });

  /* --- the reader's role: chosen once, remembered, put first --- */
  var chosen = storedRole();
  function orderedRoles() {
    var roles = data.roles.slice();
    roles.sort(function (a, b) { return (b.id === chosen) - (a.id === chosen); });
    return roles;
  }
  function applyRole() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-role-order]"), function (container) {
      var blocks = Array.prototype.slice.call(container.querySelectorAll(":scope > [data-role]"));
      blocks.sort(function (a, b) {
        return (b.getAttribute("data-role") === chosen) - (a.getAttribute("data-role") === chosen) ||
          (+a.getAttribute("data-position")) - (+b.getAttribute("data-position"));
      });
      blocks.forEach(function (block) {
        block.classList.toggle("is-mine", block.getAttribute("data-role") === chosen);
        container.appendChild(block);
      });
    });
  }
  var choice = document.querySelector("[data-role-choice]");
  if (choice) {
    choice.value = chosen;
    choice.addEventListener("change", function () {
      chosen = choice.value;
      try {
        if (chosen) { window.localStorage.setItem(ROLE_KEY, chosen); } else { window.localStorage.removeItem(ROLE_KEY); }
      } catch (error) { /* storage refused: the choice lasts for this page only */ }
      applyRole();
      fillNow();
    });
  }

  /* --- « en ce moment » on the home page --- */
  var nowPanel = document.querySelector("[data-now]");
  function fillNow() {
    if (!nowPanel || !data.periods.length || !data.periods[0].tasks) { return; }
    var body = nowPanel.querySelector("[data-now-body]");
    body.textContent = "";
    var intro = el("p", "", "now-intro");
    if (current) {
      var left = dayNumber(current.end) - now;
      intro.appendChild(document.createTextNode("Nous sommes en "));
      intro.appendChild(link(current.path, current.title));
      intro.appendChild(document.createTextNode(", jusqu'au " + longDate(current.end) + " : " +
        (left === 0 ? "c'est le dernier jour." : "encore " + left + " jour" + (left > 1 ? "s" : "") + ".")));
    } else if (next) {
      intro.appendChild(document.createTextNode("Entre deux périodes. Prochaine étape : "));
      intro.appendChild(link(next.path, next.title));
      intro.appendChild(document.createTextNode(", à partir du " + longDate(next.start) + " (" + inDays(dayNumber(next.start) - now) + ")."));
    } else {
      intro.textContent = "Toutes les périodes de l'année sont terminées.";
    }
    body.appendChild(intro);
    if (nextMilestone) {
      body.appendChild(el("p", nextMilestone.title + " " + inDays(dayNumber(nextMilestone.date) - now) +
        " (" + longDate(nextMilestone.date) + ").", "now-milestone"));
    }
    if (focus) {
      orderedRoles().forEach(function (role) {
        var tasks = focus.tasks[role.id] || [];
        var block = el("div", "", "now-role" + (role.id === chosen ? " is-mine" : ""));
        block.appendChild(el("h3", role.name));
        if (!tasks.length) { block.appendChild(el("p", "Rien de particulier.", "empty")); }
        var list = el("ul");
        tasks.forEach(function (task) {
          var item = el("li");
          item.appendChild(task.guide ? link(task.guide, task.text) : document.createTextNode(task.text));
          list.appendChild(item);
        });
        if (tasks.length) { block.appendChild(list); }
        body.appendChild(block);
      });
    }
    nowPanel.hidden = false;
  }

  /* --- search --- */
  var form = document.querySelector("[data-search]");
  var input = document.getElementById("recherche");
  var results = document.getElementById("recherche-resultats");
  var index = null;
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function loadIndex(then) {
    if (index) { then(); return; }
    if (window.GUIDE_PIX_RECHERCHE) { prepare(); then(); return; }
    var tag = document.createElement("script");
    tag.src = script.getAttribute("data-index");
    tag.onload = function () { prepare(); then(); };
    document.head.appendChild(tag);
  }
  function prepare() {
    index = window.GUIDE_PIX_RECHERCHE.map(function (entry) {
      return { entry: entry, title: fold(entry.t), text: fold(entry.x) };
    });
  }
  function snippet(entry, folded, term) {
    var at = folded.indexOf(term);
    if (at < 0) { return null; }
    var start = Math.max(0, at - 50);
    var end = Math.min(entry.x.length, at + term.length + 70);
    var line = el("span", "", "search-snippet");
    line.appendChild(document.createTextNode((start ? "…" : "") + entry.x.slice(start, at)));
    line.appendChild(el("mark", entry.x.slice(at, at + term.length)));
    line.appendChild(document.createTextNode(entry.x.slice(at + term.length, end) + (end < entry.x.length ? "…" : "")));
    return line;
  }
  function search(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) { return []; }
    var phrase = terms.join(" ");
    var found = [];
    index.forEach(function (item, position) {
      var all = item.title + " " + item.text;
      if (!terms.every(function (term) { return all.indexOf(term) >= 0; })) { return; }
      var score = 0;
      if (item.title.indexOf(phrase) >= 0) { score += 100; }
      if (terms.every(function (term) { return item.title.indexOf(term) >= 0; })) { score += 50; }
      if (item.entry.k === "Guide" && item.entry.t.indexOf(" › ") < 0) { score += 30; }
      if (item.text.indexOf(phrase) >= 0) { score += 10; }
      found.push({ item: item, score: score, position: position });
    });
    found.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return found.slice(0, 12);
  }
  function show(query) {
    var list = results.querySelector("ul");
    var status = results.querySelector("[role=status]");
    list.textContent = "";
    if (!query.trim()) { results.hidden = true; return; }
    var found = search(query);
    status.textContent = found.length ? found.length + " résultat" + (found.length > 1 ? "s" : "") : "Aucun résultat pour « " + query + " ».";
    var firstTerm = fold(query).split(/\s+/).filter(Boolean).join(" ");
    found.forEach(function (hit) {
      var entry = hit.item.entry;
      var item = el("li");
      var a = link(entry.u, entry.t);
      a.className = "search-hit";
      item.appendChild(a);
      item.appendChild(el("span", entry.k, "search-kind"));
      var text = snippet(entry, hit.item.text, firstTerm) || snippet(entry, hit.item.text, firstTerm.split(" ")[0]);
      if (text) { item.appendChild(text); }
      list.appendChild(item);
    });
    results.hidden = false;
  }
  if (form && input) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = results.querySelector(".search-hit");
      if (first) { first.click(); }
    });
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("input", function () { loadIndex(function () { show(input.value); }); });
    results.addEventListener("keydown", function (event) {
      var hits = Array.prototype.slice.call(results.querySelectorAll(".search-hit"));
      var at = hits.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < hits.length - 1) { hits[at + 1].focus(); event.preventDefault(); }
      if (event.key === "ArrowUp") { (at > 0 ? hits[at - 1] : input).focus(); event.preventDefault(); }
      if (event.key === "Escape") { results.hidden = true; input.focus(); }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = results.querySelector(".search-hit");
        if (first) { first.focus(); event.preventDefault(); }
      }
      if (event.key === "Escape") { input.value = ""; show(""); }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-needs-js]"), function (node) { node.hidden = false; });
  applyRole();
  fillNow();
}());
