"""Sphinx extension: serve MathJax and the widget manager from local copies.

`make book` runs tools/vendor_js.sh, which puts MathJax 3, require.js and
@jupyter-widgets/html-manager from the npm registry under vendor/static/.
When those files are there, the built pages load them instead of CDNs, so a
reader with no internet still sees typeset math and saved widget states.
When they are not (no npm), the build keeps the CDN defaults and says so.

Either way it also adds the book's own page assets from tools/static/: widgets-glue.js,
loaded just before the widget manager (its fonts' folder, and MathJax 3 for the labels it
typesets), and widgets.css (finished progress bars leave no blank box); and it removes the
inline scripts that Sphinx 7.4 writes twice into every page (see _dedupe_inline_scripts).

The widget manager's fonts are found by one mechanism only: the glue gives require.js a
path for both AMD modules of embed-amd.js that carry Font Awesome's @font-face rules
("@jupyter-widgets/html-manager/dist/libembed-amd" and "@jupyter-widgets/html-manager").
An earlier version pointed only the first at the fonts and also copied the fonts beside
every page, because the manager "sometimes" looked for them there: that was the second
module's @font-face rules, whose folder require.js put under the page's own folder
(book/@jupyter-widgets/); which set of rules the browser used first varied between loads.
"""

from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR = Path(__file__).resolve().parent.parent / "vendor" / "static"
STATIC = Path(__file__).resolve().parent / "static"   # the book's own page assets
GLUE = "widgets-glue.js"
FILES = {
    "mathjax": "mathjax/tex-chtml.js",
    "require": "widgets/require.min.js",
    "embed": "widgets/embed-amd.js",
}


def _with_glue(scripts: dict) -> dict:
    """The widget scripts with widgets-glue.js inserted just before embed-amd.js.

    The glue is told the folder of embed-amd.js (where the manager's fonts are), relative to
    the built _static/ folder that holds the glue, or the CDN's URL.
    """
    out = {}
    for path, attrs in scripts.items():
        if path.endswith("/embed-amd.js"):
            out[GLUE] = {"data-html-manager-dist": path.rsplit("/", 1)[0] + "/"}
        out[path] = attrs
    return out


def _configure(app, config):
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    missing = [f for f in FILES.values() if not (VENDOR / f).is_file()]
    if missing:
        logger.info("offline_assets: %s missing; pages will load MathJax and widgets from CDNs "
                    "(run tools/vendor_js.sh with npm to vendor them)", ", ".join(missing))
    else:
        config.html_static_path = [*config.html_static_path, str(VENDOR)]
        # relative to the built _static/ folder
        config.mathjax_path = FILES["mathjax"]
        config.nb_ipywidgets_js = {FILES["require"]: {}, FILES["embed"]: {
            "data-jupyter-widgets-cdn": "", "data-jupyter-widgets-cdn-only": "false"}}
        logger.info("offline_assets: using local MathJax and widget manager from %s", VENDOR)
    config.nb_ipywidgets_js = _with_glue(config.nb_ipywidgets_js)


def _dedupe_inline_scripts(app, pagename, templatename, context, doctree):
    """Write each inline script once.

    Sphinx 7.4 keeps an inline script (``app.add_js_file(None, body=...)``) added after the
    builder started twice: once as given (file name None) and once from its registry (file
    name ""), which compare unequal. sphinx-thebe's ``const THEBE_JS_URL = ...`` was then
    declared twice on every page, an uncaught SyntaxError in the browser.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, kept = set(), []
    for js in scripts:
        key = (getattr(js, "filename", js) or "", getattr(js, "priority", None),
               tuple(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(js)
    scripts[:] = kept


def setup(app):
    app.connect("config-inited", _configure, priority=100)
    app.connect("html-page-context", _dedupe_inline_scripts, priority=900)
    app.add_css_file("widgets.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
