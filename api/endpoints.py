"""The read API, version 1. Every figure comes from reports.selectors, as on the report pages."""

from typing import Literal

from django.db.models import Prefetch
from django.http import Http404
from django.urls import URLPattern
from django.utils.translation import gettext
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from academies.models import Municipality, UitSnapshot
from api import schemas
from api.auth import StaffReader
from api.validation import translated_errors
from api.views import api_index
from grants.models import Award, Call, CallKind
from payments.models import Payment, Settlement
from reports import selectors

CallKindParam = Literal[tuple(CallKind.values)]
YEAR = {"ge": 2000, "le": 2100, "description": "Call year"}
PROVINCE = {"pattern": r"^[0-9]{5}$", "description": "NIS code of a province, e.g. 70000 (Limburg)"}
ERRORS = {401: schemas.ErrorOut, 403: schemas.ErrorOut, 422: schemas.ValidationErrorOut}

class TranslatedNinjaAPI(NinjaAPI):
    """The OpenAPI document (and so the docs page) in the active language: the title, description, operation
    summaries and descriptions and parameter descriptions are looked up in the api catalogue (api/locale), the
    English text being the message id."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for key in ("title", "description"):
            schema["info"][key] = gettext(schema["info"][key])
        for operations in schema["paths"].values():
            for operation in operations.values():
                for key in ("summary", "description"):
                    if operation.get(key):
                        operation[key] = gettext(operation[key])
                for parameter in operation.get("parameters", []):
                    if parameter.get("description"):
                        parameter["description"] = gettext(parameter["description"])
                for response in operation.get("responses", {}).values():
                    response["description"] = gettext(response["description"])
        return schema


api = TranslatedNinjaAPI(
    title="STEM-academies API",
    version="1",
    description="Read-only figures of VLAIO's STEM-academies subsidies (docs/api.md). Authenticate with "
                "`Authorization: Bearer <token>`; tokens are created by VLAIO staff in the admin.",
    urls_namespace="api-v1",
    auth=StaffReader(),
    openapi_url="/openapi.json",
    docs_url="/docs/",
)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    """django-ninja's errors (401 "Unauthorized", 403 "Forbidden", 429) with their detail in the active language."""
    return api.create_response(request, {"detail": gettext(exc.message)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    """A parameter out of range or of the wrong type (422): each problem's `msg` in the active language."""
    return api.create_response(request, {"detail": translated_errors(exc.errors)}, status=422)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return api.create_response(request, {"detail": gettext("Not Found")}, status=404)


def urls():
    """The API's URL patterns with Django's CSRF check on: django-ninja marks its views csrf_exempt, but this API
    only reads, so a POST (or any unsafe method) without a CSRF token is refused by the middleware like on every
    other URL of the project (tests/production/test_csrf.py); GET with a token or a session is unaffected.
    django-ninja's own root view (an empty 404) is replaced by `api.views.api_index`, a page linking the docs."""
    patterns, app_name, namespace = api.urls

    def checked(view):
        def view_with_csrf_check(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return view_with_csrf_check

    return [URLPattern(pattern.pattern, checked(api_index if pattern.name == "api-root" else pattern.callback),
                       pattern.default_args, pattern.name)
            for pattern in patterns], app_name, namespace


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000)


class CallFilter(Schema):
    year: int | None = Field(None, **YEAR)
    call_kind: CallKindParam | None = None


class AwardFilter(CallFilter):
    province: str | None = Field(None, **PROVINCE)


class ReachFilter(Schema):
    year: int = Field(..., **YEAR)
    call_kind: CallKindParam | None = None


class MunicipalityReachFilter(ReachFilter):
    province: str | None = Field(None, **PROVINCE)


class TrendFilter(Schema):
    call_kind: CallKindParam | None = None


def _filtered(queryset, filters: CallFilter, prefix: str = ""):
    if filters.year is not None:
        queryset = queryset.filter(**{f"{prefix}year": filters.year})
    if filters.call_kind:
        queryset = queryset.filter(**{f"{prefix}kind": filters.call_kind})
    return queryset


@api.get("/calls", response={200: list[schemas.CallOut], **ERRORS}, tags=["calls and awards"])
@paginate(Pagination)
def list_calls(request, filters: Query[CallFilter]):
    """Calls with their budget, the number of awards and the amount awarded."""
    calls = _filtered(Call.objects.with_awarded_amount(), filters).order_by("-year", "kind", "code")
    return [{**call.__dict__, "awarded": selectors.cents(call.awarded_amount)} for call in calls]


@api.get("/awards", response={200: list[schemas.AwardOut], **ERRORS}, tags=["calls and awards"])
@paginate(Pagination)
def list_awards(request, filters: Query[AwardFilter]):
    """Awards: amount, academy and the municipalities funded. With `province`: awards funding at least one
    municipality of that province."""
    awards = _filtered(Award.objects.all(), filters, prefix="application__call__")
    if filters.province:
        awards = awards.filter(funded_municipalities__province_id=filters.province).distinct()
    awards = (awards.select_related("application__call", "application__academy")
              .prefetch_related(Prefetch("funded_municipalities", queryset=Municipality.objects.order_by("nis_code")))
              .order_by("-application__call__year", "application__call__code", "application__academy__code", "pk"))
    return [{
        "id": award.pk, "call": award.application.call.code, "year": award.application.call.year,
        "call_kind": award.application.call.kind, "amount": award.amount, "decided_on": award.decided_on,
        "academy": {"code": award.application.academy.code, "name": award.application.academy.name,
                    "organisation_type": award.application.academy.organisation_type,
                    "kbo_number": award.application.academy.kbo_number or None},
        "municipalities": [{"nis_code": municipality.nis_code, "name": municipality.name_nl,
                            "province_code": municipality.province_id}
                           for municipality in award.funded_municipalities.all()],
    } for award in awards]


@api.get("/years/{year}/figures", response={200: schemas.YearFiguresOut, **ERRORS}, tags=["figures"])
def year_figures(request, year: int = Path(..., ge=2000, le=2100)):
    """The figures of the answer sheet of `year`: reach per province, participants with coverage and gender, money
    per call and kind with the budget reserved for the next year, and the overview per year (with UiT events)."""
    participation = selectors.participation(year=year)
    money_years = selectors.money(year=year)
    this_year = next((entry for entry in money_years if entry.year == year), selectors.YearMoney(year))
    next_year = next((entry for entry in money_years if entry.year == year + 1), None)
    trend = selectors.trend()
    return {
        "year": year,
        "reach": selectors.reach_by_province(year=year),
        "participation": participation.total,
        "participation_by_organisation_type": participation.by_organisation_type,
        "money": {"calls": this_year.calls, "award_count": this_year.award_count, "awarded": this_year.awarded,
                  "by_kind": selectors.money_by_kind(money_years, year),
                  "reserved_next_year": next_year.reserved if next_year else None},
        "trend": trend,
        "this_year": next((row for row in trend if row.year == year), None),
    }


@api.get("/reach/provinces", response={200: schemas.ReachByProvinceOut, **ERRORS}, tags=["figures"])
def reach_by_province(request, filters: Query[ReachFilter]):
    """Municipalities reached per province: planned (awards) and confirmed (received final reports)."""
    return selectors.reach_by_province(year=filters.year, call_kind=filters.call_kind)


@api.get("/reach/municipalities", response={200: list[schemas.MunicipalityReachOut], **ERRORS}, tags=["figures"])
@paginate(Pagination)
def reach_by_municipality(request, filters: Query[MunicipalityReachFilter]):
    """One row per municipality of the year (annex 1): academies, awards, amount share, reports, participants."""
    return selectors.reach_by_municipality(year=filters.year, province=filters.province,
                                           call_kind=filters.call_kind).rows


@api.get("/trend", response={200: list[schemas.TrendYearOut], **ERRORS}, tags=["figures"])
def trend(request, filters: Query[TrendFilter]):
    """Per year since the start: municipalities, academies, awards, amounts, participants and UiT events."""
    return selectors.trend(call_kind=filters.call_kind)


class SnapshotFilter(Schema):
    year: int | None = Field(None, **YEAR)


@api.get("/uit/snapshots", response={200: list[schemas.UitSnapshotOut], **ERRORS}, tags=["UiTdatabank"])
@paginate(Pagination)
def uit_snapshots(request, filters: Query[SnapshotFilter]):
    """Fetches of UiTdatabank events, newest first: the queries, when, and the counts (all, with the STEM-academie
    label, per municipality as {NIS code: [events, with the label]})."""
    snapshots = UitSnapshot.objects.order_by("-fetched_at", "-pk")
    if filters.year is not None:
        snapshots = snapshots.filter(year=filters.year)
    return snapshots


@api.get("/payments", response={200: list[schemas.PaymentOut], **ERRORS}, tags=["payments"])
@paginate(Pagination)
def list_payments(request, filters: Query[CallFilter]):
    """Payments (advances and balances) with their status (due, in_batch, paid) and the day they were paid."""
    payments = _filtered(Payment.objects.for_table(), filters, prefix="award__application__call__").order_by(
        "-award__application__call__year", "award__application__call__code", "award__application__academy__code",
        "pk")
    return [{"reference": payment.reference, "award_id": payment.award_id,
             "call": payment.award.application.call.code, "year": payment.award.application.call.year,
             "academy_code": payment.award.application.academy.code, "kind": payment.kind,
             "amount": payment.amount, "status": payment.status, "paid_on": payment.paid_on}
            for payment in payments]


@api.get("/settlements", response={200: list[schemas.SettlementOut], **ERRORS}, tags=["payments"])
@paginate(Pagination)
def list_settlements(request, filters: Query[CallFilter]):
    """Settlements: the amount the call's rule gives from the accepted final report and the amount decided."""
    settlements = _filtered(Settlement.objects.select_related("award__application__call",
                                                              "award__application__academy"),
                            filters, prefix="award__application__call__").order_by(
        "-award__application__call__year", "award__application__call__code", "award__application__academy__code")
    return [{"award_id": settlement.award_id, "call": settlement.award.application.call.code,
             "year": settlement.award.application.call.year,
             "academy_code": settlement.award.application.academy.code, "awarded": settlement.award.amount,
             "computed_amount": settlement.computed_amount, "decided_amount": settlement.decided_amount,
             "overridden": settlement.is_overridden, "decided_at": settlement.decided_at}
            for settlement in settlements]
