"""The shape of each reference file's rows, as typed models (pydantic v2).

A model says which fields a row must have and what type each holds: text, a whole number,
true/false, a list (never a text that would be read letter by letter), a mapping. What a
model cannot say alone (an id that must exist in another file, a duplicate, a duration the
normaliser must read) stays in crawler/catalogue/reference/reference_data.py, which runs these models first.

Fields a model does not name are allowed and kept (a reviewer may add a note; another part
of the project may add a field before this file learns it). `row_problem` turns pydantic's
first complaint into the project's one line: "file, row N (id): what is wrong".
"""
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError, create_model

Text = Annotated[StrictStr, Field(min_length=1)]  # a required text may not be empty
Number = Union[StrictInt, StrictFloat]
Scalar = Union[StrictStr, StrictInt, StrictFloat, StrictBool]


class Row(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


# Most rows cite where they come from: a source id (sources.yaml) and the section of it. The models
# of those rows are made with create_model, so the citation is written once and still stands where
# it always stood among a row's fields (pydantic checks fields in order: the first problem a
# reviewer is told about stays the same).
OPTIONAL_TEXT = (StrictStr | None, None)   # a create_model field: text or nothing, None when left out
CITATION = {"source": (Text, ...), "section": OPTIONAL_TEXT}
Words = Annotated[list[Text], Field(min_length=1)]   # a list of words, never empty


class Source(Row):
    id: Text
    kind: Text
    title: Text
    document: StrictStr | None = None


Level = create_model("Level", __base__=Row, level=(StrictInt, ...), name=(Text, ...), **CITATION)


RegistrationBody = create_model("RegistrationBody", __base__=Row, id=(Text, ...), name=(Text, ...),
                                clinical_registration=(Text, ...), **CITATION)


class CareerStage(Row):
    id: Text
    name: Text
    words: Words


ProfileWord = create_model("ProfileWord", __base__=Row, id=(Text, ...), kind=(Text, ...), name=(Text, ...),
                           words=(Words, ...), **CITATION, stage=OPTIONAL_TEXT, reason=OPTIONAL_TEXT)


Profession = create_model(
    "Profession", __base__=Row, id=(Text, ...), name=(Text, ...), usual_stage=(Text, ...), **CITATION,
    aliases=(list[Text], []), groups=(list[Text], []), usual_registration=OPTIONAL_TEXT,
    usual_degree=OPTIONAL_TEXT, professional_qualification=(StrictBool | None, None))


Provider = create_model("Provider", __base__=Row, id=(Text, ...), name=(Text, ...), **CITATION, website=OPTIONAL_TEXT)


class FactValue(Row):
    """One value of a course fact with its own citation (the long form in courses.yaml)."""
    value: Scalar | None = None
    source: StrictStr | None = None
    section: StrictStr | None = None
    shown: StrictBool | None = None
    why: StrictStr | None = None


Fact = Union[Scalar, FactValue, list[Union[Scalar, FactValue]]]


SourcePage = create_model("SourcePage", __base__=Row, url=(Text, ...), about=(Text, ...), **CITATION)


class Course(Row):
    id: Text
    kind: Text
    facts: dict[StrictStr, Fact]
    provider: StrictStr | None = None
    source: StrictStr | None = None
    section: StrictStr | None = None
    url: StrictStr | None = None
    aimh_level_expected: StrictInt | None = None
    aimh_level_target: StrictInt | None = None
    fhsfl_level: StrictInt | None = None
    level_sources: list[Text] = []
    level_reason: StrictStr | None = None
    source_pages: list[SourcePage] = []


Route = create_model(
    "Route", __base__=Row, id=(Text, ...), name=(Text, ...), who_for=(Text, ...), leads_to=(Text, ...), **CITATION,
    duration=OPTIONAL_TEXT, funding=OPTIONAL_TEXT, funded=OPTIONAL_TEXT,
    funding_ends=OPTIONAL_TEXT,           # YYYY-MM-DD, the last day of the funding the source names
    funding_ends_section=OPTIONAL_TEXT,   # where the route's source says so
    aimh_level_target=(StrictInt | None, None), level_reason=OPTIONAL_TEXT)


class Requirement(Row):
    kind: Text
    any_of: list[Text] | None = None
    at_least: StrictStr | Number | None = None
    what: StrictStr | None = None
    satisfied_by: list[Text] | None = None
    courses: list[Text] | None = None
    course_kind: StrictStr | None = None
    because: StrictStr | None = None
    options: list["Requirement"] | None = None
    missing: StrictStr | None = None
    if_unmet: StrictStr | None = None


PathwayStep = create_model("PathwayStep", __base__=Row, id=(Text, ...), name=(Text, ...),
                           gives=(dict[Text, Scalar], ...), duration=(Text, ...), basis=(Text, ...), **CITATION)


class Rule(Row):
    words: Text
    source: Text
    requirements: Annotated[list[Requirement], Field(min_length=1)]
    course: StrictStr | None = None
    route: StrictStr | None = None
    section: StrictStr | None = None


# (file name, key inside the file or None for a top-level list) -> the model of one row
MODELS = {
    ("sources", None): Source,
    ("aimh_levels", "aimh_levels"): Level,
    ("aimh_levels", "fhsfl_levels"): Level,
    ("registration_bodies", None): RegistrationBody,
    ("career_stages", None): CareerStage,
    ("profile_words", None): ProfileWord,
    ("professions", None): Profession,
    ("providers", None): Provider,
    ("courses", None): Course,
    ("routes", None): Route,
    ("eligibility", None): Rule,
    ("pathway_steps", None): PathwayStep,
}

_TYPE_WORDS = {
    "list_type": "a list such as [a, b]",
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping of field: value",
    "model_type": "a mapping of field: value",
}


def row_problem(error: ValidationError, model) -> str:
    """The problem pydantic found in a row, in the reference files' words (without the row prefix).

    Where a field may take several forms (a fact: a value, a mapping or a list), pydantic
    reports one complaint per form; the deepest is the most specific, and complaints about
    the same field at that depth are merged ("must be text or a number")."""
    errors = error.errors(include_url=False)
    deepest = max(len(e["loc"]) for e in errors)
    first = next(e for e in errors if len(e["loc"]) == deepest)
    field = _field_name(first["loc"], model)
    given = first.get("input")
    if first["type"] == "missing" or (len(first["loc"]) == 1 and given in (None, "", [])):
        return f"missing required field {field!r}"
    if first["type"] in ("string_too_short", "too_short"):
        return f"field {field!r} may not be empty"
    if first["type"].endswith("_type"):
        same_field = [e for e in errors if len(e["loc"]) == deepest and _field_name(e["loc"], model) == field]
        expected = []
        for e in same_field:
            words = _TYPE_WORDS.get(e["type"], "another type")
            if words not in expected:
                expected.append(words)
        if "a number" in expected and "a whole number" in expected:
            expected.remove("a whole number")
        return f"field {field!r} must be {' or '.join(expected)}, not {_shown(given)}"
    return f"field {field!r}: {first['msg']}"


def _field_name(loc, model):
    """requirements[2].any_of for ('requirements', 1, 'any_of'): numbered from 1, as rows are."""
    words = []
    for part in loc:
        if isinstance(part, int):
            words[-1] += f"[{part + 1}]"
        elif part in _TYPE_NAMES or not part.isidentifier() or part[:1].isupper():
            continue  # pydantic names the union branch it tried (str, FactValue, list[...]): not a field
        else:
            words.append(str(part))
    return ".".join(words) or model.__name__


_TYPE_NAMES = {"str", "int", "float", "bool", "list", "dict"}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
