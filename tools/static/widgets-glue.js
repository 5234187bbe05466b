// Glue between the book's pages and the Jupyter widget manager that renders saved widgets
// (@jupyter-widgets/html-manager 1.0.x, embed-amd.js). tools/offline_assets.py loads it on
// pages with widgets, after require.js and before embed-amd.js. It fixes two mismatches
// between that manager and this book, each of which made every such page log errors.
(function () {
  "use strict";
  var script = document.currentScript;

  // 1. Font files. embed-amd.js defines several named AMD modules, and two of them carry
  //    Font Awesome's @font-face rules: "@jupyter-widgets/html-manager/dist/libembed-amd"
  //    and "@jupyter-widgets/html-manager". Each looks for the fonts in the folder of its
  //    own module URL, which require.js derives from the module name: without a path for
  //    it, under the page's own folder (book/@jupyter-widgets/html-manager/dist/ and
  //    book/@jupyter-widgets/: 404). Both get a path into the folder that holds
  //    embed-amd.js and its fonts (data-html-manager-dist, relative to this script). Both
  //    modules are defined by name inside embed-amd.js, so neither path is ever fetched.
  var dist = script && script.getAttribute("data-html-manager-dist");
  if (dist && window.requirejs) {
    var url = new URL(dist, script.src).href.replace(/\/$/, "");
    window.requirejs.config({paths: {
      "@jupyter-widgets/html-manager/dist": url,      // .../libembed-amd -> url/
      "@jupyter-widgets/html-manager": url + "/html-manager"  // -> url/html-manager.js
    }});
  }

  // 2. MathJax. The widgets typeset their labels with MathJax 2's MathJax.Hub.Queue
  //    whenever window.MathJax exists (ipywidgets issue #3829); the book loads MathJax 3,
  //    which has no Hub, so every label threw "reading 'Queue'". Give MathJax 3 the one
  //    command the widgets send, ["Typeset", MathJax.Hub, element], as a typesetPromise.
  //    MathJax 3 (deferred) replaces window.MathJax when it loads, before DOMContentLoaded;
  //    the widgets render after the load event.
  function typeset(element) {
    var mj = window.MathJax;
    if (!mj || !mj.typesetPromise || !mj.startup || !mj.startup.promise) return;
    mj.startup.promise = mj.startup.promise
      .then(function () { return mj.typesetPromise(element ? [element] : undefined); })
      .catch(function (err) { console.warn("MathJax could not typeset a widget:", err); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (!mj || mj.Hub) return;   // no MathJax on this page, or MathJax 2 itself
    mj.Hub = {
      Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var command = arguments[i];
          if (Array.isArray(command) && command[0] === "Typeset") typeset(command[2]);
        }
      }
    };
  });
})();
