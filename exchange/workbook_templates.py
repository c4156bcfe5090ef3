"""An empty XLSX template per import kind: the header row of the kind, drop-down lists (data validation) for the
choice columns (status, organisation type, call kind) and for the single-municipality columns, and a second sheet
listing the municipalities valid in the chosen year, so that a file made from the template cannot name an unknown
municipality. A list cell refuses typed values that are not on its list (Excel and LibreOffice)."""

import datetime
import io

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from academies.belgian import neutralise_formula
from academies.models import Municipality, OrganisationType
from grants.models import CallKind, FinalReportStatus

TEMPLATE_ROWS = 5000
CHOICE_COLUMNS = {"type_organisatie": OrganisationType, "soort": CallKind, "status": FinalReportStatus}
MUNICIPALITY_COLUMNS = ("gemeente", "gemeente_zetel")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_year(year: int | None) -> int:
    return year or datetime.date.today().year


def template_filename(kind, year: int | None) -> str:
    with override("nl"):
        return f"{_('template')}-{kind.key}-{template_year(year)}.xlsx"


def choice_labels(choices) -> list[str]:
    """The Dutch labels, which the importer accepts as well as the codes."""
    with override("nl"):
        return [str(label) for _key, label in choices.choices]


def _list_validation(sheet, *, formula: str, column: int, title: str, prompt: str) -> None:
    letter = get_column_letter(column)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                errorStyle="stop", errorTitle=title[:32], error=prompt, showInputMessage=True,
                                promptTitle=title[:32], prompt=prompt)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def template_workbook(kind, *, year: int | None = None) -> bytes:
    """The template of an import kind (an exchange kind object) as XLSX bytes, for the municipalities of `year`
    (default: this year)."""
    year = template_year(year)
    workbook = Workbook()
    data = workbook.active
    with override("nl"):
        data.title = str(kind.label)[:31]
        municipalities_title = _("municipalities %(year)s") % {"year": year}
        lists_title = _("lists")
        header = kind.header()
        data.append(header)
        for cell in data[1]:
            cell.font = Font(bold=True)
        data.freeze_panes = "A2"
        for index, name in enumerate(header, start=1):
            data.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 4)

        municipalities = workbook.create_sheet(municipalities_title)
        municipalities.append([_("NIS code"), _("name"), _("province")])
        for cell in municipalities[1]:
            cell.font = Font(bold=True)
        municipalities.freeze_panes = "A2"
        rows = list(Municipality.objects.for_year(year).order_by("name_nl").values_list(
            "nis_code", "name_nl", "province__name_nl"))
        for row in rows:
            municipalities.append([neutralise_formula(value) for value in row])
        municipalities.column_dimensions["B"].width = 30
        municipalities.column_dimensions["C"].width = 20
        names = f"{quote_sheetname(municipalities_title)}!$B$2:$B${len(rows) + 1}"

        lists = None
        for index, name in enumerate(header, start=1):
            if name in MUNICIPALITY_COLUMNS:
                _list_validation(data, formula=names, column=index, title=name,
                                 prompt=_("Choose a municipality that exists in %(year)s (sheet '%(sheet)s').") % {
                                     "year": year, "sheet": municipalities_title})
            elif name in CHOICE_COLUMNS:
                if lists is None:
                    lists = workbook.create_sheet(lists_title)
                    lists.sheet_state = "hidden"
                labels = choice_labels(CHOICE_COLUMNS[name])
                column = lists.max_column + (1 if lists.max_row > 1 or lists["A1"].value else 0)
                letter = get_column_letter(column)
                lists.cell(row=1, column=column, value=name)
                for row, label in enumerate(labels, start=2):
                    lists.cell(row=row, column=column, value=label)
                _list_validation(data, formula=f"{quote_sheetname(lists_title)}!${letter}$2:${letter}$"
                                                f"{len(labels) + 1}", column=index, title=name,
                                 prompt=_("Choose one of: %(choices)s") % {"choices": ", ".join(labels)})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
