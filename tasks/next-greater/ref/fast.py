# Monotone stack, O(n): positions still waiting for a greater element have non-increasing
# values; each new element answers every smaller one on top of the stack.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    a = list(map(int, data[1 : 1 + n]))
    answer = [0] * n
    waiting = []
    for j, x in enumerate(a):
        while waiting and a[waiting[-1]] < x:
            answer[waiting.pop()] = j + 1
        waiting.append(j)
    print(" ".join(map(str, answer)))


main()
