"""python manage.py create_user --email E --password P --role ROLE [--municipality CODE | --school CODE]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import MUNICIPAL_ROLES, SCHOOL_ROLES, Role, User
from accounts.services import grant_membership
from schools.models import Municipality, School


class Command(BaseCommand):
    help = "Создать пользователя (или обновить пароль существующего) и выдать ему одну роль."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--municipality", help="код муниципалитета (методист, руководитель УО)")
        scope.add_argument("--school", help="код ОО (директор, сотрудник школы-лидера)")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--first-name", default="")

    @transaction.atomic
    def handle(self, *args, **o):
        role = o["role"]
        if role not in Role.values:
            raise CommandError(f"Неизвестная роль «{role}». Допустимые: {', '.join(Role.values)}.")
        municipality = school = None
        if role in MUNICIPAL_ROLES:
            if not o["municipality"]:
                raise CommandError("Для этой роли укажите --municipality КОД.")
            municipality = Municipality.objects.filter(code=o["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Муниципалитет с кодом «{o['municipality']}» не найден.")
        elif role in SCHOOL_ROLES:
            if not o["school"]:
                raise CommandError("Для этой роли укажите --school КОД_ОО.")
            school = School.objects.filter(code=o["school"]).first()
            if school is None:
                raise CommandError(f"Школа с кодом «{o['school']}» не найдена.")
        elif o["municipality"] or o["school"]:
            raise CommandError("Роль администратора не привязывается к муниципалитету или школе.")
        email = User.objects.normalize_email(o["email"]).lower()
        user, created = User.objects.get_or_create(email=email)
        if o["last_name"] or o["first_name"]:
            user.last_name, user.first_name = o["last_name"] or user.last_name, o["first_name"] or user.first_name
        user.set_password(o["password"])
        user.is_active = True
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        user.save()
        grant_membership(actor=None, user=user, role=role, municipality=municipality, school=school)
        self.stdout.write(self.style.SUCCESS(
            f"{'Создан' if created else 'Обновлён'} пользователь {email}: {Role(role).label}"
            + (f" — {municipality or school}" if municipality or school else "")))
