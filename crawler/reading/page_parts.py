"""The page's parts: which node holds the course's facts, what lies outside it, and where a node is.

Navigation, banners and straplines, breadcrumbs, footers, related-course boxes and news sidebars
are not course facts: every extraction layer but the page metadata reads only the course part
(`<main>`, `<article>`, `#main`/`#content`...) without them. Facts is what each layer returns.
"""
import re

from crawler.reading.normalise import clean_text


class Facts(dict):
    """{field: (value, method)}, with `where` = {field: where on the page it was read}."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.where = {}
        self.per_award_only = False   # a duration made only of per-award (or per-stage) lengths


# --- the page's parts -------------------------------------------------------------------

_PART_WORDS = ("nav", "menu", "breadcrumb", "footer", "site-header", "banner", "hero", "strapline", "tagline",
               "related", "promo", "cookie", "skip", "sidebar", "caption", "social", "back-link", "page-title")
LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
# A node is outside the course's facts when it or an ancestor is one of these parts.
NOT_COURSE = "ancestor-or-self::*[self::nav or self::header[not(ancestor::main or ancestor::article)] or self::footer or self::aside or self::script or self::style " \
    "or self::noscript or self::figcaption or @role='navigation' or @role='banner' or @role='contentinfo' " \
    "or @role='complementary' or " + " or ".join(
        f"contains({LOWER.format('@class')}, '{w}') or contains({LOWER.format('@id')}, '{w}')" for w in _PART_WORDS) + "]"
# Headings that open a box about something else (other courses, news).
OTHER_SECTION = re.compile(r"^(related|similar|other|more) (courses?|programmes?|news|events|trainings?)|^you (may|might) also|"
                           r"^see also|^latest news|^more news", re.IGNORECASE)
_MAIN = ["//main", "//*[@role='main']", "//article", "//*[@id='main' or @id='content' or @id='main-content']", "//body"]


def course_part(response):
    """The node holding the page's course facts: <main>, [role=main], <article>, #main, #content, else <body>."""
    for xpath in _MAIN:
        nodes = response.xpath(xpath)
        if nodes:
            return nodes[0]
    return response


def in_course(node):
    return node.xpath(f"boolean({NOT_COURSE})").get() == "0"


def text_of(selector):
    if selector is None:
        return None
    return clean_text(" ".join(selector.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()))


def where(node):
    """A CSS-like path of a node, last four steps: 'main > dl > dt'."""
    steps = []
    for n in [node, *node.xpath("ancestor::*")[::-1]]:
        tag = n.root.tag if isinstance(n.root.tag, str) else "node"
        if tag in ("html", "body"):
            break
        ident = n.attrib.get("id")
        cls = (n.attrib.get("class") or "").split()
        steps.append(tag + (f"#{ident}" if ident else f".{cls[0]}" if cls else ""))
        if len(steps) == 4:
            break
    return " > ".join(reversed(steps))
