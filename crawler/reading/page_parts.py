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


# An entry of a page that lists several courses: an <article>, or a block whose class names a card
# or a listing item, with a heading of its own, beside at least one more such block.
_ENTRY = "ancestor-or-self::*[(self::article or self::li or self::div or self::section) and (*[self::h2 or self::h3 or self::h4])]"
_ENTRY_CLASS = re.compile(r"card|teaser|result|listing|course-item|list-item|tile", re.IGNORECASE)


def in_listing_entry(node, is_label):
    """Whether a node lies in one entry of several (one course's card on a page listing courses): its
    facts are that entry's, never the page's course. Blocks whose headings are labels ("Course length",
    "Award": a key-facts card grid) are the page's own facts, not entries."""
    for block in node.xpath(_ENTRY):
        tag, cls = block.root.tag, block.attrib.get("class") or ""
        if tag != "article" and not _ENTRY_CLASS.search(cls):
            continue
        same = f"[@class={_quoted(cls)}]" if cls else "[not(@class)]"
        entries = block.xpath(f"../{tag}{same}[*[self::h2 or self::h3 or self::h4]]")
        if len(entries) < 2:
            continue
        headings = [text_of(e.xpath("*[self::h2 or self::h3 or self::h4][1]")[0]) or "" for e in entries]
        if not any(is_label(h) for h in headings):
            return True
    return False


def _quoted(text):
    return f'"{text}"' if '"' not in text else f"'{text}'"


def own_language_text(node):
    """A node's words without those in another language than the page's: a Welsh parallel text
    (<span lang="cy">) beside the English is the same fact twice, not part of it."""
    page_lang = (node.xpath("/html/@lang").get() or "en").split("-")[0].lower()
    other = f"ancestor-or-self::*[@lang and not(starts-with(translate(@lang, 'EN', 'en'), '{page_lang}'))]"
    words = node.xpath(f".//text()[not(ancestor::script) and not(ancestor::style) and not({other})]").getall()
    text = clean_text(" ".join(words))
    return re.sub(r"^[\s/|–—-]+|[\s/|–—-]+$", "", text or "") or text_of(node)


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
