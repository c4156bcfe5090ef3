"""Report tables render their rows in Python (`ReportTable.body_html`) exactly as the template loop of
`includes/table.html` renders `body_rows()`."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django_tables2 import RequestConfig

from academies.tables import cell_html
from reports.selectors import MunicipalityReach, ProvinceReach, TrendYear
from reports.tables import MunicipalityReachTable, ProvinceReachTable, TrendTable

LOOP = engines["django"].from_string("""{% load l10n %}{% for row_attrs, cells in table.body_rows %}
<tr {{ row_attrs }}>{% for cell_attrs, cell, localize in cells %}{% if forloop.first %}<th {{ cell_attrs }} scope="row">{% else %}<td {{ cell_attrs }}>{% endif %}{% if localize == None %}{{ cell }}{% else %}{% if localize %}{{ cell|localize }}{% else %}{{ cell|unlocalize }}{% endif %}{% endif %}{% if forloop.first %}</th>{% else %}</td>{% endif %}{% endfor %}</tr>
{% endfor %}""")  # noqa: E501 - the loop of includes/table.html


def normal(html: str) -> str:
    return re.sub(r"\s+", " ", html.replace("\n", "")).replace("> <", "><").strip()


def configured(table, query: str = "", per_page: int = 50):
    RequestConfig(RequestFactory().get("/" + query), paginate={"per_page": per_page}).configure(table)
    return table


def municipalities():
    return [
        MunicipalityReach("11002", "Antwerpen <&> \"stad\"", "10000", "Antwerpen", academies_planned=3, awards=4,
                          amount_share=Decimal("31413.48"), reports_expected=4, reports_received=2,
                          academies_confirmed=2, participants=1234, boys=600, girls=634, other=None),
        MunicipalityReach("=cmd|' /C calc'!A0", "Zonder cijfers", "40000", "Oost-Vlaanderen"),
        MunicipalityReach("44021", "Gent", "40000", "Oost-Vlaanderen", participants=0, boys=0, girls=0, other=0),
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("query", ["", "?sort=-participants", "?sort=name"])
def test_body_html_is_the_template_loop(language, query):
    def tables():
        return [
            configured(MunicipalityReachTable(municipalities()), query),
            configured(ProvinceReachTable([ProvinceReach("10000", "Antwerpen", 69, planned=["Antwerpen"],
                                                         confirmed=["Antwerpen"], participants=12, boys=5,
                                                         girls=7),
                                           ProvinceReach("", "Niet toe te wijzen", None)])),
            configured(TrendTable([TrendYear(2019, amount_awarded=Decimal("464500.00"), participants_attributed=37376,
                                             events=3, events_labelled=1), TrendYear(2020)])),
        ]

    with translation.override(language):
        for in_python, in_template in zip(tables(), tables(), strict=True):
            assert normal(in_python.body_html()) == normal(LOOP.render({"table": in_template}))


def test_an_empty_table_leaves_the_empty_state_to_the_template():
    assert configured(MunicipalityReachTable([])).body_html() == ""


@pytest.mark.parametrize(("value", "localize", "expected"), [
    (Decimal("1234.5"), None, "1.234,5"),
    (Decimal("1234.5"), False, "1234.5"),
    (1234567, True, "1.234.567"),
    ("<b>", None, "&lt;b&gt;"),
    (None, None, "None"),
    (datetime.date(2026, 11, 29), None, "29 november 2026"),
])
def test_cell_html_renders_as_a_template_variable(value, localize, expected):
    with translation.override("nl"):
        assert cell_html(value, localize) == expected


@pytest.mark.parametrize("query", ["", "?sort=-participants"])
def test_as_values_is_django_tables2s(query):
    from django_tables2 import Table

    for make in (lambda: MunicipalityReachTable(municipalities()),
                 lambda: TrendTable([TrendYear(2019, amount_awarded=Decimal("464500.00"), events=3), TrendYear(2020)]),
                 lambda: ProvinceReachTable([ProvinceReach("10000", "Antwerpen", 69, planned=["Antwerpen"]),
                                             ProvinceReach("", "Niet toe te wijzen", None)])):
        fast, reference = configured(make(), query), configured(make(), query)
        assert list(fast.as_values()) == list(Table.as_values(reference))
