"""The views a planner browses in Datasette. Each is plain SQL, named for what it shows."""

VIEWS = {
    # One row per course: provider, kind, AiMH levels, duration, funding, fee, where from.
    "course_overview": """
SELECT c.id, c.title, p.name AS provider, c.kind, c.award,
       c.aimh_level_expected, c.aimh_level_target, c.fhsfl_level,
       c.duration_text, c.duration_months_min, c.duration_months_max,
       COALESCE(c.funding, 'unknown') AS funding, c.fee_gbp, c.mode, c.location, c.url,
       c.eligibility, s.kind AS source_kind, c.source_id,
       (SELECT COUNT(*) FROM course_facts f WHERE f.course_id = c.id) AS facts_recorded,
       (SELECT COUNT(DISTINCT f.field) FROM course_facts f WHERE f.course_id = c.id AND f.position > 0) AS fields_where_sources_differ
FROM courses c
LEFT JOIN providers p ON p.id = c.provider_id
LEFT JOIN sources s ON s.id = c.source_id
""",
    # Facts recorded from more than one source, with every value and its source side by side.
    "source_disagreements": """
SELECT f.course_id, c.title, f.field, f.value, f.shown, f.why, f.source_id, f.source_kind, f.section
FROM course_facts f JOIN courses c ON c.id = f.course_id
WHERE (f.course_id, f.field) IN (SELECT course_id, field FROM course_facts GROUP BY course_id, field HAVING COUNT(*) > 1)
""",
    # What is still unknown about each course: the gaps to chase with providers.
    "data_gaps": " UNION ALL ".join(
        f"SELECT id AS course_id, title, '{field}' AS unknown_field FROM courses WHERE {column} IS NULL"
        for field, column in [
            ("duration", "duration_text"), ("eligibility", "eligibility"), ("cost", "cost"),
            ("funding", "funding"), ("start dates", "start_dates"), ("mode", "mode"),
            ("location", "location"), ("url or contact", "COALESCE(url, contact)"),
            ("provider", "provider_id"), ("AiMH level", "aimh_level_target"),
        ]
    ),
    # Every eligibility requirement with the words it comes from, for courses and routes.
    "eligibility_explained": """
SELECT r.id AS rule_id, COALESCE(r.course_id, r.route_id) AS applies_to,
       CASE WHEN r.course_id IS NOT NULL THEN 'course' ELSE 'route' END AS applies_to_kind,
       COALESCE(c.title, rt.name) AS name, r.words AS source_words, r.source_id, r.section,
       q.kind AS requirement, q.parameters, q.missing AS when_missing, q.if_unmet
FROM eligibility_rules r
JOIN eligibility_requirements q ON q.rule_id = r.id AND q.parent_id IS NULL
LEFT JOIN courses c ON c.id = r.course_id
LEFT JOIN routes rt ON rt.id = r.route_id
""",
}
