#!/usr/bin/env python3
"""Independent reference for tests/metrics/stats_test.cpp (Bootstrap.GoldenInterval...): the
percentile bootstrap of the mean with metrics/bootstrap.cpp's rules, re-implemented from their
definitions: std::mt19937_64 (the C++ standard's parameters, checked against its required
10000th output), indices drawn by rejection from the raw 64-bit output, the mean summed in
order, and quantiles by linear interpolation between order statistics (Hyndman-Fan type 7)."""

MASK = (1 << 64) - 1


class MT19937_64:
    N, M = 312, 156

    def __init__(self, seed):
        self.mt = [seed & MASK]
        for i in range(1, self.N):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & MASK)
        self.index = self.N

    def twist(self):
        upper, lower = 0xFFFFFFFF80000000, 0x7FFFFFFF
        for i in range(self.N):
            x = (self.mt[i] & upper) | (self.mt[(i + 1) % self.N] & lower)
            xa = x >> 1
            if x & 1:
                xa ^= 0xB5026F5AA96619E9
            self.mt[i] = self.mt[(i + self.M) % self.N] ^ xa
        self.index = 0

    def __call__(self):
        if self.index >= self.N:
            self.twist()
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & MASK


def check_engine():
    rng = MT19937_64(5489)  # [rand.predef]: the 10000th output of a default-constructed engine
    for _ in range(9999):
        rng()
    assert rng() == 9981545732273789042


def draw_index(rng, n):
    limit = MASK - MASK % n
    r = rng()
    while r >= limit:
        r = rng()
    return r % n


def quantile_sorted(xs, p):
    h = p * (len(xs) - 1)
    lo = int(h // 1)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def bootstrap_mean_ci(values, resamples=2000, seed=20240229, confidence=0.95):
    rng = MT19937_64(seed)
    stats = []
    for _ in range(resamples):
        s = 0.0
        for _ in values:
            s += values[draw_index(rng, len(values))]
        stats.append(s / len(values))
    stats.sort()
    tail = (1 - confidence) / 2
    return quantile_sorted(stats, tail), quantile_sorted(stats, 1 - tail)


if __name__ == "__main__":
    check_engine()
    v = [0.1, 0.4, 0.35, 0.8, 0.55, 0.2, 0.9, 0.65, 0.3, 0.5, 0.45, 0.7]
    lo, hi = bootstrap_mean_ci(v)
    print(repr(lo), repr(hi))
