def square_all(xs):
    return [x * x for x in xs]
