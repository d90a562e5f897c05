from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel
from unicon.core.phones import PhoneField, ensure_unique_phone
from unicon.core.roles import CUSTOMER_ROLES, Role, is_customer
from unicon.core.text import FoldedSearchModel, FoldedSearchQuerySet


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively: they are stored lower-cased."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager.from_queryset(FoldedSearchQuerySet)):
    def get_by_natural_key(self, username: str):
        return self.get(email=normalise_email(username))

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.full_clean()
        user.save(using=self._db)
        return user


class User(FoldedSearchModel, PublicIdModel, AbstractBaseUser):
    """A login. Roles, not Django permissions, decide what a user may do (DOMAIN.md §1)."""

    SEARCH_FIELDS = ("email", "full_name", "phone")

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = PhoneField(_("phone"), blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, db_index=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    is_active = models.BooleanField(_("active"), default=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "role"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="customer_role_has_company",
                condition=(
                    models.Q(role__in=sorted(CUSTOMER_ROLES), customer__isnull=False)
                    | (~models.Q(role__in=sorted(CUSTOMER_ROLES)) & models.Q(customer__isnull=True))
                ),
            )
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)
        ensure_unique_phone(self)
        if self.role in CUSTOMER_ROLES and self.customer_id is None:
            raise ValidationError({"customer": _("A customer role needs a customer company.")})
        if self.role not in CUSTOMER_ROLES and self.customer_id is not None:
            raise ValidationError(
                {"customer": _("Only customer roles belong to a customer company.")}
            )

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_customer(self) -> bool:
        return is_customer(self)

    # Django admin is for ADMIN users only; there are no per-object Django permissions.
    @property
    def is_staff(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj=None) -> bool:
        return self.is_staff

    def has_perms(self, perm_list, obj=None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff


class SessionKind(models.TextChoices):
    WEB = "web", _("Browser")
    API = "api", _("API token")


class UserSession(AbstractBaseSession):
    """A server-side session: a browser cookie or an API bearer token.

    Both expire at the earlier of (created + absolute lifetime) and (last seen + idle
    timeout); deleting a user's rows logs them out everywhere at once.
    """

    sid = models.CharField(max_length=32, db_index=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(max_length=3, choices=SessionKind.choices, default=SessionKind.WEB)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["user", "expire_date"])]

    @classmethod
    def get_session_store_class(cls):
        from unicon.accounts.sessions import SessionStore

        return SessionStore
