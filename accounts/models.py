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
    # four eyes (accounts/access.py, «Четыре глаза»): who gave the role and, for a municipal role given by someone
    # other than an administrator, who confirmed it; the two accounts then never review each other's work
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("выдал"))
    confirmed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("подтвердил"))
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
            # a school has one director at a time: a second is given the role once the first's is taken away
            models.UniqueConstraint(fields=["school"], name="membership_one_director",
                                    condition=Q(role="school_director"),
                                    violation_error_message=_("У школы уже есть директор.")),
        ]

    def __str__(self):
        scope = self.municipality or self.school
        return f"{self.get_role_display()}: {scope}" if scope else self.get_role_display()


class RoleRequest(models.Model):
    """A municipal role given by someone other than an administrator: it takes effect (becomes a Membership) only
    when an administrator or a head of the municipality other than the requester confirms it."""

    class State(models.TextChoices):
        PENDING = "pending", _("ждёт подтверждения")
        CONFIRMED = "confirmed", _("подтверждена")
        DECLINED = "declined", _("отклонена")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests",
                             verbose_name=_("пользователь"))
    role = models.CharField(_("роль"), max_length=20, choices=[(r.value, r.label) for r in MUNICIPAL_ROLES])
    municipality = models.ForeignKey("schools.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("муниципалитет"))
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name=_("запросил"))
    state = models.CharField(_("состояние"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("решение принял"))
    decided_at = models.DateTimeField(_("когда решено"), null=True, blank=True)
    created_at = models.DateTimeField(_("запрошено"), auto_now_add=True)

    class Meta:
        verbose_name = _("запрос роли")
        verbose_name_plural = _("запросы ролей")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "municipality"], condition=Q(state="pending"),
                                    name="role_request_one_pending"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.municipality} — {self.user}"
