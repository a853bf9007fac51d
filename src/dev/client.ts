/**
 * The live-reload client, served at `/__warta/client.js` and referenced from every HTML response
 * of the dev server (never written to disk). Plain ES2017 so any browser runs it unbundled. In a
 * frame of another of the site's pages it does nothing: the page around it connects and reloads it.
 *
 * Events (Server-Sent Events on `/__warta/events`):
 * - `hello {build, session, error?}` on connect: reload when the page is older than the last good
 *   build (saves made before the connection was up) or from an earlier run of the server; show
 *   the overlay when the build is failing.
 * - `reload {build}` after a good build that changed outputs.
 * - `css {build, paths}` when only stylesheets changed: matching `<link rel=stylesheet>` get a
 *   cache-busting query; the old link is removed once the new one has loaded (no flash, scroll kept).
 * - `error {diagnostics}` after a failed build: an overlay built from text nodes only.
 * - `ok {build}` after a good build that changed nothing: clears the overlay.
 */
export const RESERVED_PREFIX = "/__warta/";
export const EVENTS_PATH = "/__warta/events";
export const CLIENT_PATH = "/__warta/client.js";
export const OVERLAY_ID = "warta-dev-overlay";

/**
 * The tag injected before `</body>`: `build` is the good build the page was served from, `session`
 * tells one run of the dev server from the next (a restarted server reloads old tabs).
 */
export const clientTag = (build: number, session: string): string =>
  `<script src="${CLIENT_PATH}" data-warta-build="${build}" data-warta-session="${session}"></script>`;

export const CLIENT_JS = `/* warta dev: live reload (not part of the built site) */
(function () {
  "use strict";
  var me = document.currentScript;
  var build = Number((me && me.getAttribute("data-warta-build")) || 0);
  var session = (me && me.getAttribute("data-warta-session")) || "";
  var overlay = null;
  // A page shown in a frame of another of the site's pages (a chart in an <iframe>) is reloaded
  // with the page around it: a connection per frame would take the browser's six per host, and
  // the page would hang. Framed by another origin (an editor's preview pane), it connects.
  var framed = false;
  try { framed = window.parent !== window.self && window.parent.location.origin === location.origin; } catch (_) { framed = false; }
  if (framed) return;
  var es = new EventSource(${JSON.stringify(EVENTS_PATH)});

  function data(e) {
    try { return JSON.parse(e.data); } catch (_) { return {}; }
  }
  function clearOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function el(tag, style, text) {
    var n = document.createElement(tag);
    if (style) n.setAttribute("style", style);
    if (text !== undefined) n.appendChild(document.createTextNode(String(text)));
    return n;
  }
  function showOverlay(list) {
    clearOverlay();
    overlay = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#f4f4f4;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:24px;");
    overlay.id = ${JSON.stringify(OVERLAY_ID)};
    overlay.setAttribute("role", "alert");
    var box = el("div", "max-width:960px;margin:0 auto;");
    box.appendChild(el("h2", "margin:0 0 12px;font-size:18px;color:#ff7b72;", "warta: build gagal (build failed)"));
    box.appendChild(el("p", "margin:0 0 16px;color:#bbb;", "Showing the last good version underneath. Fix the file and save: this overlay closes by itself."));
    var ul = el("ul", "list-style:none;margin:0;padding:0;");
    for (var i = 0; i < list.length; i++) {
      var d = list[i] || {};
      var li = el("li", "margin:0 0 12px;padding:8px 12px;border-left:3px solid " + (d.severity === "warning" ? "#d29922" : "#ff7b72") + ";background:rgba(255,255,255,.05);");
      li.className = "warta-dev-diagnostic";
      var where = String(d.file || "") + ":" + (d.line || 1) + ":" + (d.column || 1);
      li.appendChild(el("div", "color:#79c0ff;", where));
      li.appendChild(el("div", "color:#d2a8ff;", String(d.severity || "error") + " " + String(d.code || "") + (d.field ? " " + d.field : "")));
      li.appendChild(el("div", "white-space:pre-wrap;", d.message || ""));
      ul.appendChild(li);
    }
    box.appendChild(ul);
    var close = el("button", "position:absolute;top:12px;right:16px;background:none;border:1px solid #888;color:#f4f4f4;cursor:pointer;padding:2px 8px;", "×");
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", clearOverlay);
    overlay.appendChild(close);
    overlay.appendChild(box);
    (document.body || document.documentElement).appendChild(overlay);
  }
  function swapCss(paths) {
    var links = Array.prototype.slice.call(document.querySelectorAll('link[rel~="stylesheet"][href]'));
    var local = links.filter(function (l) { return new URL(l.href, location.href).origin === location.origin; });
    var hit = local.filter(function (l) { return paths.indexOf(new URL(l.href, location.href).pathname) >= 0; });
    (hit.length ? hit : local).forEach(function (old) {
      var url = new URL(old.href, location.href);
      url.searchParams.set("warta", String(Date.now()));
      var fresh = old.cloneNode(false);
      fresh.href = url.href;
      var done = function () { old.remove(); };
      fresh.addEventListener("load", done);
      fresh.addEventListener("error", done);
      old.after(fresh);
    });
  }

  es.addEventListener("hello", function (e) {
    var d = data(e);
    window.__wartaLive = true; // connected (tests wait for this)
    if ((typeof d.build === "number" && d.build !== build) || (d.session && d.session !== session)) { location.reload(); return; }
    if (d.error) showOverlay(d.error.diagnostics || []); else clearOverlay();
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function (e) {
    var d = data(e);
    clearOverlay();
    if (typeof d.build === "number") build = d.build;
    swapCss(d.paths || []);
  });
  es.addEventListener("ok", function (e) {
    var d = data(e);
    if (typeof d.build === "number" && d.build !== build) { location.reload(); return; }
    clearOverlay();
  });
  // The server's "error" event shares its name with EventSource's connection-error event: only
  // the server's carries data.
  es.addEventListener("error", function (e) {
    if (typeof e.data !== "string") return;
    showOverlay(data(e).diagnostics || []);
  });
})();
`;
