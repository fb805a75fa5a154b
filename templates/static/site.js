/* Guide Pix: « en ce moment », the reader's role, and the offline search. Every page works without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root") || "";
  /* the dates of the year: the home page's own copy (with every task), or calendrier.js, loaded just before */
  var own = document.getElementById("donnees-calendrier");
  var data = (own ? JSON.parse(own.textContent) : window.GUIDE_PIX_CALENDRIER) ||
    { roles: [], periods: [], milestones: [], holidays: [] };
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
    item.appendChild(document.createTextNode(current ? "En ce moment\u00a0: " : "À venir\u00a0: "));
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
    var holiday = null;
    (data.holidays || []).forEach(function (h) {
      if (dayNumber(h.start) <= now && now <= dayNumber(h.end)) { holiday = h; }
    });
    function thisYear() {
      var date = new Date(now * 86400000);
      var start = date.getUTCFullYear() - (date.getUTCMonth() < 7 ? 1 : 0);
      return now > yearEnd ? start + "-" + (start + 1) : data.next_year;
    }
    var lastDay = dayNumber(data.periods[data.periods.length - 1].end);
    var yearEnd = dayNumber(data.year.slice(5) + "-07-31");
    if (now > yearEnd || (!current && !next && now > lastDay)) {
      intro.textContent = "L'année " + data.year + " est terminée\u00a0: ce guide n'est plus à jour, et celui de l'année " +
        "suivante n'est pas encore publié.";
      body.appendChild(intro);
      body.appendChild(el("p", "À faire par la personne qui tient ce guide\u00a0: pour préparer l'année " + thisYear() +
        ", lancer «\u00a0python build.py nouvelle-annee " + thisYear() + "\u00a0» (voir le README), puis reconstruire le site.",
        "now-admin"));
      nowPanel.hidden = false;
      return;
    }
    if (holiday) {
      body.appendChild(el("p", (holiday.name.indexOf("vacances") === 0 ? "Ce sont les " : "C'est le ") + holiday.name +
        ", jusqu'au " + longDate(holiday.end) + " inclus.", "now-holiday"));
    }
    var beforeRentree = !holiday && data.rentree && now < dayNumber(data.rentree);
    if (beforeRentree) {
      body.appendChild(el("p", "L'année " + data.year + " n'a pas encore commencé pour les élèves\u00a0: rentrée le " +
        longDate(data.rentree) + ".", "now-holiday"));
    }
    if (current) {
      var left = dayNumber(current.end) - now;
      intro.appendChild(document.createTextNode("Nous sommes en "));
      intro.appendChild(link(current.path, current.title));
      intro.appendChild(document.createTextNode(", jusqu'au " + longDate(current.end) + "\u00a0: " +
        (left === 0 ? "c'est le dernier jour." : "encore " + left + " jour" + (left > 1 ? "s" : "") + ".")));
    } else if (next) {
      intro.appendChild(document.createTextNode(now >= dayNumber(data.periods[0].start) ?
        "Entre deux périodes. Prochaine étape\u00a0: " : (beforeRentree ? "" : "L'année n'a pas encore commencé. ") +
        "Première étape\u00a0: "));
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

  /* --- today on the year strip --- */
  var strip = document.querySelector("[data-strip-first]");
  if (strip) {
    var offset = now - dayNumber(strip.getAttribute("data-strip-first"));
    var span = +strip.getAttribute("data-strip-days");
    var mark = strip.querySelector("[data-strip-today]");
    if (mark && offset >= 0 && offset < span) {
      mark.setAttribute("x", String(1000 * offset / span));
      mark.setAttribute("visibility", "visible");
    }
  }

  /* --- search --- */
  var form = document.querySelector("[data-search]");
  var input = document.getElementById("recherche");
  var results = document.getElementById("recherche-resultats");
  var index = null;
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function loadScript(path, then) {
    var tag = document.createElement("script");
    tag.src = path;
    tag.onload = tag.onerror = then; /* a part that cannot be read leaves the others searchable */
    document.head.appendChild(tag);
  }
  /* The index is a main file (periods, tasks, and the list of its parts) and the guides' entries in parts,
     each loaded once, in any order, then put back in their order. */
  function loadIndex(then) {
    if (index) { then(); return; }
    loadScript(script.getAttribute("data-index"), function () {
      var main = window.GUIDE_PIX_RECHERCHE || { parties: [], entrees: [] };
      var waiting = main.parties.length;
      if (!waiting) { prepare(main); then(); return; }
      main.parties.forEach(function (path) {
        loadScript(root + path, function () {
          waiting -= 1;
          if (!waiting) { prepare(main); then(); }
        });
      });
    });
  }
  function prepare(main) {
    var parts = window.GUIDE_PIX_RECHERCHE_PARTIES || {};
    var entries = [];
    main.parties.forEach(function (path, position) {
      Array.prototype.push.apply(entries, parts[position + 1] || []);
    });
    index = entries.concat(main.entrees).map(function (entry) {
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
    return found;
  }
  /* Every hit is counted; they are grouped by page (a guide and its sections, a period and its tasks), the
     best page first, a few hits of each page shown, and a few pages: buttons show the rest. */
  var HITS_PER_PAGE = 3, PAGES_AT_ONCE = 8;
  function byPage(found) {
    var pages = [], at = {};
    found.forEach(function (hit) {
      var key = hit.item.entry.u.split("#")[0];
      if (!(key in at)) { at[key] = pages.length; pages.push([]); }
      pages[at[key]].push(hit);
    });
    return pages;
  }
  function hitItem(hit, terms) {
    var entry = hit.item.entry;
    var item = el("li", "", "search-item");
    var a = link(entry.u, entry.t);
    a.className = "search-hit";
    item.appendChild(a);
    item.appendChild(el("span", entry.k, "search-kind"));
    var text = snippet(entry, hit.item.text, terms) || snippet(entry, hit.item.text, terms.split(" ")[0]);
    if (text) { item.appendChild(text); }
    return item;
  }
  function moreButton(label, reveal) {
    var item = el("li", "", "search-more");
    var button = el("button", label);
    button.type = "button";
    button.addEventListener("click", function () {
      var first = reveal();
      item.remove();
      if (first) { first.querySelector(".search-hit").focus(); }
    });
    item.appendChild(button);
    return item;
  }
  function show(query) {
    var list = results.querySelector("ul");
    var status = results.querySelector("[role=status]");
    list.textContent = "";
    if (!query.trim()) { results.hidden = true; return; }
    var found = search(query);
    var pages = byPage(found);
    status.textContent = !found.length ? "Aucun résultat pour «\u00a0" + query + "\u00a0»." :
      found.length + " résultat" + (found.length > 1 ? "s" : "") +
      (pages.length > 1 ? " dans " + pages.length + " pages" : "");
    var terms = fold(query).split(/\s+/).filter(Boolean).join(" ");
    function showPages(from) {
      var firstShown = null;
      pages.slice(from, from + PAGES_AT_ONCE).forEach(function (hits) {
        var items = hits.map(function (hit) { return hitItem(hit, terms); });
        items.slice(0, HITS_PER_PAGE).forEach(function (item) { list.appendChild(item); });
        firstShown = firstShown || items[0];
        if (items.length > HITS_PER_PAGE) {
          var rest = items.slice(HITS_PER_PAGE);
          var title = hits[0].item.entry.t.split(" › ")[0];
          var more = moreButton("Voir " + rest.length + " autre" + (rest.length > 1 ? "s" : "") + " résultat" +
            (rest.length > 1 ? "s" : "") + " dans «\u00a0" + title + "\u00a0»", function () {
              rest.forEach(function (item) { list.insertBefore(item, more); });
              return rest[0];
            });
          list.appendChild(more);
        }
      });
      var left = pages.length - from - PAGES_AT_ONCE;
      if (left > 0) {
        list.appendChild(moreButton("Voir plus de résultats (" + left + " autre" + (left > 1 ? "s" : "") + " page" +
          (left > 1 ? "s" : "") + ")", function () { return showPages(from + PAGES_AT_ONCE); }));
      }
      return firstShown;
    }
    showPages(0);
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
      var hits = Array.prototype.slice.call(results.querySelectorAll(".search-hit, .search-more button"));
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

  /* --- the Agenda page: the one way to subscribe that works on this device, in front; the address copied --- */
  function device() {
    var agent = navigator.userAgent || "";
    if (/Android/i.test(agent)) { return "android"; }
    if (/iPhone|iPad|iPod|Macintosh/.test(agent)) { return "apple"; }
    if (/Windows/.test(agent)) { return "windows"; }
    return "";
  }
  var mine = device();
  Array.prototype.forEach.call(document.querySelectorAll("[data-best-action]"), function (place) {
    var feed = place.parentNode;
    var best = mine && Array.prototype.filter.call(feed.querySelectorAll("[data-for]"), function (a) {
      return a.getAttribute("data-for").split(" ").indexOf(mine) >= 0;
    })[0];
    if (!best) { return; }
    var action = best.cloneNode(true);
    action.removeAttribute("data-for");
    action.className = "button-link";
    place.appendChild(action);
    place.hidden = false;
    if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
      feed.querySelector("[data-other-ways]").open = false;  /* a phone: the one action, the rest folded */
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var said = button.parentNode.parentNode.querySelector(".copy-done");  /* the status beside the field's row */
    button.addEventListener("click", function () {
      function done() { said.textContent = "Adresse copiée."; }
      field.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          said.textContent = document.execCommand("copy") ? "Adresse copiée." : "Copiez l'adresse sélectionnée (Ctrl+C).";
        });
      } else {
        said.textContent = document.execCommand("copy") ? "Adresse copiée." : "Copiez l'adresse sélectionnée (Ctrl+C).";
      }
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-needs-js]"), function (node) { node.hidden = false; });
  applyRole();
  fillNow();
}());
