"""The hand-written SQL (PostgreSQL) of the benchmark's floors."""




RECEIVED = "('submitted', 'accepted')"
AWARDS_OF_CALLS = ("grants_award a JOIN grants_application ap ON ap.id = a.application_id "
                   "JOIN grants_call c ON c.id = ap.call_id")

# --- the SQL ------------------------------------------------------------------------------------------------------

MUNICIPALITIES_OF_YEAR = """
SELECT m.nis_code, m.province_id FROM academies_municipality m
WHERE (m.valid_from IS NULL OR m.valid_from <= %(last)s) AND (m.valid_to IS NULL OR m.valid_to >= %(first)s)
"""

PROVINCE_SQL = f"""
SELECT m.province_id, COUNT(*), COUNT(planned.municipality_id), COUNT(confirmed.municipality_id)
FROM ({MUNICIPALITIES_OF_YEAR}) m
LEFT JOIN (SELECT DISTINCT fm.municipality_id FROM grants_award_funded_municipalities fm
           JOIN {AWARDS_OF_CALLS} ON a.id = fm.award_id WHERE c.year = %(year)s) planned
       ON planned.municipality_id = m.nis_code
LEFT JOIN (SELECT DISTINCT l.municipality_id FROM grants_finalreportline l
           JOIN grants_finalreport r ON r.id = l.report_id JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
           WHERE c.year = %(year)s AND r.status IN {RECEIVED}) confirmed
       ON confirmed.municipality_id = m.nis_code
GROUP BY m.province_id
"""

# Children and gender per province from the lines of received reports in a municipality of the year; the
# reports' unattributed totals as the row '' ; the empty grouping set is Flanders (lines and unattributed together).
PROVINCE_COUNTS_SQL = f"""
WITH year_reports AS (
    SELECT r.* FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
    WHERE c.year = %(year)s AND r.status IN {RECEIVED}
), counts AS (
    SELECT yr.id AS report_id, m.province_id, l.participants, l.boys, l.girls, l.other
    FROM grants_finalreportline l JOIN year_reports yr ON yr.id = l.report_id
    JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = l.municipality_id
    UNION ALL
    SELECT id, '', unattributed_participants, unattributed_boys, unattributed_girls, unattributed_other
    FROM year_reports
), split AS (
    SELECT *, COALESCE(boys, 0) + COALESCE(girls, 0) + COALESCE(other, 0) > 0 AS has_split FROM counts
)
SELECT GROUPING(province_id) = 1, province_id, SUM(participants),
       COALESCE(SUM(boys) FILTER (WHERE has_split), 0), COALESCE(SUM(girls) FILTER (WHERE has_split), 0),
       COALESCE(SUM(other) FILTER (WHERE has_split), 0),
       COUNT(DISTINCT report_id) FILTER (WHERE participants IS NOT NULL),
       COUNT(DISTINCT report_id) FILTER (WHERE has_split)
FROM split GROUP BY GROUPING SETS ((province_id), ())
"""

# Per province the awards funding one of its municipalities or with a received report line there, and their
# received reports; the empty grouping set is every award of the year.
PROVINCE_REPORTS_SQL = f"""
WITH year_awards AS (
    SELECT a.id, r.id AS report_id, r.status IN {RECEIVED} AS received
    FROM {AWARDS_OF_CALLS} LEFT JOIN grants_finalreport r ON r.award_id = a.id WHERE c.year = %(year)s
), placed AS (
    SELECT ya.id, ya.report_id, ya.received, m.province_id FROM year_awards ya
    JOIN grants_award_funded_municipalities fm ON fm.award_id = ya.id
    JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = fm.municipality_id
    UNION ALL
    SELECT ya.id, ya.report_id, true, m.province_id FROM year_awards ya
    JOIN grants_finalreportline l ON l.report_id = ya.report_id
    JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = l.municipality_id WHERE ya.received
)
SELECT province_id, COUNT(DISTINCT id), COUNT(DISTINCT report_id) FILTER (WHERE received) FROM placed
GROUP BY province_id
UNION ALL
SELECT NULL, COUNT(*), COUNT(*) FILTER (WHERE received) FROM year_awards
"""

# Each award's amount divided over its municipalities, with one count per award (not one per pair).
MUNICIPALITY_FUNDED_SQL = f"""
WITH year_awards AS (
    SELECT a.id, a.amount, ap.academy_id, r.status IN {RECEIVED} AS received
    FROM {AWARDS_OF_CALLS} LEFT JOIN grants_finalreport r ON r.award_id = a.id WHERE c.year = %(year)s
), funded AS (
    SELECT fm.award_id, fm.municipality_id FROM grants_award_funded_municipalities fm
    JOIN year_awards ya ON ya.id = fm.award_id
), per_award AS (SELECT award_id, COUNT(*) AS n FROM funded GROUP BY award_id)
SELECT f.municipality_id, COUNT(*), COUNT(DISTINCT ya.academy_id), COUNT(*) FILTER (WHERE ya.received),
       ROUND(ROUND(SUM(ya.amount::numeric(40, 28) / pa.n), 20), 2)
FROM funded f JOIN year_awards ya ON ya.id = f.award_id JOIN per_award pa ON pa.award_id = f.award_id
JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = f.municipality_id
WHERE %(province)s::text IS NULL OR m.province_id = %(province)s
GROUP BY f.municipality_id
"""

MUNICIPALITY_LINES_SQL = f"""
SELECT l.municipality_id, COUNT(DISTINCT ap.academy_id), SUM(l.participants), SUM(l.boys), SUM(l.girls),
       SUM(l.other)
FROM grants_finalreportline l JOIN grants_finalreport r ON r.id = l.report_id
JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = l.municipality_id
WHERE c.year = %(year)s AND r.status IN {RECEIVED} AND (%(province)s::text IS NULL OR m.province_id = %(province)s)
GROUP BY l.municipality_id
"""

MUNICIPALITY_LIST_SQL = f"""
SELECT m.nis_code FROM ({MUNICIPALITIES_OF_YEAR}) m WHERE %(province)s::text IS NULL OR m.province_id = %(province)s
"""

UNATTRIBUTED_SQL = f"""
SELECT SUM(r.unattributed_participants), SUM(r.unattributed_boys), SUM(r.unattributed_girls),
       SUM(r.unattributed_other)
FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
WHERE c.year = %(year)s AND r.status IN {RECEIVED}
"""

EXPECTED_SQL = f"""
SELECT ac.organisation_type, COUNT(*) FROM {AWARDS_OF_CALLS} JOIN academies_academy ac ON ac.id = ap.academy_id
WHERE c.year = %(year)s GROUP BY ac.organisation_type
"""

# Per received report its line sums, then per organisation type: coverage, participants and gender sums; per
# academy its reports' splits pooled, then per organisation type the number of academies with a split and the sum
# of their shares (the mean is that sum over those academies).
PARTICIPATION_SQL = f"""
WITH reports AS (
    SELECT ac.organisation_type AS kind, ac.id AS academy_id, r.unattributed_participants AS u_participants,
           SUM(l.participants) AS l_participants, COUNT(l.participants) AS l_values,
           COALESCE(SUM(l.boys), 0) + COALESCE(r.unattributed_boys, 0) AS boys,
           COALESCE(SUM(l.girls), 0) + COALESCE(r.unattributed_girls, 0) AS girls,
           COALESCE(SUM(l.other), 0) + COALESCE(r.unattributed_other, 0) AS other
    FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
    JOIN academies_academy ac ON ac.id = ap.academy_id
    LEFT JOIN grants_finalreportline l ON l.report_id = r.id
    WHERE c.year = %(year)s AND r.status IN {RECEIVED}
    GROUP BY r.id, ac.id, ac.organisation_type
), split AS (SELECT *, boys + girls + other AS total FROM reports
), per_kind AS (
    SELECT kind, COUNT(*) AS received, COUNT(*) FILTER (WHERE l_values > 0 OR u_participants IS NOT NULL) AS counted,
           SUM(l_participants) AS l_participants, SUM(u_participants) AS u_participants,
           COUNT(*) FILTER (WHERE total > 0) AS with_split, SUM(boys) FILTER (WHERE total > 0) AS boys,
           SUM(girls) FILTER (WHERE total > 0) AS girls, SUM(other) FILTER (WHERE total > 0) AS other
    FROM split GROUP BY kind
), academies AS (
    SELECT kind, SUM(boys)::numeric(40, 28) AS boys, SUM(girls)::numeric(40, 28) AS girls,
           SUM(other)::numeric(40, 28) AS other, SUM(total) AS total
    FROM split WHERE total > 0 GROUP BY kind, academy_id
), per_academy AS (
    SELECT kind, COUNT(*) AS academies, SUM(boys / total) AS boys, SUM(girls / total) AS girls,
           SUM(other / total) AS other
    FROM academies GROUP BY kind
)
SELECT k.kind, k.received, k.counted, k.l_participants, k.u_participants, k.with_split, k.boys, k.girls, k.other,
       COALESCE(pa.academies, 0), pa.boys, pa.girls, pa.other
FROM per_kind k LEFT JOIN per_academy pa ON pa.kind = k.kind
"""

MONEY_CALLS_SQL = """
SELECT c.year, c.code, COUNT(a.id), COUNT(DISTINCT ap.academy_id) FILTER (WHERE a.id IS NOT NULL),
       COALESCE(SUM(a.amount), 0), c.budget
FROM grants_call c LEFT JOIN grants_application ap ON ap.call_id = c.id
LEFT JOIN grants_award a ON a.application_id = ap.id
WHERE %(year)s::int IS NULL OR c.year IN (%(year)s, %(year)s + 1)
GROUP BY c.id
"""

MONEY_BUDGETS_SQL = """
SELECT year, amount FROM grants_yearbudget WHERE %(year)s::int IS NULL OR year IN (%(year)s, %(year)s + 1)
"""

# NIS code -> the municipality standing for it in the basis year (successors followed while the municipality
# ended before that year), as a recursive CTE; `mapped(code, basis_code)`.
MAPPED_CTE = """
WITH RECURSIVE chain AS (
    SELECT nis_code AS code, nis_code AS current, valid_to, successor_id FROM academies_municipality
    UNION ALL
    SELECT chain.code, m.nis_code, m.valid_to, m.successor_id
    FROM chain JOIN academies_municipality m ON m.nis_code = chain.successor_id
    WHERE chain.valid_to < %(basis_first)s
), mapped AS (
    SELECT code, current AS basis_code FROM chain
    WHERE NOT (valid_to IS NOT NULL AND valid_to < %(basis_first)s AND successor_id IS NOT NULL)
)
"""

BOUNDARIES_SQL = f"""
SELECT b.municipality_id, b.path FROM reports_municipalityboundary b
JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = b.municipality_id
WHERE %(province)s::text IS NULL OR m.province_id = %(province)s
"""

TREND_AWARDS_SQL = f"""
SELECT c.year, COUNT(*), COUNT(DISTINCT ap.academy_id), SUM(a.amount) FROM {AWARDS_OF_CALLS} GROUP BY c.year
"""

TREND_PLANNED_SQL = f"""
SELECT year, COUNT(*) FROM (
    SELECT DISTINCT c.year, fm.municipality_id FROM grants_award_funded_municipalities fm
    JOIN {AWARDS_OF_CALLS} ON a.id = fm.award_id
) pairs GROUP BY year
"""

TREND_CONFIRMED_SQL = f"""
SELECT year, COUNT(*), SUM(participants) FROM (
    SELECT c.year, l.municipality_id, SUM(l.participants) AS participants FROM grants_finalreportline l
    JOIN grants_finalreport r ON r.id = l.report_id JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
    WHERE r.status IN {RECEIVED} GROUP BY c.year, l.municipality_id
) pairs GROUP BY year
"""

TREND_PLANNED_MAPPED_SQL = MAPPED_CTE + f"""
SELECT year, COUNT(*) FROM (
    SELECT DISTINCT c.year, mapped.basis_code FROM grants_award_funded_municipalities fm
    JOIN {AWARDS_OF_CALLS} ON a.id = fm.award_id JOIN mapped ON mapped.code = fm.municipality_id
) pairs GROUP BY year
"""

TREND_CONFIRMED_MAPPED_SQL = MAPPED_CTE + f"""
SELECT c.year, COUNT(DISTINCT mapped.basis_code), SUM(l.participants) FROM grants_finalreportline l
JOIN grants_finalreport r ON r.id = l.report_id JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
JOIN mapped ON mapped.code = l.municipality_id
WHERE r.status IN {RECEIVED} GROUP BY c.year
"""

TREND_REPORTS_SQL = f"""
SELECT c.year, COUNT(*),
       COUNT(*) FILTER (WHERE r.unattributed_participants IS NOT NULL OR EXISTS (
           SELECT 1 FROM grants_finalreportline l WHERE l.report_id = r.id AND l.participants IS NOT NULL)),
       SUM(r.unattributed_participants)
FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
WHERE r.status IN {RECEIVED} GROUP BY c.year
"""

TREND_EVENTS_SQL = """
SELECT EXTRACT(YEAR FROM start_date)::int, COUNT(*), COUNT(*) FILTER (WHERE has_stem_label)
FROM academies_event WHERE start_date IS NOT NULL GROUP BY 1
"""

TREND_RECOGNISED_SQL = """
SELECT y.year, COUNT(DISTINCT r.academy_id)
FROM generate_series(%(first_year)s::int, %(last_year)s::int) AS y(year)
LEFT JOIN academies_recognition r ON r.valid_from <= make_date(y.year, 12, 31)
     AND (r.valid_to IS NULL OR r.valid_to >= make_date(y.year, 1, 1))
GROUP BY y.year
"""
