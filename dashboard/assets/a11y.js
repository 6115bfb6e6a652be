// Accessibility helpers Dash components do not offer as properties (served from /assets,
// allowed by the Content-Security-Policy as 'self'):
// - aria-current="page" on the menu link of the page shown (dcc.Link has no aria props);
// - an accessible name on dcc.Upload's hidden file input (it takes no props);
// - after a page change by the menu, focus moves to the page, so a screen reader reads it;
// - after a partner is removed, focus moves to the "Verwijderen" now in its place (or the
//   one before it, or the name field when the list is empty), not to the top of the page.
(function () {
  var removedAt = null;
  function refocusAfterRemove() {
    if (removedAt === null) return;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var buttons = document.querySelectorAll("#partner-list button[id*='remove-partner']");
    var target = buttons.length
      ? buttons[Math.min(removedAt, buttons.length - 1)]
      : document.getElementById("partner-name");
    removedAt = null;
    if (target) target.focus();
  }
  function currentPath() {
    var path = "/" + window.location.pathname.replace(/^\/+|\/+$/g, "").split("/").pop();
    return path === "/" ? "/" : path;
  }
  function mark() {
    var links = document.querySelectorAll(".page-nav a");
    var path = currentPath();
    var known = false;
    links.forEach(function (link) {
      if (link.getAttribute("href") === path) known = true;
    });
    links.forEach(function (link) {
      var here = link.getAttribute("href") === (known ? path : "/");
      if (here) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    document.querySelectorAll(".upload-zone input[type=file]").forEach(function (input) {
      var zone = input.closest(".upload-zone");
      if (!input.getAttribute("aria-label") && zone) {
        input.setAttribute("aria-label", zone.getAttribute("data-label") || zone.innerText);
      }
    });
  }
  new MutationObserver(function () {
    mark();
    refocusAfterRemove();
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("popstate", mark);
  window.addEventListener("_dashprivate_pushstate", mark);
  document.addEventListener(
    "click",
    function (event) {
      var remove = event.target.closest && event.target.closest("[id*='remove-partner']");
      if (!remove) return;
      try {
        removedAt = JSON.parse(remove.id).index;
      } catch (error) {
        removedAt = 0;
      }
      var clicked = removedAt;
      setTimeout(function () {
        if (removedAt === clicked) removedAt = null; // the list never changed: forget it
      }, 5000);
    },
    true
  );
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".page-nav a");
    if (!link) return;
    setTimeout(function () {
      mark();
      var main = document.getElementById("main");
      if (main) main.focus({ preventScroll: true });
    }, 50);
  });
})();
