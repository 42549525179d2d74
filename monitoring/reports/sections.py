"""The report's content, section by section, as plain data (blocks of sentences, tables and charts) that the PDF
template lays out and the XLSX companion writes: every sentence that carries a number is made here from the data,
every table is a `Table` whose cells keep their numbers (the PDF formats them, the workbook keeps them as numbers).

Each section reads in a fixed number of queries whatever the number of schools. A section whose data is absent says
so in a sentence instead of disappearing.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils import timezone

from core.charts import bar_chart, small_multiples, traffic_light
from core.formats import ru_date, school_year_name
from identification.models import SchoolStatus, Status
from identification.selectors import long_standing, official_list
from mentoring.models import Community, Course, Event, MentoringPair
from mentoring.selectors import routes_by_school, school_figures
from partnerships.models import Agreement, Designation
from roadmaps.models import Activity, Roadmap
from roadmaps.models import Level as RoadmapLevel
from roadmaps.selectors import with_progress
from schools.models import Municipality, Region, School, SchoolYear

from . import text as t
from .text import count, names, num, part_of, pct, share

STATUS_LABELS = {value: str(label) for value, label in Status.choices}


# ---- the shapes ----------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A table of the report: `kinds` say how each column reads («text», «int», «pct», «num», «date», «light»); the
    XLSX keeps numbers as numbers, the PDF formats them. `small` marks (row, column) cells of a small group."""

    key: str  # the workbook's sheet name (≤ 31 characters)
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    small: set = field(default_factory=set)
    highlight: set = field(default_factory=set)  # row indices shown in bold (e.g. three years and more in status)
    number: int = 0  # the table's number in the report (set when the sections are put in order)
    pdf: bool = True  # False: a table of every school of a region, kept in the XLSX only (the PDF names its sheet)

    @property
    def main(self) -> int:
        """The column given the room in a wide table: the first text column (a school's or an indicator's name)."""
        return next((i for i, kind in enumerate(self.kinds) if kind == "text"), 0)

    @property
    def wide(self) -> bool:
        """Many columns: the PDF sets it in a smaller type with fixed column widths."""
        return len(self.headers) >= 8

    def display_rows(self) -> list[list[dict]]:
        out = []
        for r, row in enumerate(self.rows):
            cells = []
            for c, (value, kind) in enumerate(zip(row, self.kinds, strict=True)):
                cells.append({"text": _cell_text(value, kind), "num": kind in ("int", "pct", "num"),
                              "light": kind == "light", "small": (r, c) in self.small})
            out.append({"cells": cells, "strong": r in self.highlight})
        return out


def _cell_text(value, kind: str):
    if value is None or value == "":
        return "—"
    if kind == "int":
        return num(value)
    if kind == "pct":
        return pct(value)
    if kind == "num":
        return t.fmt(float(value), 1)
    if kind == "p":
        return t.fmt(float(value), 3)
    if kind == "date":
        return ru_date(value)
    if kind == "light":
        return traffic_light(value)
    return str(value)


@dataclass
class Section:
    key: str
    number: int
    title: str
    blocks: list[tuple[str, object]] = field(default_factory=list)

    def p(self, sentence: str) -> None:
        self.blocks.append(("p", sentence))

    def h(self, heading: str) -> None:
        self.blocks.append(("h", heading))

    def items(self, lines: list[str]) -> None:
        if lines:
            self.blocks.append(("list", lines))

    def empty(self, sentence: str) -> None:
        self.blocks.append(("empty", sentence))

    def table(self, table: Table) -> Table:
        self.blocks.append(("table", table))
        return table

    def chart(self, title: str, svg: str, note: str = "") -> None:
        if svg:
            self.blocks.append(("chart", {"title": title, "svg": svg, "note": note}))

    def charts(self, pictures: list[dict]) -> None:
        if pictures:
            self.blocks.append(("multiples", pictures))

    @property
    def tables(self) -> list[Table]:
        return [b for kind, b in self.blocks if kind == "table"]


# ---- the territory ------------------------------------------------------------------------------------------


@dataclass
class Scope:
    """What a report covers: the territory, its active schools, the year and the year before."""

    territory: object
    level: str
    school_year: SchoolYear
    region: Region
    municipality_ids: list[int]
    schools: list[School]
    previous: SchoolYear | None
    today: datetime.date
    facts: dict = field(default_factory=dict)  # figures a section leaves for the summary

    @property
    def year(self) -> int:
        return self.school_year.start_year

    @property
    def school_ids(self) -> list[int]:
        return [s.pk for s in self.schools]

    @property
    def is_school(self) -> bool:
        return isinstance(self.territory, School)

    @property
    def is_region(self) -> bool:
        return isinstance(self.territory, Region)

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 9, 1), datetime.date(self.year + 1, 8, 31)

    @property
    def as_of(self) -> datetime.date:
        """The day overdue is judged on: today for the year under way, the year's last day for a year that is over."""
        return min(self.today, self.period[1])

    def school_name(self, school: School) -> str:
        return f"{school.short_name} ({school.municipality.name})" if self.is_region else school.short_name


def scope_for(territory, school_year: SchoolYear, *, today: datetime.date | None = None) -> Scope:
    schools = School.objects.filter(is_active=True).select_related("municipality").order_by(
        "municipality__name", "short_name")
    if isinstance(territory, School):
        schools, munis, region = [territory], [territory.municipality_id], territory.municipality.region
    elif isinstance(territory, Municipality):
        schools, munis, region = list(schools.filter(municipality=territory)), [territory.pk], territory.region
    else:
        schools = list(schools.filter(municipality__region=territory))
        munis, region = list(territory.municipalities.values_list("pk", flat=True)), territory
    previous = SchoolYear.objects.filter(start_year=school_year.start_year - 1).first()
    level = "school" if isinstance(territory, School) else "municipality" if isinstance(territory, Municipality) \
        else "region"
    return Scope(territory=territory, level=level, school_year=school_year, region=region, municipality_ids=munis,
                 schools=schools, previous=previous, today=today or timezone.localdate())


# ---- 2. identification ------------------------------------------------------------------------------------------


def identification(scope: Scope, number: int) -> Section:
    s = Section("identification", number, "Выявление ШНОР и ШССУ")
    ids = scope.school_ids
    statuses = SchoolStatus.objects.filter(school_id__in=ids)
    rows = official_list(start_year=scope.year, statuses=statuses)
    previous = set(statuses.filter(school_year__start_year=scope.year - 1).values_list("school_id", "status"))
    current = {(r.status.school_id, r.status.status) for r in rows}
    listed = {sid for sid, _st in current}
    scope.facts.update(listed=len(listed), listed_before=len({sid for sid, _st in previous}), had_list=bool(previous),
                       list_known=bool(rows), listed_ids=listed)
    if not rows:
        s.empty(f"Утверждённого списка ШНОР и ШССУ на {school_year_name(scope.year)} учебный год нет: школы со "
                f"статусом в этом году не выявлены, раздел не заполняется.")
        scope.facts.update(entered=0, left=0)
        return s

    runs = {r.status.run_id: r.status.run for r in rows}
    for run in sorted(runs.values(), key=lambda r: r.pk):
        snap = run.snapshot
        s.p(f"Список на {school_year_name(scope.year)} учебный год утверждён приказом № {run.order_number} от "
            f"{ru_date(run.order_date)} по методике «{snap.get('name', '')}», версия {snap.get('version', '')}; "
            f"основание — данные {run.data_years_label}.")
    lrs = sum(1 for _sid, st in current if st == Status.LRS)
    dsc = sum(1 for _sid, st in current if st == Status.DSC)
    both = sum(1 for sid in listed if (sid, Status.LRS) in current and (sid, Status.DSC) in current)
    if scope.is_school:
        held = ", ".join(STATUS_LABELS[st] for _sid, st in sorted(current))
        years = max(r.years_in_status for r in rows)
        s.p(f"Школа в списке {year_in(scope.year)}: {held}; в статусе {count(years, t.YEARS)} подряд.")
    else:
        sentence = (f"В списке {count(len(listed), t.SCHOOLS)} из {num(len(ids))} "
                    f"({pct(share(len(listed), len(ids)))}): ШНОР — {num(lrs)}, ШССУ — {num(dsc)}")
        s.p(sentence + (f", оба статуса у {count(both, t.SCHOOLS_GEN)}." if both else "."))

    entered = sorted(current - previous, key=lambda p: p[0])
    left = sorted(previous - current, key=lambda p: p[0])
    before_ids = {sid for sid, _st in previous}
    scope.facts.update(entered=len(listed - before_ids), left=len(before_ids - listed))
    by_id = {sc.pk: sc for sc in scope.schools}
    if scope.previous is None or not previous and scope.year - 1 < min(r.status.school_year.start_year for r in rows):
        s.p(f"Списка на {school_year_name(scope.year - 1)} учебный год нет: сравнить с прошлым годом нельзя.")
    else:
        def labelled(pairs):
            return [f"{scope.school_name(by_id[sid])} ({STATUS_LABELS[st]})" for sid, st in pairs if sid in by_id]

        s.p(f"По сравнению с {school_year_name(scope.year - 1)} учебным годом в список вошли {num(len(entered))}, "
            f"вышли {num(len(left))} (считаются пары «школа — статус»).")
        if len(entered) + len(left) <= 20:
            s.items([f"Вошла: {x}" for x in labelled(entered)] + [f"Вышла: {x}" for x in labelled(left)])
        else:
            s.p(f"Вошли: {names(labelled(entered))}. Вышли: {names(labelled(left))}.")

    long = [r for r in rows if r.long_standing]
    scope.facts["long_status"] = len({r.status.school_id for r in long})
    if long:
        s.p(f"Больше трёх лет подряд в статусе — {count(len(long), t.SCHOOLS)} (пары «школа — статус»), они "
            f"выделены в таблице: для них программа поддержки не дала выхода из списка и требует пересмотра.")
    else:
        s.p("Ни одна школа не находится в статусе больше трёх лет подряд.")

    table = Table("Список ШНОР и ШССУ", f"Список ШНОР и ШССУ на {school_year_name(scope.year)} учебный год",
                  ["№", "Школа", "Статус", "Основания", "Лет в статусе подряд"], ["int", "text", "text", "text", "int"])
    for n, r in enumerate(rows, start=1):
        table.rows.append([n, scope.school_name(r.status.school), r.status.get_status_display(),
                           "; ".join(r.reasons) or "—", r.years_in_status])
        if long_standing(r.years_in_status):
            table.highlight.add(n - 1)
    table.note = "Полужирным — школы в статусе больше трёх лет подряд."
    table.pdf = not scope.is_region
    s.table(table)
    return s


# ---- 3. support infrastructure ------------------------------------------------------------------------------------


def infrastructure(scope: Scope, number: int) -> Section:
    s = Section("infrastructure", number, "Инфраструктура сопровождения")
    start, end = scope.period
    ids = scope.school_ids
    designations = list(Designation.objects.filter(school_id__in=ids, start__lte=end, end__gte=start)
                        .select_related("school__municipality", "kind").order_by("kind__ordering",
                                                                                  "school__short_name"))
    agreements = list(Agreement.objects.filter(Q(supported_school_id__in=ids) | Q(designation__school_id__in=ids),
                                               start__lte=end, end__gte=start)
                      .exclude(state=Agreement.State.DRAFT)
                      .select_related("designation__school__municipality", "designation__kind",
                                      "supported_school__municipality").order_by("designation__school__short_name",
                                                                                  "supported_school__short_name"))
    listed = scope.facts.get("listed_ids", set())
    partnered = {a.supported_school_id for a in agreements}
    without = [sc for sc in scope.schools if sc.pk in listed and sc.pk not in partnered]
    scope.facts.update(designations=len(designations), agreements=len(agreements), partnered_ids=partnered,
                       designation_munis=Counter(d.school.municipality_id for d in designations),
                       covered=len(listed & partnered), without_partner=len(without))
    if not designations and not agreements:
        s.empty(f"{year_in(scope.year).capitalize()} статусов школ-лидеров и стажировочных площадок и партнёрских "
                f"соглашений нет.")
    else:
        kinds = Counter(d.kind.short_name for d in designations)
        breakdown = f" ({', '.join(f'{k} — {num(v)}' for k, v in sorted(kinds.items()))})" if kinds else ""
        s.p(f"{year_in(scope.year).capitalize()} статусов школ-лидеров и стажировочных площадок — "
            f"{num(len(designations))}{breakdown}, соглашений о сопровождении — {num(len(agreements))}.")
    if listed:
        s.p(f"Партнёра по соглашению имели {part_of(len(listed & partnered), len(listed))} ШНОР и ШССУ года"
            + (f"; без партнёра — {count(len(without), t.SCHOOLS)}: {names(scope.school_name(x) for x in without)}."
               if without else "; без партнёра школ нет."))
    if designations:
        table = s.table(Table("Статусы", "Школы-лидеры и стажировочные площадки",
                              ["Статус", "Школа", "Тема", "Начало", "Окончание", "Приказ", "Состояние"],
                              ["text", "text", "text", "date", "date", "text", "text"]))
        table.pdf = not scope.is_region
        for d in designations:
            table.rows.append([d.kind.short_name, scope.school_name(d.school), d.topic, d.start, d.end,
                               f"№ {d.order_number} от {ru_date(d.order_date)}", d.get_state_display()])
    if agreements:
        table = s.table(Table("Соглашения", "Партнёрские соглашения",
                              ["№", "Школа-лидер / площадка", "Сопровождаемая школа", "Начало", "Окончание",
                               "Направления", "Состояние"],
                              ["text", "text", "text", "date", "date", "text", "text"]))
        table.pdf = not scope.is_region
        for a in agreements:
            table.rows.append([a.number, scope.school_name(a.designation.school), scope.school_name(a.supported_school),
                               a.start, a.end, ", ".join(a.direction_labels), a.get_state_display()])
    return s


def year_in(start_year: int) -> str:
    return t.year_in(start_year)


# ---- 4. roadmaps ---------------------------------------------------------------------------------------------


def roadmaps(scope: Scope, number: int) -> Section:
    s = Section("roadmaps", number, "Дорожные карты и программы перехода")
    qs = Roadmap.objects.filter(school_year__start_year=scope.year)
    if scope.is_school:
        qs = qs.filter(Q(school=scope.territory) | Q(designation__school=scope.territory))
    else:
        qs = qs.filter(municipality_id__in=scope.municipality_ids)
    maps = list(with_progress(qs.select_related("school__municipality", "designation__school", "municipality"),
                              today=scope.as_of).order_by("level", "municipality__name", "school__short_name", "pk"))
    scope.facts["roadmaps"] = len(maps)
    if not maps:
        s.empty(f"Дорожных карт и программ перехода на {school_year_name(scope.year)} учебный год нет: выполнение "
                f"мероприятий не оценивается.")
        scope.facts.update(activities=0, done=0, overdue=0)
        return s
    open_q = Q(status__in=Activity.OPEN, due__lt=scope.as_of)
    directions = list(Activity.objects.filter(roadmap__in=[m.pk for m in maps])
                      .exclude(status=Activity.Status.CANCELLED)
                      .values("direction__name", "direction__ordering")
                      .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=Activity.Status.DONE)),
                                overdue=Count("pk", filter=open_q), mean=Avg("percent"))
                      .order_by("direction__ordering", "direction__name"))
    total = sum(d["total"] for d in directions)
    done = sum(d["done"] for d in directions)
    overdue = sum(d["overdue"] for d in directions)
    scope.facts.update(activities=total, done=done, overdue=overdue)
    levels = Counter(m.level for m in maps)
    approved = sum(1 for m in maps if m.is_approved)
    level_words = {RoadmapLevel.MUNICIPAL: "муниципальных", RoadmapLevel.SCHOOL: "программ перехода школ",
                   RoadmapLevel.SITE: "планов школ-лидеров и площадок"}
    s.p(f"Дорожных карт на {school_year_name(scope.year)} учебный год — {num(len(maps))}, из них утверждено "
        f"{num(approved)}: " + ", ".join(f"{level_words[lv]} — {num(levels[lv])}" for lv in level_words if levels[lv])
        + ".")
    when = "к концу учебного года" if scope.as_of < scope.today else f"на {ru_date(scope.as_of)}"
    s.p(f"Из {count(total, t.ACTIVITIES_GEN)} (без отменённых) выполнено {num(done)} ({pct(share(done, total))}); "
        f"{when} просрочено {num(overdue)} ({pct(share(overdue, total))}).")
    listed = scope.facts.get("listed_ids", set())
    with_programme = {m.school_id for m in maps if m.level == RoadmapLevel.SCHOOL}
    missing = [sc for sc in scope.schools if sc.pk in listed and sc.pk not in with_programme]
    scope.facts["without_programme"] = len(missing)
    if listed:
        s.p(f"Программа перехода есть у {part_of(len(listed & with_programme), len(listed))} ШНОР и ШССУ"
            + (f"; нет программы у {count(len(missing), t.SCHOOLS_GEN)}: "
               f"{names(scope.school_name(x) for x in missing)}."
               if missing else "."))
    bars = [{"label": d["direction__name"], "value": share(d["done"], d["total"]), "n": d["total"]}
            for d in directions]
    s.chart("Доля выполненных мероприятий по направлениям", bar_chart(bars, title="Выполнение по направлениям"),
            "n — число мероприятий направления (без отменённых).")
    table = s.table(Table("По направлениям", "Выполнение мероприятий по направлениям",
                          ["Направление", "Мероприятий", "Выполнено", "Выполнено, %", "Просрочено", "Средний процент"],
                          ["text", "int", "int", "pct", "int", "pct"]))
    for d in directions:
        table.rows.append([d["direction__name"], d["total"], d["done"], share(d["done"], d["total"]), d["overdue"],
                           float(d["mean"]) if d["mean"] is not None else None])
        if d["total"] < t.SMALL_N:
            table.small.add((len(table.rows) - 1, 3))
    table.note = t.SMALL_NOTE
    scope.facts["maps"] = maps
    by_school = s.table(Table("По картам", "Выполнение по дорожным картам и программам",
                              ["Карта", "Владелец", "Состояние", "Мероприятий", "Выполнено", "Средний процент",
                               "Просрочено"], ["text", "text", "text", "int", "int", "pct", "int"]))
    by_school.pdf = not scope.is_region
    for m in maps:
        owner = scope.school_name(m.school) if m.school_id else (
            scope.school_name(m.designation.school) if m.designation_id else m.municipality.name)
        by_school.rows.append([m.get_level_display(), owner, m.get_status_display(), m.n_activities, m.n_done,
                               float(m.percent_done) if m.percent_done is not None else None, m.n_overdue])
    return s


# ---- 5. mentoring and methodical work --------------------------------------------------------------------------


MENTORING_COLUMNS = (
    ("teachers", "Педагогов"),
    ("teachers_low_results", "С низкими результатами"),
    ("diagnosed", "Прошли диагностику"),
    ("diagnosed_twice", "Повторная диагностика"),
    ("positive_dynamics", "Положительная динамика"),
    ("mentored", "С наставником"),
    ("with_route", "С маршрутом (ИОМ)"),
    ("trained_quality", "КПК по качеству образования"),
    ("in_communities", "В сообществах"),
    ("events", "Мероприятий для школы"),
)


def mentoring(scope: Scope, number: int) -> Section:
    s = Section("mentoring", number, "Наставничество и методическая работа")
    start, end = scope.period
    ids = scope.school_ids
    figures = school_figures(school_ids=ids, year=scope.school_year)
    routes = routes_by_school(school_ids=ids, start_year=scope.year)
    for sid, f in figures.items():
        f["with_route"] = routes.get(sid, 0)
    totals = Counter()
    for f in figures.values():
        totals.update({k: v for k, v in f.items() if k != "has_mentoring_system"})
    events = Event.objects.filter(status=Event.Status.HELD, date__gte=start, date__lte=end)
    events = events.filter(target_schools=scope.territory) if scope.is_school else events.filter(
        Q(municipality_id__in=scope.municipality_ids) | Q(target_schools__in=ids))
    by_kind = list(Event.objects.filter(pk__in=events.values("pk")).values("kind__name")
                   .annotate(n=Count("pk", distinct=True),
                             people=Count("participations", filter=Q(participations__attended=True,
                                                                     participations__teacher__school_id__in=ids),
                                          distinct=True))
                   .order_by("-n", "kind__name"))
    pairs = Counter(MentoringPair.objects.filter(mentee__school_id__in=ids, start__lte=end, end__gte=start)
                    .values_list("status", flat=True))
    courses = Course.objects.filter(teacher__school_id__in=ids, end__gte=start, end__lte=end).aggregate(
        n_total=Count("pk"), n_completed=Count("pk", filter=Q(completed=True)),
        n_teachers=Count("teacher_id", filter=Q(completed=True), distinct=True))
    communities = Community.objects.filter(members__school_id__in=ids).distinct().count()
    n_events = sum(k["n"] for k in by_kind)
    scope.facts.update(events=n_events, teachers=totals["teachers"], diagnosed=totals["diagnosed"], figures=figures,
                       mentored=totals["mentored"], positive=totals["positive_dynamics"],
                       diagnosed_twice=totals["diagnosed_twice"])
    if not totals["teachers"] and not n_events:
        s.empty(f"Сведений о педагогах и методической работе {year_in(scope.year)} нет: раздел не заполняется.")
        return s
    s.h("Мероприятия")
    if n_events:
        people = sum(k["people"] for k in by_kind)
        s.p(f"Проведено {count(n_events, t.EVENTS)}; педагоги {'школы' if scope.is_school else 'школ территории'} "
            f"посетили их {count(people, 'раз,раза,раз')} (участник считается один раз в каждом мероприятии).")
        table = s.table(Table("Мероприятия", "Методические мероприятия по видам",
                              ["Вид", "Проведено", "Участий педагогов"], ["text", "int", "int"]))
        for k in by_kind:
            table.rows.append([k["kind__name"], k["n"], k["people"]])
    else:
        s.empty(f"Проведённых методических мероприятий {year_in(scope.year)} нет.")
    s.h("Наставничество и диагностика")
    teachers = totals["teachers"]
    s.p(f"Педагогов — {num(teachers)}. Диагностику профессиональных дефицитов прошли "
        f"{part_of(totals['diagnosed'], teachers)}, повторно — {num(totals['diagnosed_twice'])}; положительная "
        f"динамика при повторной диагностике — у {part_of(totals['positive_dynamics'], totals['diagnosed_twice'])}.")
    low = totals["teachers_low_results"]
    if low:
        s.p(f"Педагогов с низкими результатами обучающихся (по итогам {school_year_name(scope.year - 1)}) — "
            f"{num(low)}; из них прошли диагностику {part_of(totals['low_results_diagnosed'], low)}, получили "
            f"наставника {part_of(totals['low_results_mentored'], low)}.")
    s.p(f"Наставнических пар в году — {num(sum(pairs.values()))}: действуют {num(pairs.get('active', 0))}, "
        f"завершены {num(pairs.get('completed', 0))}, прекращены {num(pairs.get('stopped', 0))}; педагогов с "
        f"наставником — {part_of(totals['mentored'], teachers)}.")
    s.p(f"Педагогов с индивидуальным образовательным маршрутом — {part_of(totals['with_route'], teachers)}. Курсы "
        f"повышения квалификации, окончившиеся в году: {num(courses['n_total'])}, завершены "
        f"{num(courses['n_completed'])} "
        f"({count(courses['n_teachers'], t.TEACHERS)}); прошли КПК по качеству образования — "
        f"{part_of(totals['trained_quality'], teachers)}. Сообществ с участием педагогов — {num(communities)}; "
        f"педагогов в сообществах — {part_of(totals['in_communities'], teachers)}.")
    bars = [{"label": label, "value": share(totals[key], teachers), "n": teachers}
            for key, label in MENTORING_COLUMNS[2:9] if key not in ("diagnosed_twice", "positive_dynamics")]
    s.chart("Охват педагогов методической работой, % от числа педагогов", bar_chart(bars, title="Охват педагогов"),
            f"n — число педагогов ({num(teachers)}).")
    if not scope.is_school:
        by_id = {sc.pk: sc for sc in scope.schools}
        table = s.table(Table("Методическая работа", "Методическая работа по школам",
                              ["Школа", *[label for _k, label in MENTORING_COLUMNS]],
                              ["text", *["int"] * len(MENTORING_COLUMNS)]))
        table.pdf = not scope.is_region
        for sc in scope.schools:
            f = figures[sc.pk]
            table.rows.append([scope.school_name(by_id[sc.pk]), *[f[k] for k, _l in MENTORING_COLUMNS]])
    return s


# ---- 6–8: indicators, effect, recommendations (the monitoring app's reads) ---------------------------------------


def indicators(scope: Scope, number: int) -> Section:
    from monitoring.selectors import aggregate_table, indicator_table

    s = Section("indicators", number, "Показатели эффективности")
    rows = indicator_table(scope.territory, scope.school_year)
    if scope.is_school:
        return _school_indicators(scope, s, rows)
    with_data = [r for r in rows if r["groups"]["all"].schools]
    scope.facts.update(indicators=len(rows), indicators_with_data=len(with_data))
    if not with_data:
        s.empty(f"Значений показателей мониторинга {year_in(scope.year)} нет: показатели не рассчитаны и школы их "
                f"не представили.")
        return s
    tones = Counter(r["groups"]["all"].tone for r in with_data)
    s.p(f"Из {count(len(rows), t.INDICATORS_GEN)} значения {year_in(scope.year)} есть по {num(len(with_data))}. "
        f"По всем школам целевое значение достигнуто "
        f"по {num(tones['ok'])}, близко к цели (в пределах 10 %) — {num(tones['warn'])}, не достигнуто — "
        f"{num(tones['bad'])}, без целевого значения — {num(tones[''])}.")
    better = worse = 0
    if scope.previous is not None:
        before = aggregate_table(municipality_ids=scope.municipality_ids, years=[scope.previous],
                                 indicators=[r["indicator"] for r in with_data])
        for r in with_data:
            old = before.get((r["indicator"].pk, scope.previous.pk, "all"))
            new = r["groups"]["all"].value
            if old is None or old.value is None or new is None or new == old.value \
                    or r["indicator"].direction == "none":
                continue
            if (new > old.value) == (r["indicator"].direction == "up"):
                better += 1
            else:
                worse += 1
    scope.facts.update(indicators_better=better, indicators_worse=worse, indicators_ok=tones["ok"])
    s.p(f"По сравнению с прошлым годом значение по всем школам улучшилось по {num(better)} "
        f"{t.word(better, 'показателю,показателям,показателям')}, ухудшилось по {num(worse)}.")
    table = s.table(Table("Показатели", f"Показатели мониторинга, {school_year_name(scope.year)}",
                          ["№", "Показатель", "Цель", "ШНОР", "n", "ШССУ", "n", "Другие школы", "n", "Все школы",
                           "n", "Оценка"],
                          ["int", "text", "num", "num", "int", "num", "int", "num", "int", "num", "int", "light"]))
    for r in rows:
        g = r["groups"]
        row = [r["indicator"].number or None, f"{r['name']}{' (%)' if r['unit'] == 'percent' else ''}", r["target"]]
        for key in ("lrs", "dsc", "other", "all"):
            cell = g[key]
            row += [float(cell.value) if cell.value is not None else None, cell.n or None]
        row.append(g["all"].tone)
        table.rows.append(row)
        for c, key in ((3, "lrs"), (5, "dsc"), (7, "other"), (9, "all")):
            if g[key].value is not None and g[key].schools < t.SMALL_SCHOOLS:
                table.small.add((len(table.rows) - 1, c))
    table.note = ("n — по чему рассчитано значение (участники, педагоги, обучающиеся). * — значение по группе "
                  f"меньше чем из {t.SMALL_SCHOOLS} школ: неустойчиво. Оценка — по всем школам относительно цели: "
                  "зелёный — достигнута, жёлтый — в пределах 10 %, красный — не достигнута, серый — нет цели или "
                  "данных.")
    pictures = small_multiples([{
        "title": r["name"], "series": [(label, r["trend"][key]) for key, label in
                                       (("lrs", "ШНОР"), ("dsc", "ШССУ"), ("other", "другие"))],
        "target": r["target"], "target_label": "цель", "y_suffix": " %" if r["unit"] == "percent" else ""}
        for r in with_data if _years_with_values(*(r["trend"][g] for g in ("lrs", "dsc", "other"))) >= 2])
    s.charts(pictures)
    return s


def _years_with_values(*series) -> int:
    """In how many years any of the series has a value: a picture is drawn only for a trend (two years or more); a
    single year is read in the table."""
    return len({i for points in series for i, point in enumerate(points) if point[1] is not None})


def _school_indicators(scope, s: Section, rows) -> Section:
    with_data = [r for r in rows if r["value"] is not None and r["value"].value is not None]
    scope.facts.update(indicators=len(rows), indicators_with_data=len(with_data))
    if not with_data:
        s.empty(f"Значений показателей школы {year_in(scope.year)} нет.")
        return s
    tones = Counter(r["tone"] for r in with_data)
    s.p(f"Значения {year_in(scope.year)} есть по {num(len(with_data))} из {num(len(rows))} показателей; цель "
        f"достигнута по {num(tones['ok'])}, не достигнута — по {num(tones['bad'])}, близко к цели — "
        f"{num(tones['warn'])}.")
    table = s.table(Table("Показатели школы", f"Показатели школы, {school_year_name(scope.year)}",
                          ["№", "Показатель", "Цель", "Значение", "n", "Изменение", "Медиана муниципалитета",
                           "Оценка"], ["int", "text", "num", "num", "int", "num", "num", "light"]))
    for r in rows:
        v = r["value"]
        median = r["median"][-1][1] if r["median"] else None
        table.rows.append([r["indicator"].number or None, r["name"], r["target"],
                           float(v.value) if v is not None and v.value is not None else None,
                           v.n if v is not None else None,
                           float(v.change) if v is not None and v.change is not None else None, median, r["tone"]])
        if v is not None and not v.reliable:
            table.small.add((len(table.rows) - 1, 3))
    table.note = "* — значение по малому n (ниже минимума показателя): неустойчиво."
    s.charts(small_multiples([{"title": r["name"], "series": [("школа", r["series"]), ("медиана", r["median"])],
                               "target": r["target"], "target_label": "цель",
                               "y_suffix": " %" if r["unit"] == "percent" else ""} for r in with_data
                              if _years_with_values(r["series"]) >= 2]))
    return s


def effect(scope: Scope, number: int) -> Section:
    s = Section("effect", number, "Эффект программы")
    if scope.is_school:
        s.empty("Эффект программы оценивается по группе поддерживаемых школ против сопоставимых школ региона; для "
                "отдельной школы он не рассчитывается — см. изменение её показателей в предыдущем разделе.")
        return s
    from monitoring.effect import MIN_SCHOOLS, K
    from monitoring.selectors import effectiveness

    data = effectiveness(scope.territory, scope.school_year)
    rows = data["rows"]
    estimated = [r for r in rows if r["effect"].estimate is not None]
    scope.facts.update(effect_rows=len(rows), effect_estimated=len(estimated),
                       effect_positive=sum(1 for r in estimated if r["effect"].significant
                                           and _good(r) is True),
                       effect_negative=sum(1 for r in estimated if r["effect"].significant and _good(r) is False))
    s.p(f"Эффект оценивается методом «разность разностей»: изменение показателя поддерживаемых школ (со статусом ШНОР "
        f"или ШССУ {year_in(scope.year)}, всего {num(data['supported'])}) от прошлого года к этому сравнивается с "
        f"изменением у сопоставимых школ региона без статуса (по {K} ближайших по показателю двух прошлых лет и "
        f"социальному индексу). Интервал — 95 %; при меньше чем {MIN_SCHOOLS} школах в любой из групп эффект не "
        f"оценивается.")
    if not rows:
        s.empty("Показателей результатов для оценки эффекта в каталоге нет.")
        return s
    if not estimated:
        s.empty(f"Оценить эффект {year_in(scope.year)} нельзя ни по одному показателю: недостаточно школ со значениями "
                f"за два года подряд (нужно не меньше {MIN_SCHOOLS} в каждой группе).")
    for r in estimated:
        e = r["effect"]
        suffix = " п. п." if r["indicator"].unit == "percent" else ""
        verdict = ("значимый" if e.significant else "незначимый: интервал включает ноль")
        s.p(f"«{r['name']}»: эффект {t.signed(e.estimate, suffix)} (95 % интервал от {t.signed(e.low)} до "
            f"{t.signed(e.high)}{suffix}; n = {num(e.supported)} + {num(e.comparison)} школ) — {verdict}; улучшение у "
            f"{part_of(e.improved, e.supported)} поддерживаемых школ.")
    table = s.table(Table("Эффект", "Оценка эффекта по показателям результатов",
                          ["Показатель", "Поддерживаемых школ", "Школ сравнения", "Улучшили", "Ухудшили", "Эффект",
                           "Нижняя граница", "Верхняя граница", "p", "Примечание"],
                          ["text", "int", "int", "int", "int", "num", "num", "num", "p", "text"]))
    for r in rows:
        e = r["effect"]
        table.rows.append([r["name"], e.supported, e.comparison, e.improved, e.worsened, e.estimate, e.low, e.high,
                           e.p_value, e.note or ("значимый" if e.significant else "незначимый")])
        if e.supported < t.SMALL_N and e.supported:
            table.small.add((len(table.rows) - 1, 1))
    table.note = t.SMALL_NOTE
    if data["left"]:
        s.p(f"Вышли из списка по сравнению с прошлым годом: {names(scope.school_name(x) for x in data['left'])}.")
    if data["long_status"]:
        s.p("В статусе больше трёх лет подряд: " + names(f"{scope.school_name(sc)} — {count(n, t.YEARS)}"
                                                   for sc, n in data["long_status"]) + ".")
    return s


def _good(row) -> bool | None:
    e = row["effect"]
    if e.estimate is None:
        return None
    direction = row["indicator"].direction
    if direction == "none":
        return None
    return (e.estimate > 0) == (direction != "down")


AUDIENCE_TITLES = (("school", "Школам"), ("methodical", "Методической службе"),
                   ("department", "Управлению образования"))


def recommendations(scope: Scope, number: int) -> Section:
    from monitoring.selectors import recommendations_for

    s = Section("recommendations", number, "Адресные рекомендации")
    recs = [r for r in recommendations_for(scope.territory, scope.school_year) if r.state != "dismissed"]
    scope.facts["recommendations"] = len(recs)
    if not recs:
        s.empty(f"Рекомендаций на {school_year_name(scope.year)} учебный год нет: правила мониторинга не выявили "
                f"оснований, методисты рекомендаций не добавили.")
        return s
    adopted = [r for r in recs if r.state == "adopted"]
    s.p(f"Сформировано {count(len(recs), t.RECOMMENDATIONS)} (без отклонённых), из них принято управленческими "
        f"решениями {num(len(adopted))}.")
    audiences = dict(AUDIENCE_TITLES)
    for audience, title in AUDIENCE_TITLES:
        group = [r for r in recs if r.audience == audience]
        if not group:
            s.h(title)
            s.empty("Рекомендаций нет.")
            continue
        s.h(f"{title} ({num(len(group))})")
        if scope.is_region and audience == "school":
            by_muni = Counter(r.municipality.name for r in group)
            s.p("По муниципалитетам: " + names((f"{m} — {num(n)}" for m, n in sorted(by_muni.items())), limit=40)
                + ". Тексты рекомендаций школам — в таблице отчёта в книге Excel.")
            continue
        s.items([_recommendation_line(scope, r) for r in group])
    table = s.table(Table("Рекомендации", "Адресные рекомендации", pdf=False,
                          headers=["Кому", "Школа", "Рекомендация", "Основание", "Состояние", "Решение"],
                          kinds=["text"] * 6))
    for r in recs:
        table.rows.append([audiences.get(r.audience, r.audience), scope.school_name(r.school) if r.school_id else "",
                           r.text, "; ".join(_reason(x) for x in r.reasons), r.get_state_display(),
                           f"приказ № {r.order_number} от {ru_date(r.order_date)}" if r.state == "adopted" else ""])
    return s


def _recommendation_line(scope: Scope, r) -> str:
    who = f"{scope.school_name(r.school)}: " if r.school_id else ""
    basis = f" Основание: {'; '.join(_reason(x) for x in r.reasons)}." if r.reasons else ""
    decision = (f" Принята: приказ № {r.order_number} от {ru_date(r.order_date)}"
                f"{' — ' + r.decision if r.decision else ''}." if r.state == "adopted" else "")
    return f"{who}{r.text}{basis}{decision}"


def _reason(reason) -> str:
    """A recommendation's reason as monitoring keeps it ({"label", "value", …} or text) → «просрочено: 3»."""
    if isinstance(reason, dict):
        label, value = reason.get("label", ""), reason.get("value", "")
        return f"{label}: {value}" if label else str(value)
    return str(reason)


# ---- 1. summary, 9. appendix -------------------------------------------------------------------------------------


def summary(scope: Scope, number: int) -> Section:
    """Written last, from the figures the other sections left in `scope.facts`."""
    f = scope.facts
    s = Section("summary", number, "Краткие итоги")
    n = len(scope.schools)
    lines = []
    if scope.is_school:
        lines.append(f"Отчёт по школе «{scope.territory.short_name}» за {school_year_name(scope.year)} учебный год.")
    else:
        lines.append(f"На территории {count(n, 'действующая школа,действующие школы,действующих школ')}.")
    if f.get("list_known"):
        change = f["listed"] - f.get("listed_before", 0)
        than = (f"на {num(abs(change))} {'больше' if change > 0 else 'меньше'}, чем в прошлом году" if change
                else "столько же, сколько в прошлом году")
        if not f.get("had_list"):
            lines.append(f"В списке ШНОР и ШССУ {year_in(scope.year)} — {count(f['listed'], t.SCHOOLS)} (списка "
                         f"прошлого года в портале нет); больше трёх лет подряд в статусе — "
                         f"{num(f.get('long_status', 0))}.")
        else:
            lines.append(f"В списке ШНОР и ШССУ {year_in(scope.year)} — {count(f['listed'], t.SCHOOLS)} ({than}); "
                         f"новых школ в списке — {num(f.get('entered', 0))}, вышли из него {num(f.get('left', 0))}; "
                         f"больше трёх лет подряд в статусе — {num(f.get('long_status', 0))}.")
    else:
        lines.append(f"Утверждённого списка ШНОР и ШССУ {year_in(scope.year)} нет.")
    if f.get("listed"):
        lines.append(f"Партнёра по соглашению имели {part_of(f.get('covered', 0), f['listed'])} ШНОР и ШССУ; "
                     f"без партнёра — {num(f.get('without_partner', 0))}.")
    if f.get("activities"):
        lines.append(f"Выполнено {part_of(f['done'], f['activities'])} мероприятий дорожных карт, просрочено "
                     f"{num(f['overdue'])}.")
    else:
        lines.append("Мероприятий дорожных карт в году нет.")
    if f.get("teachers"):
        lines.append(f"Проведено {count(f.get('events', 0), t.EVENTS)}; педагогов, прошедших диагностику, — "
                     f"{part_of(f['diagnosed'], f['teachers'])}, с наставником — "
                     f"{part_of(f['mentored'], f['teachers'])}; положительная динамика при повторной диагностике — у "
                     f"{part_of(f.get('positive', 0), f.get('diagnosed_twice', 0))}.")
    if f.get("indicators_with_data"):
        lines.append(f"Показатели: данные есть по {num(f['indicators_with_data'])} из {num(f['indicators'])}"
                     + (f", цель достигнута по {num(f.get('indicators_ok', 0))}, к прошлому году улучшились "
                        f"{num(f.get('indicators_better', 0))}, ухудшились {num(f.get('indicators_worse', 0))}."
                        if not scope.is_school else "."))
    else:
        lines.append("Значений показателей мониторинга в году нет.")
    if not scope.is_school:
        if f.get("effect_estimated"):
            lines.append(f"Эффект программы оценён по {num(f['effect_estimated'])} из {num(f['effect_rows'])} "
                         f"показателей результатов: значимое улучшение — по {num(f.get('effect_positive', 0))}, "
                         f"значимое ухудшение — по {num(f.get('effect_negative', 0))}.")
        else:
            lines.append("Эффект программы оценить нельзя: недостаточно школ с данными за два года.")
    lines.append(f"Адресных рекомендаций — {num(f.get('recommendations', 0))}.")
    s.items(lines)
    return s


def appendix(scope: Scope, number: int, sections: list[Section]) -> Section:
    """Appendix: the per-school overview (one row per school of the territory)."""
    s = Section("appendix", number, "Приложение. Сводная таблица по школам")
    if scope.is_school:
        s.empty("Для отчёта по школе сводная таблица по школам не составляется: все сведения о школе приведены в "
                "разделах отчёта.")
        return s
    statuses = defaultdict(list)
    for sid, st in SchoolStatus.objects.filter(school_id__in=scope.school_ids, school_year=scope.school_year) \
            .values_list("school_id", "status").order_by("status"):
        statuses[sid].append(STATUS_LABELS[st])
    start, end = scope.period
    partners = set(Agreement.objects.filter(supported_school_id__in=scope.school_ids, start__lte=end,
                                            end__gte=start).exclude(state=Agreement.State.DRAFT)
                   .values_list("supported_school_id", flat=True))
    programmes = {r.school_id: r for r in with_progress(Roadmap.objects.filter(
        level=RoadmapLevel.SCHOOL, school_id__in=scope.school_ids, school_year=scope.school_year), today=scope.as_of)}
    if scope.is_region:
        s.title = "Приложение. Сводные таблицы по муниципалитетам и школам"
        _by_municipality(scope, s, statuses, partners)
    table = s.table(Table("Школы", "Сводная таблица по школам",
                          ["Школа", "Статус", "Партнёр", "Программа", "Выполнено, %", "Просрочено"],
                          ["text", "text", "text", "text", "pct", "int"], pdf=not scope.is_region))
    for sc in scope.schools:
        p = programmes.get(sc.pk)
        table.rows.append([scope.school_name(sc), ", ".join(statuses.get(sc.pk, [])) or "—",
                           "есть" if sc.pk in partners else ("нет" if sc.pk in statuses else "—"),
                           p.get_status_display() if p else "—",
                           float(p.percent_done) if p and p.percent_done is not None else None,
                           p.n_overdue if p else None])
    return s


def _by_municipality(scope: Scope, s: Section, statuses: dict, partners: set) -> None:
    """The region's appendix in the PDF: one row per municipality, summed from what the sections read."""
    rows: dict[int, Counter] = defaultdict(Counter)
    names_of = {}
    for sc in scope.schools:
        row = rows[sc.municipality_id]
        names_of[sc.municipality_id] = sc.municipality.name
        row["schools"] += 1
        if sc.pk in statuses:
            row["listed"] += 1
            row["partnered"] += sc.pk in partners
        for key in ("teachers", "diagnosed", "mentored"):
            row[key] += scope.facts.get("figures", {}).get(sc.pk, {}).get(key, 0)
    for m in scope.facts.get("maps", []):
        row = rows[m.municipality_id]
        row["maps"] += 1
        row["activities"] += m.n_activities
        row["done"] += m.n_done
        row["overdue"] += m.n_overdue
    for muni_id, n in scope.facts.get("designation_munis", {}).items():
        rows[muni_id]["designations"] += n
    table = s.table(Table("Муниципалитеты", "Сводная таблица по муниципалитетам",
                          ["Муниципалитет", "Школ", "ШНОР и ШССУ", "С партнёром", "Статусов лидеров и площадок",
                           "Дорожных карт", "Мероприятий", "Выполнено, %", "Просрочено", "Педагогов",
                           "Прошли диагностику, %", "С наставником, %"],
                          ["text", "int", "int", "int", "int", "int", "int", "pct", "int", "int", "pct", "pct"]))
    for muni_id in sorted(rows, key=lambda m: names_of.get(m, "")):
        r = rows[muni_id]
        table.rows.append([names_of.get(muni_id, ""), r["schools"], r["listed"], r["partnered"], r["designations"],
                           r["maps"], r["activities"], share(r["done"], r["activities"]), r["overdue"],
                           r["teachers"], share(r["diagnosed"], r["teachers"]), share(r["mentored"], r["teachers"])])
        for c, whole in ((7, r["activities"]), (10, r["teachers"]), (11, r["teachers"])):
            if whole and whole < t.SMALL_N:
                table.small.add((len(table.rows) - 1, c))
    table.note = t.SMALL_NOTE
