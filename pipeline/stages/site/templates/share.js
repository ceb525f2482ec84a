/* The advocacy pack's "copy" buttons. Works offline and from file://.
 *
 * Each button[data-copy] copies the value of the field whose id it names. The
 * asynchronous Clipboard API is used where the browser offers it (a secure context:
 * https, localhost, file:// in Chromium); where it is missing or refused, the text is
 * selected and copied with document.execCommand("copy"), which older browsers and
 * http:// pages still allow on a click. Either way the field is left selected, so
 * Ctrl+C works if both fail, and the page's status line says what happened.
 *
 * Buttons are hidden in the HTML and shown here: without JavaScript the page shows
 * read-only fields to select and copy by hand, and no button that does nothing.
 * It reads nothing from the network.
 */
(function () {
  "use strict";

  function say(key) {
    var status = document.querySelector(".share-status");
    if (status) { status.textContent = status.getAttribute(key) || ""; }
  }

  function fallback(field) {
    field.focus();
    field.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    say(done ? "data-copied" : "data-failed");
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        field.select();
        say("data-copied");
      }, function () {
        fallback(field);
      });
    } else {
      fallback(field);
    }
  }

  function start() {
    document.querySelectorAll("button.share-copy[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
