# Passes every correctness test, then crashes on the largest stress level: a fixed-size
# table sized for 150000 values (IndexError beyond it). A crash on any stress input fails the
# sample for every score.
import sys
data = sys.stdin.buffer.read().split()
n = int(data[0])
table = [0] * 150000
for i in range(n):
    table[i] = int(data[1 + i])
print(len(set(table[:n])))
