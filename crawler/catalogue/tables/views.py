"""The views a planner browses in Datasette. Each is plain SQL, named for what it shows."""

# The shown start (courses.start_date_iso: YYYY-MM or YYYY-MM-DD) while it is still to come
# (this month counts for a month-only date); NULL once it has passed or when none is known.
NEXT_START = ("CASE WHEN c.start_date_iso >= substr(date('now'), 1, length(c.start_date_iso)) "
              "THEN c.start_date_iso END")

VIEWS = {
    # One row per course: provider, kind, AiMH levels, duration, funding, fee, where from.
    "course_overview": f"""
SELECT c.id, c.title, p.name AS provider, c.kind, c.award,
       c.aimh_level_expected, c.aimh_level_target, c.fhsfl_level,
       c.duration_text, c.duration_months_min, c.duration_months_max,
       COALESCE(c.funding, 'unknown') AS funding, c.fee_gbp, c.mode, c.location, c.url,
       c.eligibility, s.kind AS source_kind, c.source_id,
       c.last_checked, {NEXT_START} AS next_start, c.page_status,
       (SELECT COUNT(*) FROM course_facts f WHERE f.course_id = c.id) AS facts_recorded,
       (SELECT COUNT(DISTINCT f.field) FROM course_facts f WHERE f.course_id = c.id AND f.position > 0) AS fields_where_sources_differ
FROM courses c
LEFT JOIN providers p ON p.id = c.provider_id
LEFT JOIN sources s ON s.id = c.source_id
""",
    # Facts recorded from more than one source, with every value and its source side by side.
    "source_disagreements": """
SELECT f.course_id, c.title, f.field, f.value, f.shown, f.why, f.source_id, f.source_kind, f.section, f.url
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
    # The review queue (python -m crawler review prints the same): readings waiting for a person
    # or for the next crawl, what was promoted automatically and what the pages changed in the
    # last crawls (the 8 days before the latest run).
    "review": """
SELECT * FROM (
SELECT q.status AS section, q.id, q.course_id, c.title, q.field, q.shown_value AS old_value, q.new_value,
       q.url AS source, q.seen_at, q.kind || ': ' || q.why AS why
FROM review_queue q JOIN courses c ON c.id = q.course_id
UNION ALL
SELECT 'promoted automatically', 'change-' || fc.id, fc.course_id, c.title, fc.field, fc.old_value, fc.new_value,
       fc.new_source, fc.changed_at, fc.how
FROM fact_changes fc JOIN courses c ON c.id = fc.course_id
WHERE fc.changed_at >= (SELECT strftime('%Y-%m-%dT%H:%M:%S', MAX(started), '-8 days') FROM crawl_runs)
UNION ALL
SELECT 'changed on the page', 'page-change-' || ch.id, ch.course_id, c.title, ch.field, ch.old_value, ch.new_value,
       ch.url, ch.changed_at, 'the page now says this (recorded; the policy decides what is shown)'
FROM crawl_changes ch JOIN courses c ON c.id = ch.course_id
WHERE ch.changed_at >= (SELECT strftime('%Y-%m-%dT%H:%M:%S', MAX(started), '-8 days') FROM crawl_runs))
ORDER BY CASE section WHEN 'waits for a person' THEN 0 WHEN 'seen once' THEN 1 WHEN 'promoted automatically' THEN 2 ELSE 3 END,
         seen_at DESC, id
""",
    # Links on providers' listing pages that look like infant mental health or parent-infant
    # training and are not catalogue courses: for a person to add (python -m crawler review --add URL).
    "course_candidates": """
SELECT cc.url, cc.title, cc.provider_id, p.name AS provider, cc.listing_url, cc.first_seen, cc.last_seen
FROM crawl_candidates cc LEFT JOIN providers p ON p.id = cc.provider_id
WHERE cc.url NOT IN (SELECT url FROM courses WHERE url IS NOT NULL)
ORDER BY cc.first_seen DESC, cc.url
""",
}
