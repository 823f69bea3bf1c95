"""The order courses are listed in, among courses that everyone is told the same about.

The recommender ranks a course first by what it does for the person (level fit and verdict,
recommender/advice/pathways.py) and then by facts that are the same for everyone: funding, fee,
length, mode, title. This package holds that second part, so that two sides agree on it
without importing each other (docs/architecture.md):

- the build (crawler/catalogue/tables/course_order_table.py) writes the `course_order` table: each course's
  place in its rule group by `listing_key` and by `step_key`, so that a recommender reading
  a national catalogue takes only the first few of each group;
- the recommender (recommender/advice/pathways.py) sorts by the same keys when it reads every course.

Pure functions over plain values; imports nothing of the project's.
"""

# What a course's funding value means for the person: True = they do not pay (funded,
# salaried or free), False = they pay, None = unknown.
FUNDED = {"fully_funded": True, "salaried_post": True, "free": True, "self_funded": False, "fee_paying": False}
UNKNOWN_MONTHS = 10_000.0
UNKNOWN_FEE = 10_000_000.0


def funded(funding):
    return FUNDED.get(funding)


def funded_rank(is_funded):
    """Funded first, then unknown, then self-funded or fee-paying."""
    return {True: 0, None: 1, False: 2}[is_funded]


def fee_rank(is_funded, fee):
    """What the person pays: nothing when funded, else the known fee, unknown last."""
    if is_funded is True:
        return 0.0
    return UNKNOWN_FEE if fee is None else fee


def months(value):
    """A length in months for sorting: unknown last."""
    return UNKNOWN_MONTHS if value is None else value


def mode_rank(mode):
    """Online or distance learning first, then part time or hybrid, then other modes, unknown last."""
    if not mode:
        return 3
    m = mode.lower()
    if "online" in m or "distance" in m or "e-learning" in m:
        return 0
    if "part time" in m or "part-time" in m or "hybrid" in m:
        return 1
    return 2


def facts_rank(funding, fee, months_max, mode):
    """(funded rank, fee rank, months, mode rank) of a course's funding, fee, longest length and mode."""
    is_funded = FUNDED.get(funding)
    return (funded_rank(is_funded), fee_rank(is_funded, fee), months(months_max), mode_rank(mode))


def listing_key(funding, fee, months_max, mode, title, course_id):
    """A course's place in a list, after level fit and verdict: funding, fee, length, mode, then
    title and id so the order never changes between runs."""
    return facts_rank(funding, fee, months_max, mode) + (title.lower(), course_id)


def step_key(funding, months_max, mode, course_id):
    """The order a group's courses are tried in as pathway steps: funding, length, mode, id."""
    funded_r, _, length, mode_r = facts_rank(funding, None, months_max, mode)
    return (funded_r, length, mode_r, course_id)
