"""The workforce scaling scenario of seed 002 (Appendix 2) as catalogue tables.

`write_scaling_tables(db, reference_dir)` reads reference_dir/scaling_paper.yaml, checks it
and writes, in a fixed order (running it twice gives the same rows):

  scaling_inputs    one row per figure in the YAML: the model's inputs (role 'input'),
                    figures cited for context ('context') and the figures the paper
                    publishes ('paper_figure'), each with value, unit, source, section,
                    description and, where worked out rather than printed, derivation
  scaling_years     the paper's scenario year by year, computed by scaling_model
  scaling_pipeline  the training pipeline projection, cumulative by year
  scaling_totals    the five-year total and its split (new investment, already costed),
                    beside the paper's quoted figure

`python -m recommender plan` reads its default inputs from scaling_inputs.
"""
import json
from pathlib import Path

import scaling_model as scaling
from crawler.catalogue.reference.yaml_files import read_yaml

FILE_NAME = "scaling_paper.yaml"
TEXT_FIELDS = ("name", "unit", "source", "section", "description")
ROLES = {"inputs": {"input", "context"}, "paper_figures": {"paper_figure"}}


def load_scaling_paper(reference_dir):
    """Read and check scaling_paper.yaml: returns (rows, ScalingInputs). Bad data raises
    ValueError naming the file, the entry and the field."""
    path = Path(reference_dir) / FILE_NAME
    if not path.exists():
        raise ValueError(f"{path}: file not found (the scaling scenario's inputs)")
    data = read_yaml(path)  # one line for bad YAML; anchors and aliases refused
    if not isinstance(data, dict) or set(ROLES) - set(data or {}):
        raise ValueError(f"{path}: must be a mapping with the lists {' and '.join(ROLES)}")
    sources = _source_ids(Path(reference_dir))

    rows, seen = [], set()
    for section_name, roles in ROLES.items():
        entries = data[section_name]
        if not isinstance(entries, list):
            raise ValueError(f"{path}: {section_name} must be a list of entries")
        for number, entry in enumerate(entries, start=1):
            rows.append(_entry_row(path, section_name, roles, number, entry, sources, seen))

    values = {row["name"]: row["value"] for row in rows if row["role"] == "input"}
    unknown = sorted(set(values) - set(scaling.ScalingInputs.field_names()))
    if unknown:
        raise ValueError(f"{path}: input '{unknown[0]}' is not used by the model: give it role 'context' "
                         f"or remove it")
    try:
        inputs = scaling.ScalingInputs.from_values(values)
    except scaling.ScalingInputError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return rows, inputs


def _entry_row(path, section_name, roles, number, entry, sources, seen):
    """One checked entry of the file as a scaling_inputs row; its name is added to seen."""
    where = f"{section_name} entry {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{path}: {where} must be a mapping")
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{section_name} '{name}'"
    for field in TEXT_FIELDS:
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{path}: {where}: missing field '{field}' (a non-empty text)")
    if name in seen:
        raise ValueError(f"{path}: {where}: duplicate name '{name}'")
    seen.add(name)
    role = entry.get("role", "paper_figure" if section_name == "paper_figures" else None)
    if role not in roles:
        raise ValueError(f"{path}: {where}: field 'role' must be one of {', '.join(sorted(roles))}, not {role!r}")
    if sources is not None and entry["source"] not in sources:
        raise ValueError(f"{path}: {where}: field 'source' is '{entry['source']}', which is not in sources.yaml")
    value = entry.get("value")
    if not _is_value(value):
        raise ValueError(f"{path}: {where}: field 'value' must be a number or a list of numbers, not {value!r}")
    derivation = entry.get("derivation")
    if derivation is not None and (not isinstance(derivation, str) or not derivation.strip()):
        raise ValueError(f"{path}: {where}: field 'derivation' must be text when given")
    return {"name": name, "role": role, "value": value, "unit": entry["unit"], "source": entry["source"],
            "section": entry["section"], "description": entry["description"], "derivation": derivation}


def write_scaling_tables(db, reference_dir):
    """Write scaling_inputs, scaling_years, scaling_pipeline and scaling_totals to db
    (a sqlite_utils.Database), replacing any earlier version of them."""
    rows, inputs = load_scaling_paper(reference_dir)
    result = scaling.scenario(inputs)
    paper = {row["name"]: row["value"] for row in rows if row["role"] == "paper_figure"}

    for table in ("scaling_inputs", "scaling_years", "scaling_pipeline", "scaling_totals"):
        db[table].drop(ignore=True)

    db["scaling_inputs"].create(
        {"name": str, "position": int, "role": str, "value": str, "unit": str, "source": str,
         "section": str, "description": str, "derivation": str},
        pk="name", not_null={"role", "value", "unit", "source", "section", "description"},
        # Linked to the catalogue's sources when there are any (the build writes them first).
        foreign_keys=[("source", "sources", "id")] if "sources" in db.table_names() else None,
    )
    db["scaling_inputs"].insert_all(
        {**row, "position": position, "value": json.dumps(row["value"])}
        for position, row in enumerate(rows, start=1)
    )

    year_columns = {"position": int, "year": str, "team_cost": float, "teams_operating": int,
                    "labour_operating": int, "teams_new": int, "labour_new": int, "training": int,
                    "leadership": int, "total": int, "children_seen": int}
    db["scaling_years"].create(year_columns, pk="year")
    db["scaling_years"].insert_all(
        {"position": position, **vars(year)} for position, year in enumerate(result.years, start=1)
    )

    db["scaling_pipeline"].create(
        {"year": int, "placement_specialists": int, "recruit_to_train_specialists": int,
         "additional_specialists": int, "acapt_posts": int},
        pk="year",
    )
    db["scaling_pipeline"].insert_all(vars(year) for year in result.pipeline)

    db["scaling_totals"].create(
        {"name": str, "position": int, "gbp": int, "gbp_m": float, "paper_figure": float,
         "paper_figure_name": str, "description": str},
        pk="name",
    )
    db["scaling_totals"].insert_all(_totals_rows(result, paper))

    roles = load_team_roles(reference_dir)
    db["pair_team_roles"].drop(ignore=True)
    db["pair_team_roles"].create(
        {"id": str, "position": int, "name": str, "words": str, "posts": int, "aimh_level": int, "senior": int,
         "professions": str, "professions_basis": str, "source": str, "section": str},
        pk="id", not_null={"name", "words", "posts", "senior", "professions", "professions_basis", "source", "section"},
        foreign_keys=[("source", "sources", "id")] if "sources" in db.table_names() else None,
    )
    db["pair_team_roles"].insert_all(roles)
    return {"scaling_inputs": len(rows), "scaling_years": len(result.years),
            "scaling_pipeline": len(result.pipeline), "scaling_totals": 3, "pair_team_roles": len(roles)}


def load_team_roles(reference_dir):
    """The team_roles of scaling_paper.yaml (seed 002 section 8's average team, post by post) as
    pair_team_roles rows. Bad data raises ValueError naming the file, the post and the field."""
    path = Path(reference_dir) / FILE_NAME
    data = read_yaml(path) or {}
    entries = data.get("team_roles") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: team_roles must be a list of posts (seed 002 section 8's average team)")
    sources = _source_ids(Path(reference_dir))
    professions = _profession_ids(Path(reference_dir))
    rows, seen = [], set()
    for position, entry in enumerate(entries, start=1):
        where = f"team_roles entry {position}"
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: {where} must be a mapping")
        if isinstance(entry.get("id"), str):
            where = f"team_roles '{entry['id']}'"
        for field in ("id", "name", "words", "professions_basis", "source", "section"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ValueError(f"{path}: {where}: missing field '{field}' (a non-empty text)")
        if entry["id"] in seen:
            raise ValueError(f"{path}: {where}: duplicate id")
        seen.add(entry["id"])
        posts = entry.get("posts")
        if not isinstance(posts, int) or isinstance(posts, bool) or posts < 1:
            raise ValueError(f"{path}: {where}: field 'posts' must be a whole number of posts, 1 or more")
        level = entry.get("aimh_level")
        if level is not None and (not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 3):
            raise ValueError(f"{path}: {where}: field 'aimh_level' must be 0-3 or null")
        if not isinstance(entry.get("senior"), bool):
            raise ValueError(f"{path}: {where}: field 'senior' must be true or false")
        ids = entry.get("professions")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ValueError(f"{path}: {where}: field 'professions' must be a list of professions.yaml ids")
        unknown = [i for i in ids if professions is not None and i not in professions]
        if unknown:
            raise ValueError(f"{path}: {where}: profession '{unknown[0]}' is not in professions.yaml")
        if sources is not None and entry["source"] not in sources:
            raise ValueError(f"{path}: {where}: field 'source' is '{entry['source']}', which is not in sources.yaml")
        rows.append({"id": entry["id"], "position": position, "name": entry["name"], "words": entry["words"],
                     "posts": posts, "aimh_level": level, "senior": int(entry["senior"]),
                     "professions": json.dumps(ids), "professions_basis": entry["professions_basis"],
                     "source": entry["source"], "section": entry["section"]})
    return rows


def _profession_ids(reference_dir):
    """Profession ids from professions.yaml beside the file, or None when there is none."""
    path = reference_dir / "professions.yaml"
    if not path.exists():
        return None
    data = read_yaml(path)
    entries = data.get("professions", []) if isinstance(data, dict) else data or []
    return {entry.get("id") for entry in entries if isinstance(entry, dict)}


def _totals_rows(result, paper):
    """The five-year total, new investment and already costed, each beside the paper's own figure."""
    headline = scaling.headline_millions(result)
    return [
        {"name": "five_year_total", "position": 1, "gbp": result.five_year_total,
         "gbp_m": headline["five_year_total_m"], "paper_figure": paper.get("five_year_total_gbp"),
         "paper_figure_name": "five_year_total_gbp",
         "description": "Cost of scaling up over the scenario's years: the sum of the yearly totals."},
        {"name": "new_investment", "position": 2, "gbp": result.new_investment,
         "gbp_m": headline["new_investment_m"], "paper_figure": paper.get("new_investment_m"),
         "paper_figure_name": "new_investment_m",
         "description": "Five-year total less what is already costed into the system (to the nearest GBP 1m in gbp_m)."},
        {"name": "already_costed", "position": 3, "gbp": result.already_costed,
         "gbp_m": headline["already_costed_m"], "paper_figure": paper.get("already_costed_m"),
         "paper_figure_name": "already_costed_m",
         "description": "The teams operating in the first year, kept running every year at that year's cost "
                        "(gbp_m as the paper words it: the rounded total less the rounded new investment)."},
    ]


def _source_ids(reference_dir):
    """Source ids from sources.yaml beside the file, or None when there is no sources.yaml."""
    path = reference_dir / "sources.yaml"
    if not path.exists():
        return None
    data = read_yaml(path) or []
    return {entry.get("id") for entry in data if isinstance(entry, dict)}


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_value(value):
    if isinstance(value, list):
        return bool(value) and all(_is_number(item) for item in value)
    return _is_number(value)
