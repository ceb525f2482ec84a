/* Marks what depends on the moment the page is read, so the HTML can depend on the commit alone.
 *
 * - [data-date="YYYY-MM-DD"] (a day cell, a day of a week): class "today", aria-current="date"
 *   and its hidden .todaytag shown when it is today in the brand's time zone (<body data-tz>);
 *   class "past" when it is before today.
 * - [data-at="ISO instant"] (a post): class "past" once that instant has gone by; a hidden
 *   .pasttag inside it is shown.
 * - ol[data-upcoming="N"]: its items already out are hidden, the first N others shown.
 * - a[data-this-month]: points at the month of today when the site has a page for it.
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
}());
