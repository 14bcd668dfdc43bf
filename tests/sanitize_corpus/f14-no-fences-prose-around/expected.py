def unique_sorted(values):
    return sorted(set(values))
