"""The page_labels table: the labels provider pages put before a course fact, as the crawler reads them.

crawler/reference/page_labels.yaml is the reviewable file (crawler/reading/labelled_facts.py matches page
labels against it); the build shows the same rows in the catalogue, so a reviewer can see in
Datasette which words the crawler takes for which field, and which it refuses ("none").
"""
from crawler.reading import labelled_facts

COLUMNS = {"id": int, "field": str, "words": str, "kind": str, "when_yes": str}


def rows():
    data = labelled_facts.page_labels()
    out = []
    for entry in data["labels"]:
        for words in entry["words"]:
            out.append({"field": entry["field"], "words": words,
                        "kind": "not a field" if entry["field"] == "none" else "label", "when_yes": None})
    for entry in data.get("yes_means", []):
        out.append({"field": entry["field"], "words": entry["label"], "kind": "yes means a value",
                    "when_yes": entry["when_yes"]})
    return [dict(row, id=number) for number, row in enumerate(out, start=1)]


def write(db):
    db["page_labels"].create(COLUMNS, pk="id", if_not_exists=True)
    db["page_labels"].insert_all(rows())
