import factory

from assessments.models import Criterion


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    title = factory.Sequence(lambda n: f"Criterium {n}")
    weight = 1
    scale_max = 5
