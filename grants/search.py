"""Staff search: one query string, matched against academies (name, code, KBO number, seat), calls (code, title,
year), municipalities (name, NIS code, postcode), applications, awards and final reports (their academy's name or
KBO number, their call's code, their number "#12", or a municipality they plan, fund or report by name, NIS code or
postcode). One query per kind, whatever the amount of data.

On PostgreSQL names match by full-text search (configuration "simple") or, for typing errors and partial words,
by trigram word similarity (extension pg_trgm, enabled by migration grants 0006); on other databases by a
case-insensitive substring. What a user may find is `kinds_for(user)`: managers every kind, readers the kinds
without personal data (academies, calls, awards, municipalities), academy contacts nothing."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academies.belgian import format_euro
from academies.models import Academy, Municipality, Recognition
from grants.models import Application, Award, Call, FinalReport

MIN_LENGTH = 2
MAX_LENGTH = 100
LIMIT = 20
TRIGRAM_THRESHOLD = 0.5

ACADEMIES = "academies"
APPLICATIONS = "applications"
AWARDS = "awards"
FINAL_REPORTS = "final_reports"
CALLS = "calls"
MUNICIPALITIES = "municipalities"

KIND_TITLES = {
    ACADEMIES: gettext_lazy("Academies"),
    APPLICATIONS: gettext_lazy("Applications"),
    AWARDS: gettext_lazy("Awards"),
    FINAL_REPORTS: gettext_lazy("Final reports"),
    CALLS: gettext_lazy("Calls"),
    MUNICIPALITIES: gettext_lazy("Municipalities"),
}
READER_KINDS = (ACADEMIES, CALLS, AWARDS, MUNICIPALITIES)
MANAGER_KINDS = (ACADEMIES, APPLICATIONS, AWARDS, FINAL_REPORTS, CALLS, MUNICIPALITIES)


@dataclass(frozen=True)
class Hit:
    label: str
    detail: str
    status: str
    url: str | None


@dataclass
class Group:
    kind: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False

    @property
    def title(self) -> str:
        return str(KIND_TITLES[self.kind])


@dataclass(frozen=True)
class Terms:
    """The query as typed, and what it can also be read as: digits (KBO 0123.456.789, NIS code, postcode, year)
    and an object number ("#12" or "12")."""

    text: str
    digits: str
    number: int | None

    @classmethod
    def parse(cls, query: str) -> "Terms":
        text = " ".join(query.split())[:MAX_LENGTH]
        digits = re.sub(r"[\s./-]", "", text)
        digits = digits if digits.isascii() and digits.isdigit() else ""
        reference = re.fullmatch(r"#?\s*(\d{1,9})", text)
        return cls(text=text, digits=digits, number=int(reference.group(1)) if reference else None)


def kinds_for(user) -> tuple[str, ...]:
    if not user.has_perm("grants.view_staff_pages"):
        return ()
    if user.has_perm("grants.view_personal_data"):
        return MANAGER_KINDS
    return READER_KINDS


def name_matches(text: str, *fields: str) -> Q:
    """The name condition: full-text or trigram word similarity on PostgreSQL, a substring elsewhere."""
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": text})
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import (
            SearchQuery,
            SearchVector,
            SearchVectorExact,
            TrigramWordSimilarity,
        )

        condition |= SearchVectorExact(SearchVector(*fields, config="simple"),
                                       SearchQuery(text, config="simple", search_type="websearch"))
        for name in fields:
            condition |= GreaterThanOrEqual(TrigramWordSimilarity(text, name), TRIGRAM_THRESHOLD)
    return condition


def by_similarity(queryset, text: str, name: str, *fallback: str):
    """Best name match first on PostgreSQL; alphabetical elsewhere."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        return queryset.annotate(similarity=TrigramWordSimilarity(text, name)).order_by("-similarity", *fallback)
    return queryset.order_by(*fallback)


def academy_condition(terms: Terms, prefix: str = "") -> Q:
    condition = name_matches(terms.text, f"{prefix}name") | Q(**{f"{prefix}code__iexact": terms.text})
    if len(terms.digits) in (9, 10):
        condition |= Q(**{f"{prefix}kbo_number": terms.digits.zfill(10)})
    elif len(terms.digits) >= 4:
        condition |= Q(**{f"{prefix}kbo_number__contains": terms.digits})
    return condition


def call_condition(terms: Terms, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}code__iexact": terms.text})
    if len(terms.digits) == 4:
        condition |= Q(**{f"{prefix}year": int(terms.digits)})
    return condition


def municipality_condition(terms: Terms) -> Q:
    """A municipality by its name (Dutch or French), NIS code or one of its postcodes."""
    condition = name_matches(terms.text, "name_nl", "name_fr")
    if len(terms.digits) == 5:
        condition |= Q(nis_code=terms.digits)
    if len(terms.digits) == 4:
        condition |= Q(pk__in=Municipality.objects.filter(postcodes__code=terms.digits).values("pk"))
    return condition


def in_municipalities(terms: Terms, model, path: str) -> Q:
    """`model` rows linked through `path` to a municipality the query names (a subquery: no duplicates)."""
    matched = Municipality.objects.filter(municipality_condition(terms)).values("pk")
    return Q(pk__in=model.objects.filter(**{f"{path}__in": matched}).values("pk"))


def limited(queryset) -> tuple[list, bool]:
    rows = list(queryset[:LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def academy_hits(terms: Terms, user) -> Group:
    condition = academy_condition(terms) | in_municipalities(terms, Academy, "seat_municipality")
    queryset = Academy.objects.filter(condition).select_related("seat_municipality").annotate(
        recognised=Exists(Recognition.objects.valid_on(timezone.localdate()).filter(academy=OuterRef("pk"))))
    rows, more = limited(by_similarity(queryset, terms.text, "name", "name"))
    return Group(ACADEMIES, [
        Hit(label=academy.name,
            detail=" · ".join(part for part in (academy.seat_municipality.name_nl, academy.kbo_number) if part),
            status=_("recognised") if academy.recognised else _("not recognised"),
            url=reverse("grants:staff-academy-detail", args=[academy.pk]))
        for academy in rows], more)


def call_hits(terms: Terms, user) -> Group:
    queryset = Call.objects.filter(call_condition(terms) | Q(code__icontains=terms.text)
                                   | name_matches(terms.text, "title"))
    rows, more = limited(queryset.order_by("-year", "code"))
    now = timezone.now()
    may_change = user.has_perm("grants.change_call")

    def status(call) -> str:
        if now < call.opens_at:
            return _("not open yet")
        return _("open") if call.is_open_at(now) else _("closed")

    return Group(CALLS, [
        Hit(label=str(call), detail=f"{call.code} · {call.get_kind_display()}", status=status(call),
            url=reverse("grants:staff-call-edit", args=[call.pk]) if may_change else None)
        for call in rows], more)


def municipality_hits(terms: Terms, user) -> Group:
    queryset = Municipality.objects.filter(municipality_condition(terms)).select_related("province", "successor")
    rows, more = limited(by_similarity(queryset, terms.text, "name_nl", "name_nl", "-valid_from"))
    may_view = user.has_perm("academies.view_municipality")

    def status(municipality) -> str:
        if municipality.valid_to is None:
            return _("current")
        if municipality.successor is not None:
            return _("merged into %(name)s on 1 January %(year)s") % {
                "name": municipality.successor.name_nl, "year": municipality.valid_to.year + 1}
        return _("until %(year)s") % {"year": municipality.valid_to.year}

    return Group(MUNICIPALITIES, [
        Hit(label=municipality.name_nl, detail=f"{municipality.nis_code} · {municipality.province.name_nl}",
            status=status(municipality),
            url=reverse("admin:academies_municipality_change", args=[municipality.pk]) if may_view else None)
        for municipality in rows], more)


def application_hits(terms: Terms, user) -> Group:
    condition = (academy_condition(terms, "academy__") | call_condition(terms, "call__")
                 | in_municipalities(terms, Application, "planned_municipalities"))
    if terms.number is not None:
        condition |= Q(pk=terms.number)
    queryset = Application.objects.filter(condition).select_related("call", "academy")
    rows, more = limited(queryset.order_by("-call__year", "academy__name", "pk"))
    return Group(APPLICATIONS, [
        Hit(label=f"#{application.pk} {application.academy.name}", detail=str(application.call),
            status=application.get_status_display(),
            url=reverse("grants:staff-application-detail", args=[application.pk]))
        for application in rows], more)


def award_hits(terms: Terms, user) -> Group:
    condition = (academy_condition(terms, "application__academy__") | call_condition(terms, "application__call__")
                 | in_municipalities(terms, Award, "funded_municipalities"))
    if terms.number is not None:
        condition |= Q(pk=terms.number) | Q(application_id=terms.number)
    queryset = Award.objects.filter(condition).select_related(
        "application__call", "application__academy", "final_report")
    rows, more = limited(queryset.order_by("-application__call__year", "application__academy__name", "pk"))
    may_open = user.has_perm("grants.view_personal_data")

    def status(award) -> str:
        report = getattr(award, "final_report", None)
        if report is None:
            return _("final report not started")
        return _("final report: %(status)s") % {"status": report.get_status_display()}

    return Group(AWARDS, [
        Hit(label=f"{award.application.academy.name} · {format_euro(award.amount)}",
            detail=str(award.application.call), status=status(award),
            url=reverse("grants:staff-application-detail", args=[award.application_id]) if may_open else None)
        for award in rows], more)


def final_report_hits(terms: Terms, user) -> Group:
    condition = (academy_condition(terms, "award__application__academy__")
                 | call_condition(terms, "award__application__call__")
                 | in_municipalities(terms, FinalReport, "lines__municipality"))
    if terms.number is not None:
        condition |= Q(pk=terms.number)
    queryset = FinalReport.objects.filter(condition).for_table()
    rows, more = limited(queryset.order_by("-award__application__call__year", "award__application__academy__name",
                                           "pk"))
    return Group(FINAL_REPORTS, [
        Hit(label=f"#{report.pk} {report.award.application.academy.name}", detail=str(report.award.application.call),
            status=report.get_status_display(), url=reverse("grants:staff-report-detail", args=[report.pk]))
        for report in rows], more)


FINDERS = {
    ACADEMIES: academy_hits,
    APPLICATIONS: application_hits,
    AWARDS: award_hits,
    FINAL_REPORTS: final_report_hits,
    CALLS: call_hits,
    MUNICIPALITIES: municipality_hits,
}


def search(*, user, query: str) -> list[Group]:
    """The groups `user` may see that have hits for `query`, in the order of `kinds_for(user)`. A query shorter
    than MIN_LENGTH characters finds nothing."""
    terms = Terms.parse(query)
    if len(terms.text) < MIN_LENGTH and terms.number is None:
        return []
    groups = [FINDERS[kind](terms, user) for kind in kinds_for(user)]
    return [group for group in groups if group.hits]
