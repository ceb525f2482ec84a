/* Live preview of `almanac serve`: injected by the server into the pages it serves, never
 * written into dist/.
 *
 * Polls the server's /__almanac/status.json twice a second. When the site was rebuilt since
 * this page was served (another "version"), the page reloads. While the last rebuild failed,
 * an overlay lists its findings (level, rule, file:line:column, message) over the last good
 * page; it goes once a rebuild succeeds. The overlay speaks the reader's language (French,
 * else English), as the command line does. It fetches nothing from another host.
 */
(function () {
  "use strict";

  var me = document.currentScript;
  var served = me ? me.getAttribute("data-version") : null;
  var STATUS = "/__almanac/status.json";
  var ID = "almanac-live-overlay";
  var french = /^fr\b/i.test((navigator.languages && navigator.languages[0]) || navigator.language || "fr");
  var T = french ? {
    title: "La reconstruction a échoué : le site affiché est le dernier construit sans erreur.",
    more: function (n) { return "… et " + n + " autre" + (n > 1 ? "s" : "") + " (voir le terminal)"; },
    hide: "Masquer",
    error: "erreur",
    warning: "avertissement",
    info: "info"
  } : {
    title: "The rebuild failed: this is the last site built without errors.",
    more: function (n) { return "… and " + n + " more (see the terminal)"; },
    hide: "Hide",
    error: "error",
    warning: "warning",
    info: "info"
  };
  var dismissed = null;
  // The page's own stylesheet styles lists and code; the overlay must read the same on every page.
  var RESET = "background:none;border:0;box-shadow:none;padding:0;color:#fff;font:inherit;";
  var CODE = "font-family:ui-monospace,monospace;";

  function el(tag, text, style) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (style) { node.setAttribute("style", style); }
    return node;
  }

  function hide() {
    var old = document.getElementById(ID);
    if (old) { old.parentNode.removeChild(old); }
  }

  function show(status) {
    var key = JSON.stringify(status);
    if (key === dismissed) { return; }
    var old = document.getElementById(ID);
    if (old && old.getAttribute("data-key") === key) { return; }
    hide();
    var box = el("div", undefined,
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0d0d;color:#fff;font:14px/1.45 system-ui,sans-serif;padding:12px 16px;" +
      "border-top:4px solid #e5484d;box-shadow:0 -4px 16px rgba(0,0,0,.35);overflow-wrap:anywhere");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.setAttribute("data-key", key);
    var close = el("button", T.hide, "float:right;font:inherit;padding:2px 10px;cursor:pointer");
    close.type = "button";
    close.addEventListener("click", function () { dismissed = key; hide(); });
    box.appendChild(close);
    box.appendChild(el("strong", T.title));
    var list = el("ul", undefined, RESET + "display:block;list-style:disc;margin:8px 0 0;padding-left:18px");
    if (status.error) {
      list.appendChild(el("li", status.error, RESET + CODE + "display:list-item"));
    }
    (status.findings || []).forEach(function (f) {
      var item = el("li", undefined, RESET + "display:list-item;margin:2px 0");
      item.className = "almanac-live-finding";
      item.appendChild(el("code", f.file + ":" + f.line + ":" + f.column, RESET + CODE + "color:#ffd1d1"));
      item.appendChild(document.createTextNode(" " + (T[f.level] || f.level) + " "));
      item.appendChild(el("code", f.rule, RESET + CODE + "color:#ffe08a"));
      item.appendChild(document.createTextNode(" " + f.message));
      list.appendChild(item);
    });
    var rest = (status.total || 0) - (status.findings || []).length;
    if (rest > 0) { list.appendChild(el("li", T.more(rest), RESET + "display:list-item")); }
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function poll() {
    fetch(STATUS, { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (status) {
      if (status && status.failed) {
        show(status);
      } else if (status) {
        hide();
        dismissed = null;
        if (served !== null && String(status.version) !== served) {
          location.reload();
          return;
        }
      }
      setTimeout(poll, 500);
    }, function () {
      // The server is stopped or restarting: try again, more slowly.
      setTimeout(poll, 2000);
    });
  }

  poll();
}());
