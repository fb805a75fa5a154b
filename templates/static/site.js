/* Guide Pix: « en ce moment », the reader's role, and the offline search. Every page works without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root") || "";
  /* the dates of the year: the home page's own copy (with every task), or calendrier.js, loaded just before */
  var own = document.getElementById("donnees-calendrier");
  var data = (own ? JSON.parse(own.textContent) : window.GUIDE_PIX_CALENDRIER) ||
    { roles: [], periods: [], milestones: [], holidays: [] };
  /* the year before, when the next one was prepared early (in December, say): it is still the year of today's
     date until its 31 July, and « en ce moment » speaks of it */
  if (data.previous && today() <= dayNumber(data.previous.year.slice(5) + "-07-31")) { data = data.previous; }
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
  /* school days from today to the last day, both included: weekdays from the rentrée on, outside holidays and
     jours fériés */
  function schoolDaysUntil(last) {
    var off = {};
    (data.public_holidays || []).forEach(function (day) { off[dayNumber(day)] = true; });
    var first = Math.max(now, data.rentree ? dayNumber(data.rentree) : now);
    var count = 0;
    for (var day = first; day <= last; day++) {
      var weekday = new Date(day * 86400000).getUTCDay();
      var holiday = (data.holidays || []).some(function (h) { return dayNumber(h.start) <= day && day <= dayNumber(h.end); });
      if (weekday !== 0 && weekday !== 6 && !holiday && !off[day]) { count++; }
    }
    return count;
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

  Array.prototype.forEach.call(document.querySelectorAll("[data-running-until]"), function (heading) {
    if (now <= dayNumber(heading.getAttribute("data-running-until"))) { heading.appendChild(el("span", "en cours", "badge")); }
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
        ", lancer «\u00a0python3 build.py nouvelle-annee " + thisYear() + "\u00a0» (voir le README), puis reconstruire le site.",
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
      var left = schoolDaysUntil(dayNumber(current.end));
      var counted = schoolDaysUntil(now) === 1 ? ", aujourd'hui compris" : "";
      intro.appendChild(document.createTextNode("Nous sommes en "));
      intro.appendChild(link(current.path, current.title));
      intro.appendChild(document.createTextNode(", jusqu'au " + longDate(current.end) +
        (now === dayNumber(current.end) ? "\u00a0: c'est le dernier jour." :
          left === 0 ? "." : "\u00a0: encore " + left + " jour" + (left > 1 ? "s" : "") + " de classe" + counted + ".")));
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
    /* the next milestone for the chosen role (one for some roles only is left out for the others) */
    var nextMilestone = null;
    data.milestones.forEach(function (milestone) {
      var roles = milestone.roles || [];
      if (!nextMilestone && dayNumber(milestone.date) >= now && (!chosen || !roles.length || roles.indexOf(chosen) >= 0)) {
        nextMilestone = milestone;
      }
    });
    if (nextMilestone) {
      var whose = (nextMilestone.roles || []).length && !chosen ? data.roles.filter(function (role) {
        return nextMilestone.roles.indexOf(role.id) >= 0;
      }).map(function (role) { return role.name; }).join(", ") + " : " : "";
      body.appendChild(el("p", whose + nextMilestone.title + " " + inDays(dayNumber(nextMilestone.date) - now) +
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
    vocabulary = null;
    index = entries.concat(main.entrees).map(function (entry) {
      return { entry: entry, title: fold(entry.t), text: fold(entry.x) };
    });
  }
  /* Ranking: a term found as a whole word beats one found at a word's start, which beats one
     found inside a word (« lancer » in « relancer »); a title beats body text; little words
     (« une », « des ») count little and need not be found; then the reader's role. A term of
     5 letters or more that begins no word of the index is read with one typo (a letter missed,
     added, changed, or two swapped); a number never is. */
  var vocabulary = null;  /* every word of the index, gathered at the first typo */
  var WORD = 4, START = 3, NEAR = 3, INSIDE = 1, IN_TITLE = 3;
  var LITTLE = ("a au aux avec ce ces d dans de des du en et l la le les leur leurs ma mes mon " +
    "ou par pour qu que qui sa se ses son sur un une").split(" ");
  /* letters and digits of folded text (lower case, accents gone): not spaces nor punctuation */
  var LETTERS = "a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2c00-\ud7ff";
  var A_LETTER = new RegExp("[" + LETTERS + "]"), NOT_LETTERS = new RegExp("[^" + LETTERS + "]+");
  function words(folded) { return folded.split(NOT_LETTERS).filter(Boolean); }
  function isLetter(character) { return !!character && A_LETTER.test(character); }
  /* where `term` is best found in `folded` ({ at, length, quality }), or null; `near`: the words
     it may be a typo of */
  function bestMatch(folded, term, near) {
    var best = null;
    for (var at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1)) {
      var quality = isLetter(folded[at - 1]) ? INSIDE :
        isLetter(folded[at + term.length]) ? START : WORD;
      if (!best || quality > best.quality) {
        best = { at: at, length: term.length, quality: quality };
      }
      if (quality === WORD) { return best; }
    }
    for (var i = 0; !best && i < near.length; i += 1) {
      for (at = folded.indexOf(near[i]); at >= 0; at = folded.indexOf(near[i], at + 1)) {
        if (!isLetter(folded[at - 1]) && !isLetter(folded[at + near[i].length])) {
          return { at: at, length: near[i].length, quality: NEAR, typo: true };
        }
      }
    }
    return best;
  }
  /* one edit apart: a letter missed, added or changed, or two neighbours swapped */
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) { return false; }
    var i = 0;
    while (i < a.length && a[i] === b[i]) { i += 1; }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  /* the index's words that `term` may be a typo of: words that it, or their start, is one edit
     away from */
  function nearWords(term) {
    if (!vocabulary) {
      vocabulary = {};
      index.forEach(function (item) {
        words(item.title + " " + item.text).forEach(function (word) { vocabulary[word] = true; });
      });
    }
    return Object.keys(vocabulary).filter(function (word) {
      for (var length = term.length - 1; length <= term.length + 1; length += 1) {
        if (word.length >= length && oneEditApart(term, word.slice(0, length))) { return true; }
      }
      return false;
    });
  }
  function queryTerms(query) {
    var all = words(fold(query));
    var strong = all.filter(function (term) { return LITTLE.indexOf(term) < 0; });
    return all.map(function (term) {
      var little = strong.length > 0 && LITTLE.indexOf(term) >= 0;
      return { text: term, weight: little ? 0.2 : 1, needed: !little, near: [],
               mayBeTypo: !little && term.length >= 5 && !/[0-9]/.test(term), startsAWord: false };
    });
  }
  function phraseOf(terms) {
    return terms.map(function (term) { return term.text; }).join(" ");
  }
  function startsAWord(folded, phrase) {
    for (var at = folded.indexOf(phrase); at >= 0; at = folded.indexOf(phrase, at + 1)) {
      if (!isLetter(folded[at - 1])) { return true; }
    }
    return false;
  }
  /* the hits, best first; a term that begins no word of the index is then read as a typo, and
     searched again */
  function search(terms) {
    var found = ranked(terms);
    var typos = terms.filter(function (term) { return term.mayBeTypo && !term.startsAWord; });
    typos.forEach(function (term) { term.near = nearWords(term.text); });
    return typos.some(function (term) { return term.near.length; }) ? ranked(terms) : found;
  }
  function ranked(terms) {
    if (!terms.length) { return []; }
    var phrase = phraseOf(terms);
    var found = [];
    index.forEach(function (item, position) {
      var score = 0, matched = true;
      terms.forEach(function (term) {
        var title = bestMatch(item.title, term.text, term.near);
        var text = bestMatch(item.text, term.text, term.near);
        score += term.weight *
          Math.max(title ? IN_TITLE * title.quality : 0, text ? text.quality : 0);
        term.startsAWord = term.startsAWord || [title, text].some(function (match) {
          return match && match.quality >= START && !match.typo;
        });
        matched = matched && (!term.needed || !!(title || text));
      });
      if (!matched) { return; }
      if (terms.length > 1 && startsAWord(item.title, phrase)) { score += 6; }
      else if (terms.length > 1 && startsAWord(item.text, phrase)) { score += 2; }
      if (item.entry.k === "Guide" && item.entry.t.indexOf(" › ") < 0) { score += 2; }
      if (chosen && (item.entry.r || []).indexOf(chosen) >= 0) { score += 5; }
      found.push({ item: item, score: score, position: position });
    });
    found.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return found;
  }
  /* a line of the entry's text around the query: the whole phrase, else the first term in it */
  function snippet(item, terms) {
    var entry = item.entry;
    var match = bestMatch(item.text, phraseOf(terms), []);
    if (match && match.quality === INSIDE) { match = null; }
    terms.forEach(function (term) {
      if (!match && term.needed) { match = bestMatch(item.text, term.text, term.near); }
    });
    if (!match) { return null; }
    var at = match.at, after = match.at + match.length;
    var start = Math.max(0, at - 50);
    var end = Math.min(entry.x.length, after + 70);
    var line = el("span", "", "search-snippet");
    line.appendChild(document.createTextNode((start ? "…" : "") + entry.x.slice(start, at)));
    line.appendChild(el("mark", entry.x.slice(at, after)));
    line.appendChild(document.createTextNode(entry.x.slice(after, end) +
      (end < entry.x.length ? "…" : "")));
    return line;
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
    var text = snippet(hit.item, terms);
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
    var terms = queryTerms(query);
    var found = search(terms);
    var pages = byPage(found);
    status.textContent = !found.length ? "Aucun résultat pour «\u00a0" + query + "\u00a0»." :
      found.length + " résultat" + (found.length > 1 ? "s" : "") +
      (pages.length > 1 ? " dans " + pages.length + " pages" : "");
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
