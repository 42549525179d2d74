"""The report's wording: plural forms of the words it counts, shares in a sentence («3 из 8 (37,5 %)»), the year in a
sentence and lists of names. Numbers themselves are written by core.formats."""

from core import limits
from core.formats import ru_count, ru_percent, school_year_name
from core.templatetags.portal import ru_plural

SMALL_N = 10  # a share over fewer cases is marked as a small group
SMALL_SCHOOLS = 5  # an indicator's value over fewer schools of a group is marked
SMALL_MARK = "*"
SMALL_NOTE = "* — малая группа (меньше 10): значение неустойчиво, выводы по нему не делаются."

SCHOOLS = "школа,школы,школ"
SCHOOLS_GEN = "школы,школ,школ"  # «из 8 школ», «у 1 школы»
TEACHERS = "педагог,педагога,педагогов"
ACTIVITIES_GEN = "мероприятия,мероприятий,мероприятий"
INDICATORS_GEN = "показателя,показателей,показателей"
EVENTS = "мероприятие,мероприятия,мероприятий"
RECOMMENDATIONS = "рекомендация,рекомендации,рекомендаций"
YEARS = "год,года,лет"
ROWS = "строка,строки,строк"
STATUSES = "статус,статуса,статусов"
AGREEMENTS = "соглашение,соглашения,соглашений"
MAPS = "дорожная карта,дорожные карты,дорожных карт"
INDICATORS = "показатель,показателя,показателей"
MUNICIPALITIES = "муниципалитет,муниципалитета,муниципалитетов"

IN_PORTAL = "в портале"


def share(part: int, whole: int) -> float | None:
    """The part as a percentage of the whole; nothing to count → None (written «—»)."""
    return 100 * part / whole if whole else None


def count(n: int, forms: str) -> str:
    """«5 школ», «1 школа», «22 школы»."""
    return f"{ru_count(n)} {ru_plural(n, forms)}"


def part_of(part: int, whole: int) -> str:
    """«3 из 8 (37,5 %)», marked when the whole is a small group; «0 из 0» when there is nothing to count."""
    if not whole:
        return "0 из 0"
    mark = SMALL_MARK if whole < SMALL_N else ""
    return f"{ru_count(part)} из {ru_count(whole)} ({ru_percent(share(part, whole))}{mark})"


def year_in(start_year: int) -> str:
    """«в 2025/2026 учебном году»."""
    return f"в {school_year_name(start_year)} учебном году"


def names(items, limit: int = 8) -> str:
    """«А, Б, В и ещё 4» — a list of names in a sentence."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    rest = len(items) - limit
    return ", ".join(items[:limit]) + f" и ещё {ru_count(rest)}"


def quote(text, where: str = IN_PORTAL) -> str:
    """A person's text quoted in the report, at most `limits.REPORT_QUOTE` characters: a longer one is cut at a word,
    ended with «…» and told where to read it whole (core/limits.py) — one text cannot swell the report."""
    text = str(text)
    if len(text) <= limits.REPORT_QUOTE:
        return text
    cut = text[: limits.REPORT_QUOTE]
    space = cut.rfind(" ")
    if space > limits.REPORT_QUOTE * 4 // 5:
        cut = cut[:space]
    return f"{cut.rstrip()}… (полный текст — {where})"
