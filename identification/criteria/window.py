"""Which years of data a list reads: the models (`Run.data_years`), the engine and the pages ask here."""

from .base import RunContext, get_kind


def data_year(start_year: int) -> int:
    """A run for the school year Y/Y+1 reads data up to Y−1/Y: the list is approved at the start of Y/Y+1,
    when the results of Y/Y+1 do not exist yet."""
    return start_year - 1


def data_window(criteria: list[dict], start_year: int) -> tuple[int, int]:
    """The first and last school years (start years) of results a methodology's criteria read for a list on
    `start_year`: each criterion's window, ending with `data_year(start_year)` (`Run.data_years` of a run)."""
    ctx = RunContext(year=data_year(start_year), region_id=0, municipality_id=None)
    firsts = [get_kind(c["kind"]).first_year(ctx, c["params"]) for c in criteria]
    return min(firsts or [ctx.year]), ctx.year
