import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from questions.models import QuestionStatus, WrittenQuestion


class QuestionFilter(django_filters.FilterSet):
    """Filters on the list of written questions and the archive."""

    year = django_filters.NumberFilter(field_name="asked_years__year", label=_("Year asked"), distinct=True)
    status = django_filters.ChoiceFilter(choices=QuestionStatus.choices, label=_("Status"))
    member = django_filters.CharFilter(lookup_expr="icontains", label=_("Member of parliament"))
    assignee = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(assigned_questions__isnull=False).distinct().order_by("username"),
        label=_("Assigned to"))

    class Meta:
        model = WrittenQuestion
        fields = ["year", "status", "member", "assignee"]


class ArchiveFilter(QuestionFilter):
    search = django_filters.CharFilter(method="filter_search", label=_("Search question and answer"))

    class Meta(QuestionFilter.Meta):
        fields = ["search", "year", "status", "member", "assignee"]

    def filter_search(self, queryset, name, value):
        from questions.selectors import archive

        return queryset.filter(pk__in=archive(search=value).values("pk"))
