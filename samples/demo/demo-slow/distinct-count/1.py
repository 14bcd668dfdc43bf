import sys
data = sys.stdin.read().split()
seen = []
for x in data[1:1 + int(data[0])]:
    if int(x) not in seen:
        seen.append(int(x))
print(len(seen))
