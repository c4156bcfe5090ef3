"""An empty XLSX template per import kind, for a year the user picks (`template_years()`; default: this year).

The data sheet has the header row of the kind and drop-down lists (data validation) for the choice columns
(status, organisation type, call kind), the single-municipality columns, and the `oproep` and `academie` columns.
Further sheets list what those lists take: the municipalities valid in the year (NIS code, name, province,
postcodes), the calls (code, year, kind, title) and the academies (code, name, seat), so that nobody needs to know
an internal code by heart. A municipality cell takes every value the importer accepts for the year (the
municipality's name, "9070 Destelbergen", a postcode that names one municipality, a NIS code: the hidden
`keuzelijsten` sheet holds them, checked against `academies.municipalities.MunicipalityResolver`), and refuses
anything else (Excel and LibreOffice). Stored names are written as `academies.text.printable_line` leaves them,
formula-like ones behind an apostrophe (as every export of the app), so no name can break the workbook or run as a
formula."""

import datetime
import io
from collections import defaultdict

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from academies.belgian import FieldError, neutralise_formula
from academies.models import Academy, Municipality, OrganisationType, Postcode
from academies.municipalities import MunicipalityResolver
from academies.text import printable_line
from grants.models import Call, CallKind, FinalReportStatus

TEMPLATE_ROWS = 5000
CHOICE_COLUMNS = {"type_organisatie": OrganisationType, "soort": CallKind, "status": FinalReportStatus}
MUNICIPALITY_COLUMNS = ("gemeente", "gemeente_zetel")
CODE_COLUMNS = ("oproep", "academie")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_year(year: int | None) -> int:
    return year or datetime.date.today().year


def template_years() -> list[int]:
    """The years a template can be made for, newest first: from the first year of the programme to next year, or
    to the year of the newest call when that is later."""
    newest_call = Call.objects.aggregate(newest=Max("year"))["newest"] or 0
    last = max(datetime.date.today().year + 1, newest_call)
    return list(range(last, settings.PROGRAMME_START_YEAR - 1, -1))


def template_filename(kind, year: int | None) -> str:
    with override("nl"):
        return f"{_('template')}-{kind.key}-{template_year(year)}.xlsx"


def choice_labels(choices) -> list[str]:
    """The Dutch labels, which the importer accepts as well as the codes."""
    with override("nl"):
        return [str(label) for _key, label in choices.choices]


def _cell(value):
    return neutralise_formula(printable_line(value)) if isinstance(value, str) else value


def municipality_values(year: int) -> list:
    """Every value a municipality cell of a `year` template takes, each one the importer resolves for the year:
    the names, "postcode name" for every postcode of a municipality, then (as numbers, as a typed number is stored)
    the postcodes that name one municipality and the NIS codes."""
    resolver = MunicipalityResolver()
    municipalities = list(Municipality.objects.for_year(year).order_by("name_nl").values_list("nis_code", "name_nl"))
    names = dict(municipalities)
    pairs = list(Postcode.objects.for_year(year).values_list("code", "municipality_id"))
    values = [name for _code, name in municipalities]
    values += [f"{code} {names[nis_code]}" for code, nis_code in pairs]
    for postcode in sorted({code for code, _nis_code in pairs}):
        try:
            resolver.resolve(postcode, year)
        except FieldError:
            continue  # a postcode of two municipalities: only "postcode name" is accepted
        values.append(int(postcode))
    values += [int(code) for code, _name in municipalities]
    return values


def _bold_header(sheet, header: list[str], widths: dict[str, int]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def _list_validation(sheet, *, formula: str, column: int, title: str, prompt: str) -> None:
    letter = get_column_letter(column)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                errorStyle="stop", errorTitle=title[:32], error=prompt[:255], showInputMessage=True,
                                promptTitle=title[:32], prompt=prompt[:255])
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


class _Lists:
    """The hidden sheet `keuzelijsten`: one column per list; `add` returns the formula of the list's range."""

    def __init__(self, workbook):
        self.workbook, self.sheet, self.title = workbook, None, _("lists")

    def add(self, name: str, values: list) -> str:
        if self.sheet is None:
            self.sheet = self.workbook.create_sheet(self.title)
            self.sheet.sheet_state = "hidden"
            column = 1
        else:
            column = self.sheet.max_column + 1
        letter = get_column_letter(column)
        self.sheet.cell(row=1, column=column, value=name)
        for row, value in enumerate(values, start=2):
            self.sheet.cell(row=row, column=column, value=_cell(value))
        return f"{quote_sheetname(self.title)}!${letter}$2:${letter}${len(values) + 1}"


def _municipalities_sheet(workbook, year: int) -> str:
    title = _("municipalities %(year)s") % {"year": year}
    sheet = workbook.create_sheet(title)
    _bold_header(sheet, [_("NIS code"), _("name"), _("province"), _("postcodes")], {"B": 30, "C": 20, "D": 30})
    postcodes = defaultdict(list)
    for code, nis_code in Postcode.objects.for_year(year).values_list("code", "municipality_id"):
        postcodes[nis_code].append(code)
    for nis_code, name, province in Municipality.objects.for_year(year).order_by("name_nl").values_list(
            "nis_code", "name_nl", "province__name_nl"):
        sheet.append([_cell(nis_code), _cell(name), _cell(province), ", ".join(sorted(postcodes[nis_code]))])
    return title


def _codes_sheet(workbook, column: str, year: int) -> tuple[str, int]:
    """The sheet of calls or academies with their codes in column A; (its title, number of rows)."""
    if column == "oproep":
        title = _("calls")
        header = [_("code"), _("year"), _("kind"), _("title")]
        kinds = dict(CallKind.choices)
        rows = [[code, call_year, str(kinds.get(kind, kind)), name] for code, call_year, kind, name in
                Call.objects.values_list("code", "year", "kind", "title")]
        rows.sort(key=lambda row: (row[1] != year, -row[1], row[0]))  # the template's year first
    else:
        title = _("academies")
        header = [_("code"), _("name"), _("seat municipality")]
        rows = [list(row) for row in Academy.objects.order_by("name").values_list(
            "code", "name", "seat_municipality__name_nl")]
    sheet = workbook.create_sheet(title)
    _bold_header(sheet, header, {"A": 30, "B": 40, "C": 20, "D": 50})
    for row in rows:
        sheet.append([_cell(value) for value in row])
    return title, len(rows)


def _column_validations(workbook, data, header: list[str], year: int) -> None:
    lists = _Lists(workbook)
    municipalities_title = _municipalities_sheet(workbook, year)
    for index, name in enumerate(header, start=1):
        if name in MUNICIPALITY_COLUMNS:
            formula = lists.add(name, municipality_values(year))
            prompt = _("Choose a municipality that exists in %(year)s (sheet '%(sheet)s'): its name, postcode or "
                       "NIS code.") % {"year": year, "sheet": municipalities_title}
        elif name in CODE_COLUMNS:
            title, count = _codes_sheet(workbook, name, year)
            formula = f"{quote_sheetname(title)}!$A$2:$A${max(count, 1) + 1}"
            prompt = _("Choose a code from the sheet '%(sheet)s'.") % {"sheet": title}
        elif name in CHOICE_COLUMNS:
            labels = choice_labels(CHOICE_COLUMNS[name])
            formula = lists.add(name, labels)
            prompt = _("Choose one of: %(choices)s") % {"choices": ", ".join(labels)}
        else:
            continue
        _list_validation(data, formula=formula, column=index, title=name, prompt=prompt)


def template_workbook(kind, *, year: int | None = None) -> bytes:
    """The template of an import kind (an exchange kind object) as XLSX bytes, for the municipalities of `year`
    (default: this year)."""
    year = template_year(year)
    workbook = Workbook()
    data = workbook.active
    with override("nl"):
        data.title = str(kind.label)[:31]
        header = kind.header()
        _bold_header(data, header, {get_column_letter(index): max(12, len(name) + 4)
                                    for index, name in enumerate(header, start=1)})
        _column_validations(workbook, data, header, year)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
