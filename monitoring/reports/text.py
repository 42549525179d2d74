"""Russian numbers and phrases for the report's sentences, built on the portal's own helpers (core.charts.fmt for the
decimal comma, the `percent` and `ru_plural` filters): «12,5 %», «1 234», «5 школ», «3 из 8 (37,5 %)»."""

from decimal import Decimal

from core.charts import fmt
from core.formats import school_year_name
from core.templatetags.portal import percent, ru_plural

SMALL_N = 10  # a share over fewer cases is marked as a small group
SMALL_SCHOOLS = 5  # an indicator's value over fewer schools of a group is marked
SMALL_MARK = "*"
SMALL_NOTE = "* — малая группа (меньше 10): значение неустойчиво, выводы по нему не делаются."

SCHOOLS = "школа,школы,школ"
SCHOOLS_GEN = "школы,школ,школ"  # «из 8 школ», «у 1 школы»
TEACHERS = "педагог,педагога,педагогов"
TEACHERS_GEN = "педагога,педагогов,педагогов"  # «из 21 педагога», «из 5 педагогов»
ACTIVITIES_GEN = "мероприятия,мероприятий,мероприятий"
INDICATORS_GEN = "показателя,показателей,показателей"
EVENTS = "мероприятие,мероприятия,мероприятий"
ACTIVITIES = "мероприятие,мероприятия,мероприятий"
AGREEMENTS = "соглашение,соглашения,соглашений"
ROADMAPS = "дорожная карта,дорожные карты,дорожных карт"
PAIRS = "пара,пары,пар"
COURSES = "курс,курса,курсов"
COMMUNITIES = "сообщество,сообщества,сообществ"
INDICATORS = "показатель,показателя,показателей"
RECOMMENDATIONS = "рекомендация,рекомендации,рекомендаций"
YEARS = "год,года,лет"


def num(value) -> str:
    """1234 → «1 234» (a no-break space between thousands); None → «—»; fractions with a decimal comma."""
    if value is None:
        return "—"
    if isinstance(value, (float, Decimal)) and value != int(value):
        return fmt(float(value), 1)
    return f"{int(value):,}".replace(",", "\u00a0")


def pct(value, digits: int = 1) -> str:
    return percent(value, digits)


def share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def count(n: int, forms: str) -> str:
    """«5 школ», «1 школа», «22 школы»."""
    return f"{num(n)} {ru_plural(n, forms)}"


def word(n: int, forms: str) -> str:
    return ru_plural(n, forms)


def part_of(part: int, whole: int) -> str:
    """«3 из 8 (37,5 %)», marked when the whole is a small group; «0 из 0» when there is nothing to count."""
    if not whole:
        return "0 из 0"
    mark = SMALL_MARK if whole < SMALL_N else ""
    return f"{num(part)} из {num(whole)} ({pct(share(part, whole))}{mark})"


def is_small(n: int | None) -> bool:
    return n is not None and n < SMALL_N


def year_label(start_year: int) -> str:
    """«2025/2026 учебный год»."""
    return f"{school_year_name(start_year)} учебный год"


def year_in(start_year: int) -> str:
    """«в 2025/2026 учебном году»."""
    return f"в {school_year_name(start_year)} учебном году"


def signed(value: float | None, suffix: str = "") -> str:
    """+3,2 / −1,5 (a real minus sign) / 0,0."""
    if value is None:
        return "—"
    text = fmt(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "") + text + suffix


def names(items, limit: int = 8) -> str:
    """«А, Б, В и ещё 4» — a list of names in a sentence."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    rest = len(items) - limit
    return ", ".join(items[:limit]) + f" и ещё {num(rest)}"
