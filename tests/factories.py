"""factory-boy factories for the platform's models."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workflows.accounts.models import BodyMembership
from workflows.calendar.models import Holiday, Source, WorkdayTransfer
from workflows.directory.models import Region, StateBody


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.kz")
    password = factory.django.Password("secret-pass-1414")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("kato_code",)

    kato_code = factory.Sequence(lambda n: f"{900000000 + n * 1000}")
    kind = Region.Kind.REGION
    name_kk = factory.Sequence(lambda n: f"Сынақ облысы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая область {n}")
    name_en = factory.Sequence(lambda n: f"Test Region {n}")


class StateBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StateBody

    code = factory.Sequence(lambda n: f"body-{n}")
    kind = StateBody.Kind.CENTRAL_BODY
    name_kk = factory.Sequence(lambda n: f"Сынақ министрлігі {n}")
    name_ru = factory.Sequence(lambda n: f"Министерство тестирования {n}")
    name_en = factory.Sequence(lambda n: f"Ministry of Testing {n}")


class BodyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMembership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(StateBodyFactory)


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    name_kk = "Сынақ мерекесі"
    name_ru = "Тестовый праздник"
    name_en = "Test holiday"
    source = Source.MANUAL


class WorkdayTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkdayTransfer

    kind = WorkdayTransfer.Kind.WORKING_DAY
    decree_reference = "Test decree"
    source = Source.MANUAL
