"""Reading a reference file: YAML without anchors or aliases, and the one error every reference problem is reported as."""
import yaml

# libyaml's safe loader when PyYAML was built with it (about 10x faster on large files).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ReferenceDataError(ValueError):
    """A reference file is wrong: the message names the file, the row and the problem."""


def where(path, index, row):
    ident = row.get("id") or row.get("course") or row.get("route") or row.get("level") if isinstance(row, dict) else None
    return f"{path.name}, row {index + 1}" + (f" ({ident})" if ident is not None else "")


def read_yaml(path):
    """A reference file's data. Anchors and aliases (&name, *name) are refused before anything is
    built, so every value is written out where a reviewer reads it and an alias bomb cannot grow."""
    if not path.exists():
        raise ReferenceDataError(f"{path}: file is missing")
    text = path.read_text(encoding="utf-8")
    try:
        if "&" in text or "*" in text:  # only then can there be an anchor or an alias
            _refuse_anchors(path, text)
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ReferenceDataError(f"{path.name}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _refuse_anchors(path, text):
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ReferenceDataError(
                f"{path.name} line {event.start_mark.line + 1}: YAML anchors and aliases (&{event.anchor}, "
                f"*{event.anchor}) are not allowed in reference data; write the value out in full")
