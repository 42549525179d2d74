"""Reads of the data a run needs: the years with assessment results and the yearly context data of a territory (the
run form and the service that starts runs)."""

from dataclasses import dataclass

from django.db.models import Max
from django.utils.translation import gettext

from core.formats import school_year_name
from schools.models import AssessmentResult, SchoolYearData

from ..criteria.window import data_window


def _territory_filter(prefix: str, *, region, municipality) -> dict:
    if municipality is not None:
        return {f"{prefix}municipality": municipality}
    return {f"{prefix}municipality__region": region}


def result_years(*, region, municipality, first: int, last: int) -> set[int]:
    """School years (start years) between `first` and `last` with assessment results of the territory's active
    schools, as the engine reads them (one query)."""
    return set(AssessmentResult.objects.filter(
        **_territory_filter("school__", region=region, municipality=municipality), school__is_active=True,
        participants__gt=0, school_year__start_year__range=(first, last))
        .order_by().values_list("school_year__start_year", flat=True).distinct())


@dataclass(frozen=True)
class DataCheck:
    """What the results of a territory give a list on `start_year`: the years its criteria read (`first`…`last`,
    the last being the year before the list's), those with results, and the yearly context data when a criterion
    reads it. Without results of the last year an official run is refused (the list rests on that year); missing
    earlier years and context data are warnings (criteria judge what there is, and say «недостаточно данных»)."""

    territory: str
    start_year: int
    first: int
    last: int
    have: frozenset
    context_needed: bool = False
    has_context: bool = True

    @property
    def missing_last(self) -> bool:
        return self.last not in self.have

    @property
    def missing_earlier(self) -> list[int]:
        return [y for y in range(self.first, self.last) if y not in self.have]

    @property
    def refusal(self) -> str:
        """The year field's message for an official run without results of the year it rests on."""
        return gettext("Нет результатов оценочных процедур за %(last)s учебный год (%(where)s), а список "
                       "на %(year)s строится по ним. Официальный расчёт без них не запускается: загрузите "
                       "результаты, выберите другой учебный год или отметьте «Пробный расчёт».") % {
            "last": school_year_name(self.last), "where": self.territory, "year": school_year_name(self.start_year)}

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.missing_last:
            out.append(gettext("Нет результатов оценочных процедур за %(last)s учебный год (%(where)s), по которым "
                               "строится список на %(year)s: критерии по результатам не выполнятся ни для одной "
                               "школы.") % {"last": school_year_name(self.last), "where": self.territory,
                                            "year": school_year_name(self.start_year)})
        if self.missing_earlier:
            out.append(gettext("Нет результатов за %(years)s (%(where)s): критерии, которые смотрят на несколько лет, "
                               "оценят школы по остальным годам, у части школ будет «недостаточно данных».") % {
                "years": ", ".join(school_year_name(y) for y in self.missing_earlier), "where": self.territory})
        if self.context_needed and not self.has_context:
            out.append(gettext("Нет данных о контингенте и социальном контексте школ за %(last)s (%(where)s): "
                               "критерий ШССУ по этим данным не будет рассчитан.") % {
                "last": school_year_name(self.last), "where": self.territory})
        return out


def data_check(*, criteria: list[dict], region, municipality, start_year: int) -> DataCheck:
    """The results (and yearly context data) a list on `start_year` would read in the territory (two queries)."""

    first, last = data_window(criteria, start_year)
    context_needed = any(c["kind"] in ("social_index", "social_disadvantage") for c in criteria)  # read yearly data
    has_context = context_needed and SchoolYearData.objects.filter(
        **_territory_filter("school__", region=region, municipality=municipality), school__is_active=True,
        school_year__start_year=last, students__gt=0).exists()
    return DataCheck(territory=str(municipality or region), start_year=start_year, first=first, last=last,
                     have=frozenset(result_years(region=region, municipality=municipality, first=first, last=last)),
                     context_needed=context_needed, has_context=has_context or not context_needed)


def latest_result_years(municipalities) -> dict[int, int]:
    """Municipality id → the latest school year with assessment results of its active schools (one query)."""
    return dict(AssessmentResult.objects.filter(school__municipality__in=municipalities, school__is_active=True,
                                                participants__gt=0)
                .order_by().values("school__municipality").annotate(last=Max("school_year__start_year"))
                .values_list("school__municipality", "last"))
