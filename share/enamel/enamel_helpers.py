"""Helpers that ENAMEL's input generators call but its CSV does not define.

perfjudge's own implementations, with ENAMEL's names and meaning. They draw from the global
`random` module, which the generated gen.py seeds per input, so every input is reproducible.
`perfjudge import enamel` copies this file into each imported task's gen.py.
"""

import random


def miller_rabin(n, k=5):
    """Whether n is probably prime: Miller-Rabin with k random bases (exact for n < 2**64 with
    the deterministic bases tried first)."""
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1

    def witness(a):
        x = pow(a, d, n)
        if x == 1 or x == n - 1:
            return False
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                return False
        return True

    # These 12 bases decide every n < 3.3 * 10**24; k random bases cover larger n.
    if any(witness(a) for a in small):
        return False
    if n < 3317044064679887385961981:
        return True
    return not any(witness(random.randint(2, n - 2)) for _ in range(k))


def rand_probably_prime(lb, ub=None):
    """A random (probable) prime p with lb <= p <= ub; ub defaults to 2 * lb, a range that always
    holds a prime (Bertrand's postulate)."""
    lb = max(lb, 2)
    if ub is None:
        ub = 2 * lb
    if ub < lb:
        raise ValueError("rand_probably_prime: empty range [%d, %d]" % (lb, ub))
    for _ in range(200):
        x = random.randint(lb, ub)
        if miller_rabin(x):
            return x
    # A range poor in primes: scan it once from a random point, wrapping around.
    start = random.randint(lb, ub)
    for x in list(range(start, ub + 1)) + list(range(lb, start)):
        if miller_rabin(x):
            return x
    raise ValueError("rand_probably_prime: no prime in [%d, %d]" % (lb, ub))


def rand_parens(size, valid=True, par='()', sep=''):
    """A random bracket string of about `size` characters made of the pair `par`.

    valid=True: a balanced sequence; its top-level groups are joined by `sep`.
    valid=False: the same with one bracket flipped, so it is certainly unbalanced.
    """
    opening, closing = par[0], par[1]
    m = max(1, (size + 1) // 2)
    groups, current, depth, opened = [], [], 0, 0
    while opened < m or depth > 0:
        if opened < m and (depth == 0 or random.randint(0, 1)):
            current.append(opening)
            opened += 1
            depth += 1
        else:
            current.append(closing)
            depth -= 1
            if depth == 0:
                groups.append(''.join(current))
                current = []
    if not valid:
        g = random.randrange(len(groups))
        chars = list(groups[g])
        i = random.randrange(len(chars))
        chars[i] = closing if chars[i] == opening else opening
        groups[g] = ''.join(chars)
    return sep.join(groups)


def rand_primality(size, lid, cid):
    """A number of magnitude `size` for primality-flavoured problems; `cid` picks its kind:

        cid % 6 == 0   semiprime p * q with p, q near sqrt(size) (hard for trial division)
        cid % 6 == 1   a random composite at most size
        cid % 6 == 2   a prime near size (the slowest case for trial division)
        cid % 6 == 3   a power of a small prime
        cid % 6 == 4   the square of a prime near sqrt(size)
        cid % 6 == 5   a small prime times a large prime (large largest prime factor)

    On level 0 (lid == 0), cid 6 gives 4 and cid 7 gives 2, the smallest composite and prime.
    Only kind 2 (and cid 7 on level 0) is prime; every value is at least 2.
    """
    size = max(size, 4)
    if lid == 0 and cid in (6, 7):
        return 4 if cid == 6 else 2
    kind = cid % 6
    root = max(2, int(size ** 0.5))
    if kind == 0:
        return rand_probably_prime(max(2, root // 2), root) * rand_probably_prime(max(2, root // 2), root)
    if kind == 1:
        while True:
            x = random.randint(max(4, size // 2), size)
            if not miller_rabin(x):
                return x
    if kind == 2:
        return rand_probably_prime(max(2, size // 2), size)
    if kind == 3:
        p = random.choice((2, 3, 5))
        x = p * p
        while x * p <= size:
            x *= p
        return x
    if kind == 4:
        p = rand_probably_prime(max(2, root // 2), root)
        return p * p
    small = random.choice((2, 3, 5, 7))
    return small * rand_probably_prime(max(2, size // (2 * small)), max(2, size // small))
