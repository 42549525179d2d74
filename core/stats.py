"""Estimates people act on: empirical Bayes shrinkage of school figures toward the reference mean, and nearest
neighbours for comparisons with similar schools (docs/methodology.md, «Оценки с интервалами»).

Everything here works on whole arrays (tens of thousands of schools at once) with maintained libraries:
- shares (e.g. of failing marks): the beta-binomial model, its prior fitted by maximum likelihood over the
  reference schools (scipy.stats.betabinom, scipy.optimize); each school's posterior is Beta(a + k, b + n − k);
- standardised scores: the normal–normal model, the between-school variance τ² estimated by the Paule–Mandel
  iteration (statsmodels.stats.meta_analysis.combine_effects); each school's posterior is normal;
- similar schools: k nearest neighbours on standardised features (scipy.spatial.KDTree).
"""

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import optimize, spatial, stats

Z95 = float(stats.norm.ppf(0.975))
FIT_AT_MOST = 5000  # schools the beta prior is fitted on (a fixed random subset of a larger region)
MIN_AB = 1e-3  # the smallest a or b of a fitted beta prior (see fit_beta_prior)


@dataclass(frozen=True)
class BetaPrior:
    a: float
    b: float

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)


def fit_beta_prior(k: np.ndarray, n: np.ndarray) -> BetaPrior:
    """The beta prior of true shares that best explains the observed counts k of n (maximum likelihood of the
    beta-binomial); units with n = 0 carry no information and are left out."""
    k, n = np.asarray(k, float), np.asarray(n, float)
    keep = n > 0
    k, n = k[keep], n[keep]
    if len(n) > FIT_AT_MOST:
        # two parameters are pinned down long before 40,000 schools: a fixed random subset gives the same prior
        # (well within its own uncertainty) in a fraction of the time, and the same one every time
        pick = np.random.default_rng(0).choice(len(n), FIT_AT_MOST, replace=False)
        k, n = k[pick], n[pick]
    if len(n) < 2 or k.sum() <= 0 or k.sum() >= n.sum():
        share = (k.sum() + 0.5) / (n.sum() + 1.0)
        return BetaPrior(share * 2.0, (1 - share) * 2.0)  # too little to fit: a weak prior at the pooled share
    mean = k.sum() / n.sum()

    def loss(x):
        a, b = np.exp(x)
        return -stats.betabinom.logpmf(k, n, a, b).sum()

    # start from a prior as strong as 20 pupils at the pooled share; optimise in logs (a, b > 0)
    start = np.log([mean * 20.0, (1 - mean) * 20.0])
    fit = optimize.minimize(loss, start, method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-6,
                                                                         "maxiter": 400})
    a, b = np.exp(fit.x)
    # with no spread between schools the likelihood is flat toward a strong prior: cap its strength, keep its mean
    shrink = min(1.0, 1e6 / (a + b))
    a, b = a * shrink, b * shrink
    # shares split between none and all (every «2» in one school, none elsewhere) have their likelihood growing as
    # a, b → 0, where Beta(a + k, b + n − k) is undefined for the all-or-none units and its quantiles NaN: keep the
    # fitted mean and the weakest prior whose posteriors stay proper
    scale = max(1.0, MIN_AB / min(a, b))
    return BetaPrior(float(a * scale), float(b * scale))


@dataclass
class ShareEstimates:
    """Per unit: the shrunk share (posterior mean), its 95 % credible interval, and the probability that the true
    share is at least the threshold."""

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p_above: np.ndarray


def shrink_shares(k: np.ndarray, n: np.ndarray, prior: BetaPrior, threshold: float) -> ShareEstimates:
    a = prior.a + np.asarray(k, float)
    b = prior.b + np.asarray(n, float) - np.asarray(k, float)
    return ShareEstimates(mean=a / (a + b), low=stats.beta.ppf(0.025, a, b), high=stats.beta.ppf(0.975, a, b),
                          p_above=stats.beta.sf(threshold, a, b))


@dataclass(frozen=True)
class NormalPrior:
    mu: float
    tau2: float

    def quantile(self, q: float) -> float:
        """The q-th quantile of true levels (e.g. 0.1 — the bottom 10 % of schools)."""
        return self.mu + float(stats.norm.ppf(q)) * self.tau2 ** 0.5


def fit_normal_prior(y: np.ndarray, v: np.ndarray) -> NormalPrior:
    """Mean and between-unit variance of true levels from estimates y with sampling variances v (Paule–Mandel)."""
    from statsmodels.stats.meta_analysis import combine_effects

    y, v = np.asarray(y, float), np.asarray(v, float)
    keep = np.isfinite(y) & np.isfinite(v) & (v > 0)
    y, v = y[keep], v[keep]
    if len(y) < 3:
        return NormalPrior(float(y.mean()) if len(y) else 0.0, 0.0)
    result = combine_effects(y, v, method_re="iterated")
    tau2 = float(max(result.tau2, 0.0))
    weights = 1.0 / (v + tau2)
    return NormalPrior(float((weights * y).sum() / weights.sum()), tau2)


@dataclass
class LevelEstimates:
    """Per unit: the shrunk level (posterior mean), its standard deviation and 95 % credible interval."""

    mean: np.ndarray
    sd: np.ndarray

    @property
    def low(self) -> np.ndarray:
        return self.mean - Z95 * self.sd

    @property
    def high(self) -> np.ndarray:
        return self.mean + Z95 * self.sd

    def p_below(self, cut: float) -> np.ndarray:
        return stats.norm.cdf((cut - self.mean) / np.where(self.sd > 0, self.sd, 1e-12))


def shrink_levels(y: np.ndarray, v: np.ndarray, prior: NormalPrior) -> LevelEstimates:
    """Posterior of each true level: the estimate pulled toward μ by v / (v + τ²) — the more, the less reliable."""
    # a variance of 0 (or a rounding hair below it: every pupil of each school with the same mark) is not certainty
    y, v = np.asarray(y, float), np.clip(np.asarray(v, float), 1e-9, None)
    if prior.tau2 <= 0:
        return LevelEstimates(np.full_like(y, prior.mu), np.zeros_like(y))
    weight = prior.tau2 / (prior.tau2 + v)
    return LevelEstimates(prior.mu + weight * (y - prior.mu), np.sqrt(weight * v))


def nearest(features: np.ndarray, k: int, *, among: np.ndarray | None = None) -> np.ndarray:
    """Indices of the k nearest rows for every row (itself left out), on features standardised column by column
    (a constant column counts for nothing; an unknown value — NaN — sits at the column's mean). `among`: a boolean
    mask of the rows that may be neighbours."""
    x = np.array(features, float)
    if x.ndim != 2 or not len(x):
        return np.zeros((len(x), 0), int)
    with warnings.catch_warnings():  # a column unknown for every school: its mean is NaN, it counts for nothing
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(np.where(np.isfinite(x), x, np.nan), axis=0)
        sd = np.nanstd(np.where(np.isfinite(x), x, np.nan), axis=0)
    mean, sd = np.nan_to_num(mean), np.where(np.nan_to_num(sd) > 0, np.nan_to_num(sd), 1.0)
    z = np.where(np.isfinite(x), (x - mean) / sd, 0.0)
    pool = np.arange(len(z)) if among is None else np.flatnonzero(among)
    k = min(k, max(len(pool) - 1, 0))
    if k <= 0:
        return np.zeros((len(z), 0), int)
    tree = spatial.KDTree(z[pool])
    _dist, idx = tree.query(z, k=k + 1)
    idx = pool[np.atleast_2d(idx).reshape(len(z), k + 1)]
    out = np.empty((len(z), k), int)
    for row in range(len(z)):  # drop the row itself (it is its own nearest when it is in the pool)
        others = idx[row][idx[row] != row]
        out[row] = others[:k]
    return out
