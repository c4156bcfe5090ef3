import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from academies.tables import NUMERIC, BaseTable, EuroColumn
from assessments.models import Recommendation
from assessments.selectors import assessments_required


class RankingTable(BaseTable):
    """A call's ranking (`assessments.selectors.ranking` rows); the first column selects a row for the batch."""

    select = tables.Column(verbose_name=_("Select"), accessor="application__pk", empty_values=())
    academy = tables.Column(verbose_name=_("Academy"), accessor="application__academy", empty_values=())
    score = tables.Column(verbose_name=_("Weighted score (0-100)"), attrs=NUMERIC)
    submitted_assessments = tables.Column(verbose_name=_("Assessments"), attrs=NUMERIC)
    recommendations = tables.Column(verbose_name=_("Recommendations"))
    proposed_amount = EuroColumn(verbose_name=_("Proposed amount"))
    cumulative_amount = EuroColumn(verbose_name=_("Cumulative"))
    fits_budget = tables.Column(verbose_name=_("Within the budget"))

    def render_select(self, record):
        return format_html('<input class="form-check-input" type="checkbox" name="selected" value="{}" '
                           'id="select-{}" aria-label="{}">', record.application.pk, record.application.pk,
                           _("Select %(academy)s") % {"academy": record.application.academy})

    def render_academy(self, record):
        return format_html('<a href="{}">{}</a>', reverse("assessments:assessment-edit",
                                                          args=[record.application.pk]), record.application.academy)

    def render_score(self, value):
        return "–" if value is None else number_format(value, decimal_pos=1, use_l10n=True)

    def render_submitted_assessments(self, value):
        return f"{value}/{assessments_required()}"

    def render_recommendations(self, value):
        return ", ".join(f"{count} × {Recommendation(choice).label}" for choice, count in value.items() if count)

    def render_fits_budget(self, value):
        if value is None:
            return "–"
        return _("yes") if value else _("no: the budget runs out")
