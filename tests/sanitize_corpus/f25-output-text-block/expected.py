from itertools import accumulate


def running_total(values):
    return list(accumulate(values))
