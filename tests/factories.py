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


# --- onboarding (paras 20-23) -------------------------------------------------------------------


class OnboardingServiceFactory(factory.django.DjangoModelFactory):
    """A public service of the registry, as onboarding tests need it."""

    class Meta:
        model = "registry.PublicService"

    register_number = factory.Sequence(lambda n: f"{70000000 + n}")
    name_kk = factory.Sequence(lambda n: f"Сынақ қызметі {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая услуга {n}")


class OnboardingProtocolFactory(factory.django.DjangoModelFactory):
    """A protocol just started: by-law approved, waiting for the responsible person and the information."""

    class Meta:
        model = "onboarding.OnboardingProtocol"

    service = factory.SubFactory(OnboardingServiceFactory)
    body = factory.SubFactory(StateBodyFactory)
    bylaw_reference = factory.Sequence(lambda n: f"Приказ Министра № {n}")


# --- appeals (paras 7-11) -----------------------------------------------------------------------


class AppealFactory(factory.Factory):
    """An appeal registered the way the platform registers one (number, deadline, queue, event)."""

    class Meta:
        model = dict  # built through workflows.appeals.services.register_appeal

    channel = "email"
    content = factory.Sequence(lambda n: f"Как получить справку о несудимости? (вопрос {n})")
    applicant_name = "Сейткали Айгерим Нурлановна"
    applicant_phone = "+7 701 123 45 67"
    applicant_email = factory.Sequence(lambda n: f"applicant{n}@mail.kz")

    @classmethod
    def _create(cls, model_class, **kwargs):
        from workflows.appeals.services import register_appeal

        return register_appeal(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        return cls._create(model_class, **kwargs)


# --- telephony (paras 7, 13) --------------------------------------------------------------------


class CallFactory(factory.django.DjangoModelFactory):
    """A call on the 1414 line as the phone system reports it (Monday 16 March 2026, 10:00 Almaty)."""

    class Meta:
        model = "telephony.Call"

    call_id = factory.Sequence(lambda n: f"pbx-{n:06d}")
    line = "phone_1414"
    caller_number = "+7 701 123 45 67"
    wait_seconds = 20

    @factory.lazy_attribute
    def started_at(self):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        return datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
