"""Factories for users. A user is made through ``user_create`` (the one way Haven makes
users), so the roles' groups, the staff flag and the audit entry are those of real accounts."""

from typing import Any

import factory

from haven.accounts.models import User
from haven.accounts.services import user_create

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(roles=["counsellor"])``; ``password=None`` gives an unusable password."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = PASSWORD
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    last_name = "Persona"
    email = ""
    roles: Any = ()

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return user_create(**kwargs)
