"""factory_boy factories for the whole project."""

import factory
from django.contrib.auth import get_user_model

from models_registry.models import (
    Decision,
    Field,
    Membership,
    Phase,
    Practice,
    RecognitionLevel,
    Role,
    Unit,
    UnitKind,
    UnitLevel,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = UnitLevel.COMMUNE
    kind = UnitKind.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@danvan.test")
    password = factory.PostGenerationMethodCall("set_password", "danvan2021")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.OFFICER


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "kinh-te"
    name = "Kinh tế"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase
        django_get_or_create = ("name",)

    name = "2021–2025"
    start_year = 2021
    end_year = 2025
    is_current = True


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    title = factory.Sequence(lambda n: f"Mô hình “Dân vận khéo” số {n}")
    summary = "Vận động nhân dân hiến đất làm đường giao thông nông thôn."
    field = factory.SubFactory(FieldFactory)
    phase = factory.SubFactory(PhaseFactory)
    unit = factory.SubFactory(UnitFactory)
    results = "Vận động 120 hộ hiến 3.000 m² đất."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: f"{n + 1}-QĐ/BDVHU")
    date = factory.Faker("date_this_decade")
    board = factory.SubFactory(UnitFactory)
    signer = "Phạm Quốc Khánh"
    level = RecognitionLevel.DISTRICT
