"""Demo users of every role (part of `manage.py seed_demo`)."""

from .models import Membership, Role, User

PASSWORD = "demo12345"


def _user(email, last, first, patronymic, position, role, municipality=None, school=None, admin=False):
    user, created = User.objects.get_or_create(email=email, defaults={
        "last_name": last, "first_name": first, "patronymic": patronymic, "position": position,
        "is_staff": admin, "is_superuser": admin})
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, role=role, municipality=municipality, school=school)
    return user


def seed(ctx) -> None:
    dinskoy, kalininsky = ctx.schools["dinskoy"], ctx.schools["kalininsky"]
    d_muni, k_muni = dinskoy[0].municipality, kalininsky[0].municipality
    struggling = next(s for s in dinskoy if s.pk in ctx.struggling)
    leader = next(s for s in dinskoy if s.kind in ("gymnasium", "lyceum")) if any(
        s.kind in ("gymnasium", "lyceum") for s in dinskoy) else dinskoy[1]
    users = [
        _user("admin@demo.ru", "Администратор", "Портала", "", "системный администратор", Role.ADMIN, admin=True),
        _user("metodist.dinskoy@demo.ru", "Петренко", "Ольга", "Викторовна", "методист МКУ «ЦРО»",
              Role.METHODOLOGIST, municipality=d_muni),
        _user("head.dinskoy@demo.ru", "Ковалёва", "Нина", "Ивановна", "начальник управления образования",
              Role.DEPARTMENT_HEAD, municipality=d_muni),
        _user("metodist.kalininsky@demo.ru", "Гончаренко", "Светлана", "Петровна", "методист ИМЦ",
              Role.METHODOLOGIST, municipality=k_muni),
        _user("head.kalininsky@demo.ru", "Лысенко", "Андрей", "Николаевич", "начальник управления образования",
              Role.DEPARTMENT_HEAD, municipality=k_muni),
        _user("director.school1@demo.ru", "Сидоренко", "Марина", "Александровна", "директор",
              Role.SCHOOL_DIRECTOR, school=dinskoy[0]),
        _user("director.struggling@demo.ru", "Ткаченко", "Иван", "Сергеевич", "директор",
              Role.SCHOOL_DIRECTOR, school=struggling),
        _user("director.kalininsky@demo.ru", "Мельник", "Елена", "Ивановна", "директор",
              Role.SCHOOL_DIRECTOR, school=kalininsky[0]),
        _user("leader@demo.ru", "Орлова", "Татьяна", "Николаевна", "заместитель директора по УВР",
              Role.LEADER_STAFF, school=leader),
    ]
    ctx.users = {u.email: u for u in users}
    # the registry's «Директор» of a school with a demo director is that user (the school card and the user list agree)
    for user in users:
        for membership in user.memberships.filter(role=Role.SCHOOL_DIRECTOR).select_related("school"):
            name = " ".join(part for part in (user.last_name, user.first_name, user.patronymic) if part)
            if membership.school.director_name != name:
                type(membership.school).objects.filter(pk=membership.school_id).update(director_name=name)
    ctx.table = [(u.email, PASSWORD, ", ".join(str(m) for m in u.memberships.select_related("municipality",
                                                                                               "school")))
                 for u in users]
