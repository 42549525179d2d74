from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person signing in with their e-mail. Roles come from memberships."""

    username = None
    email = models.EmailField(_("электронная почта"), unique=True)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.display_name

    @property
    def scope(self):
        """What this user may see and change, as `schools.access.Scope` (the registry reads it here)."""
        from .access import get_scope

        return get_scope(self)

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return name or self.email


class Role(models.TextChoices):
    METHODOLOGIST = "methodologist", _("методист")
    DEPARTMENT_HEAD = "department_head", _("руководитель управления образования")
    SCHOOL_DIRECTOR = "school_director", _("директор школы")
    LEADER_STAFF = "leader_staff", _("сотрудник школы-лидера")
    ADMIN = "admin", _("администратор")


MUNICIPAL_ROLES = (Role.METHODOLOGIST, Role.DEPARTMENT_HEAD)
SCHOOL_ROLES = (Role.SCHOOL_DIRECTOR, Role.LEADER_STAFF)


class Membership(models.Model):
    """A role of a user, scoped to a municipality (municipal roles) or a school (school roles)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("пользователь"))
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey("schools.Municipality", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="memberships", verbose_name=_("муниципалитет"))
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="memberships", verbose_name=_("школа"))
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role__in=MUNICIPAL_ROLES, municipality__isnull=False, school__isnull=True)
                    | Q(role__in=SCHOOL_ROLES, school__isnull=False, municipality__isnull=True)
                    | Q(role=Role.ADMIN, school__isnull=True, municipality__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "municipality"],
                                    name="membership_unique_municipal",
                                    condition=Q(municipality__isnull=False)),
            models.UniqueConstraint(fields=["user", "role", "school"], name="membership_unique_school",
                                    condition=Q(school__isnull=False)),
            models.UniqueConstraint(fields=["user", "role"], name="membership_unique_admin",
                                    condition=Q(role="admin")),
        ]

    def __str__(self):
        scope = self.municipality or self.school
        return f"{self.get_role_display()}: {scope}" if scope else self.get_role_display()
