"""The tables and views of catalogue.db that Datasette shows beyond the reference rows: views, glossary, workforce, scaling, course order, page labels, crawl history.

May import: crawler.catalogue.reference, crawler.reading, course_order, scaling_model
"""
