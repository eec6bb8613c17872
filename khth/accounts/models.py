"""People who log in, their API tokens and their failed logins."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager
from django.db import models

from khth.lib.identifiers import validate_identifier
from khth.lib.models import SortedByName
from khth.lib.vietnamese import person_sort_key


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(SortedByName, AbstractBaseUser):
    """An account. What it may see comes only from its memberships (khth.units.Membership).

    There is no superuser flag: system administration is the ``admin`` role at a unit, scoped to
    that unit's subtree like every other role.
    """

    # In the person's address (/people/<username>/): the one rule of khth.lib.identifiers.
    username = models.CharField(max_length=150, unique=True, validators=[validate_identifier])
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]
    SORTED_BY: ClassVar[str] = "full_name"

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})"

    def sort_name_of(self, name: str) -> str:
        # Lists of people go by given name first, as Vietnamese personnel lists do.
        return person_sort_key(name)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user.username} until {self.expires_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """Failed logins counted per (account name, client address).

    Keyed on the pair, not on either alone: a whole unit often sits behind one gateway address, so
    locking an address would lock the unit, and locking an account by name would let anyone lock
    out the commissar.
    """

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField()
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "address"], name="login_failure_pair")
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.address}: {self.failures}"
