from bisect import bisect_left


def binary_search(sorted_list, target):
    i = bisect_left(sorted_list, target)
    return i if i < len(sorted_list) and sorted_list[i] == target else -1
