FACTOR = 3


def scale(xs):
    return [x * FACTOR for x in xs]
