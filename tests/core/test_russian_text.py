"""Russian text as people write it. Plural forms: the portal has no compiled Russian catalogue, so
`{% blocktranslate count %}` would apply English's two forms («2 педагогов», «41 участников»); templates use the
`ru_plural` filter instead. Percentages and «№»: the sign never parts from its number at a line end."""

from decimal import Decimal
from pathlib import Path

from django.conf import settings

from core.formats import nobreak, ru_count, ru_decimal, ru_number, ru_percent
from core.templatetags.portal import ru_plural


def test_no_template_counts_with_blocktranslate():
    roots = [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]]
    roots += list(Path(settings.BASE_DIR).glob("*/templates"))
    offenders = [str(path) for root in roots for path in root.rglob("*.html")
                 if "blocktranslate count" in path.read_text() or "blocktrans count" in path.read_text()]
    assert not offenders


def test_ru_plural():
    forms = "педагог,педагога,педагогов"
    assert [ru_plural(n, forms) for n in (1, 2, 5, 11, 12, 21, 22, 25, 41, 111, 0)] == [
        "педагог", "педагога", "педагогов", "педагогов", "педагогов", "педагог", "педагога", "педагогов", "педагог",
        "педагогов", "педагогов"]


def test_percent_and_number_signs_stay_with_their_numbers():
    assert ru_percent(12.5) == "12,5\u00a0%" and ru_percent(None) == "—" and ru_percent(7, 0) == "7\u00a0%"
    assert nobreak("ВПР, математика: нижние 10 % региона") == "ВПР, математика: нижние 10\u00a0% региона"
    assert nobreak("приказ № 245 от 04.09.2025") == "приказ №\u00a0245 от 04.09.2025"
    assert nobreak("доля % без числа") == "доля % без числа"


def test_numbers_with_a_true_minus_and_a_decimal_comma():
    assert ru_number(-4.93) == "−4,9" and ru_number(2.44) == "2,4" and ru_number(None) == "—"
    assert ru_number(1.5, plus=True) == "+1,5" and ru_number(-0.04, plus=True) == "0,0"
    assert ru_number(-12.346, 2) == "−12,35" and ru_number(7, 0) == "7"


def test_decimals_for_charts_and_tables_and_counts_with_thousands():
    assert ru_decimal(12.5) == "12,5" and ru_decimal(-2.25, 2) == "-2,25" and ru_decimal(None) == "—"
    assert ru_decimal(30.0, None) == "30" and ru_decimal(12.5, None) == "12,5" and ru_decimal(40, 0) == "40"
    assert ru_decimal(1.5, 1, plus=True) == "+1,5" and ru_decimal(-5.2, 1, plus=True) == "-5,2"
    assert ru_count(1234) == "1\u00a0234" and ru_count(Decimal("7.00")) == "7" and ru_count(12.5) == "12,5"
    assert ru_count(0) == "0" and ru_count(None) == "—"
