"""The programme's effect: a difference in differences against comparable non-supported schools.

For a school year Y and a result indicator: the supported schools are those with a ШНОР/ШССУ status in Y; each is
matched to its `K` nearest non-supported schools of the region (with replacement) on the indicator in Y−1 and Y−2
and on the social index of Y−1 (each standardised over the candidates). The effect is the coefficient of
supported × after in a weighted least-squares regression of the indicator on supported, after and their product
over the two years Y−1 (before) and Y (after), with standard errors clustered by school (statsmodels); the 95 %
interval uses Student's t. Fewer than `MIN_SCHOOLS` supported schools with both years, or fewer than `MIN_SCHOOLS`
distinct comparison schools: «недостаточно школ для оценки», no number.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MIN_SCHOOLS = 5
K = 2
NOT_ENOUGH = "недостаточно школ для оценки"


@dataclass
class Effect:
    supported: int = 0  # supported schools with a value in both years
    comparison: int = 0  # distinct matched comparison schools
    improved: int = 0  # supported schools whose value moved in the good direction
    worsened: int = 0
    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    note: str = ""
    matches: dict = field(default_factory=dict)  # supported school id → [comparison school ids]

    @property
    def n(self) -> int:
        return self.supported + self.comparison

    @property
    def significant(self) -> bool:
        return self.low is not None and (self.low > 0 or self.high < 0)

    def as_dict(self) -> dict:
        return {"supported": self.supported, "comparison": self.comparison, "n": self.n, "improved": self.improved,
                "worsened": self.worsened, "estimate": self.estimate, "low": self.low, "high": self.high,
                "p_value": self.p_value, "note": self.note}


def _standardise(columns: list[list[float]]) -> list[list[float]]:
    out = []
    for col in columns:
        mean = sum(col) / len(col)
        sd = (sum((x - mean) ** 2 for x in col) / max(len(col) - 1, 1)) ** 0.5 or 1.0
        out.append([(x - mean) / sd for x in col])
    return out


def match(treated: dict[int, tuple], pool: dict[int, tuple], k: int = K) -> dict[int, list[int]]:
    """Nearest neighbours with replacement: {treated id: [k pool ids]} on the features (standardised over both)."""
    ids = list(treated) + list(pool)
    feats = [treated.get(i) or pool[i] for i in ids]
    cols = _standardise([list(c) for c in zip(*feats, strict=True)]) if feats else []
    z = {i: tuple(col[n] for col in cols) for n, i in enumerate(ids)}
    pool_ids = sorted(pool)
    out = {}
    for t in treated:
        dist = sorted(pool_ids, key=lambda p, t=t: (sum((a - b) ** 2 for a, b in zip(z[t], z[p], strict=True)), p))
        out[t] = dist[:k]
    return out


def did(before: dict[int, float], after: dict[int, float], supported: set[int], features: dict[int, tuple],
        *, good_up: bool = True) -> Effect:
    """The estimate from plain numbers: values before and after by school, the supported ids, the matching features
    by school. Used by `effectiveness` and by the tests on synthetic data."""
    both = {i for i in before if i in after}
    treated = {i: features[i] for i in sorted(both & supported) if i in features}
    pool = {i: features[i] for i in sorted(both - supported) if i in features}
    effect = Effect(supported=len(treated))
    for i in treated:
        change = after[i] - before[i]
        if (change > 0) == good_up and change != 0:
            effect.improved += 1
        elif change != 0:
            effect.worsened += 1
    if len(treated) < MIN_SCHOOLS or len(pool) < MIN_SCHOOLS:
        effect.comparison = len(pool) if len(treated) < MIN_SCHOOLS else 0
        effect.note = _(NOT_ENOUGH)
        return effect
    effect.matches = match(treated, pool)
    weights: dict[int, float] = defaultdict(float)
    for controls in effect.matches.values():
        for c in controls:
            weights[c] += 1 / len(controls)
    effect.comparison = len(weights)
    if effect.comparison < MIN_SCHOOLS:
        effect.note = _(NOT_ENOUGH)
        return effect

    import numpy as np
    import statsmodels.api as sm

    rows, ys, ws, groups = [], [], [], []
    for school, weight, is_treated in [(t, 1.0, 1) for t in treated] + [(c, w, 0) for c, w in weights.items()]:
        for post, y in ((0, before[school]), (1, after[school])):
            rows.append((1.0, is_treated, post, is_treated * post))
            ys.append(y)
            ws.append(weight)
            groups.append(school)
    fit = sm.WLS(np.asarray(ys, dtype=float), np.asarray(rows, dtype=float), weights=np.asarray(ws)).fit(
        cov_type="cluster", cov_kwds={"groups": np.asarray(groups)}, use_t=True)
    low, high = fit.conf_int(alpha=0.05)[3]
    effect.estimate, effect.low, effect.high = float(fit.params[3]), float(low), float(high)
    effect.p_value = float(fit.pvalues[3])
    return effect
