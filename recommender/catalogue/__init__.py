"""The catalogue reader: catalogue.db read into plain objects, and the pieces every room below the CLI shares.

May import: course_dates, course_order

The lowest room of the recommender: nothing in it reaches up. `reader` opens catalogue.db
(sqlite3 only) and loads a `Catalogue`; `objects` defines what it is read into (Course, Route,
Rule, Requirement, Profession, Source) and the answers' fixed vocabularies (DEGREES, STAGES);
`records` is the light @record the objects are made with; `errors` holds UserError, the one
exception every room raises for bad input (re-exported as `recommender.UserError`).
"""
