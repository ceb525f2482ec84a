/* Marks what depends on the moment the page is read, so the HTML can depend on the commit alone.
 *
 * - [data-date="YYYY-MM-DD"] (a day cell, a day of a week): class "today", aria-current="date"
 *   and its hidden .todaytag shown when it is today in the brand's time zone (<body data-tz>);
 *   class "past" when it is before today.
 * - [data-at="ISO instant"] (a post): class "past" once that instant has gone by; a hidden
 *   .pasttag inside it is shown.
 * - ol[data-upcoming="N"]: its items already out are hidden, the first N others shown.
 * - a[data-this-month]: points at the month of today when the site has a page for it.
 * - .band[data-until][data-title] (a lead-up band): labelled with the days left to its seasonal
 *   date, from <body>'s data-in-days / data-in-one-day / data-on-the-day sentences (the brand's
 *   language: the page carries its translations, the script none).
 * - form[data-filters]: shown, and each of its selects hides the posts ([data-channels],
 *   [data-status], [data-pillar], [data-campaign]) that do not match; the choice is kept in the
 *   page's address (?channel=instagram), so it survives a reload and can be shared.
 *
 * It reads nothing from the network and writes nothing: without it, the page shows the
 * calendar as of the commit, unmarked.
 */
(function () {
  "use strict";

  function todayIn(zone, now) {
    try {
      var parts = new Intl.DateTimeFormat("en-CA", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
      }).formatToParts(now);
      var pick = {};
      parts.forEach(function (p) { pick[p.type] = p.value; });
      return pick.year + "-" + pick.month + "-" + pick.day;
    } catch (e) {
      // An unknown zone: the reader's own day is the best guess left.
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
  }

  function mark() {
    var now = new Date();
    var today = todayIn(document.body.getAttribute("data-tz") || "UTC", now);

    document.querySelectorAll("[data-date]").forEach(function (el) {
      var day = el.getAttribute("data-date");
      el.classList.toggle("past", day < today);
      var isToday = day === today;
      el.classList.toggle("today", isToday);
      if (isToday) {
        el.setAttribute("aria-current", "date");
      } else {
        el.removeAttribute("aria-current");
      }
      var tag = el.querySelector(".todaytag");
      if (tag) { tag.hidden = !isToday; }
    });

    document.querySelectorAll("[data-at]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-at"));
      var past = !isNaN(at) && at <= now.getTime();
      el.classList.toggle("past", past);
      var tag = el.querySelector(".pasttag");
      if (tag) { tag.hidden = !past; }
    });

    document.querySelectorAll("ol[data-upcoming]").forEach(function (list) {
      var room = parseInt(list.getAttribute("data-upcoming"), 10) || 5;
      var shown = 0;
      list.querySelectorAll("li[data-at]").forEach(function (item) {
        var visible = !item.classList.contains("past") && shown < room;
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      var empty = list.parentNode.querySelector("[data-upcoming-empty]");
      if (empty) { empty.hidden = shown > 0; }
    });

    var month = today.slice(0, 7);
    document.querySelectorAll("a[data-this-month]").forEach(function (a) {
      var built = a.getAttribute("data-this-month");
      if (month >= a.getAttribute("data-first") && month <= a.getAttribute("data-last")) {
        a.setAttribute("href", a.getAttribute("href").replace(built + ".html", month + ".html"));
      }
    });
  }

  function daysBetween(from, to) {
    // Both are YYYY-MM-DD: counted at noon UTC, so no daylight-saving change shifts the count.
    var a = Date.parse(from + "T12:00:00Z"), b = Date.parse(to + "T12:00:00Z");
    return Math.round((b - a) / 86400000);
  }

  function countdown(today) {
    var body = document.body;
    document.querySelectorAll(".band[data-until][data-title]").forEach(function (band) {
      var left = daysBetween(today, band.getAttribute("data-until"));
      if (left < 0 || isNaN(left)) { return; }  // gone by: the band keeps its written label
      var sentence = left === 0 ? body.getAttribute("data-on-the-day")
        : left === 1 ? body.getAttribute("data-in-one-day") : body.getAttribute("data-in-days");
      if (!sentence) { return; }
      band.textContent = sentence.replace("{title}", band.getAttribute("data-title"))
        .replace("{days}", String(left));
    });
  }

  var DIMENSIONS = ["channel", "status", "pillar", "campaign"];

  function matches(el, chosen) {
    return DIMENSIONS.every(function (key) {
      var want = chosen[key];
      if (!want) { return true; }
      if (key === "channel") {
        return (" " + (el.getAttribute("data-channels") || "") + " ").indexOf(" " + want + " ") >= 0;
      }
      return el.getAttribute("data-" + key) === want;
    });
  }

  function filter(form) {
    var chosen = {};
    DIMENSIONS.forEach(function (key) {
      var select = form.elements.namedItem(key);
      chosen[key] = select ? select.value : "";
    });
    var items = document.querySelectorAll("[data-status][data-pillar]");
    var shown = 0, total = 0;
    items.forEach(function (el) {
      var keep = matches(el, chosen);
      el.classList.toggle("filtered", !keep);
      if (el.matches(".chip, .entry")) {  // the calendar's posts; the "next up" list repeats some
        total += 1;
        if (keep) { shown += 1; }
      }
    });
    document.querySelectorAll("td.day, section.weekday").forEach(function (day) {
      day.classList.toggle("none", !day.querySelector("[data-status]:not(.filtered)"));
    });
    var out = form.querySelector("output");
    if (out) {
      out.textContent = (form.getAttribute("data-count") || "{shown}/{total}")
        .replace("{shown}", String(shown)).replace("{total}", String(total));
    }
    var query = DIMENSIONS.filter(function (k) { return chosen[k]; })
      .map(function (k) { return k + "=" + encodeURIComponent(chosen[k]); }).join("&");
    try {
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (e) { /* file:// pages in some browsers refuse: the filter still applies */ }
  }

  function filters() {
    var params = new URLSearchParams(location.search);
    document.querySelectorAll("form[data-filters]").forEach(function (form) {
      form.hidden = false;
      DIMENSIONS.forEach(function (key) {
        var select = form.elements.namedItem(key);
        if (select && params.get(key)) { select.value = params.get(key); }
      });
      form.addEventListener("change", function () { filter(form); });
      form.addEventListener("submit", function (e) { e.preventDefault(); filter(form); });
      filter(form);
    });
  }

  function start() {
    mark();
    countdown(todayIn(document.body.getAttribute("data-tz") || "UTC", new Date()));
    filters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
