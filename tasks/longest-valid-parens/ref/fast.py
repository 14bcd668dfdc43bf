# Stack of unmatched positions, O(n): after each ')' that matches, the valid run extends back
# to just after the nearest unmatched position still on the stack.
def longest_valid_parentheses(s):
    stack = [-1]
    best = 0
    for i, ch in enumerate(s):
        if ch == "(":
            stack.append(i)
        else:
            stack.pop()
            if stack:
                if i - stack[-1] > best:
                    best = i - stack[-1]
            else:
                stack.append(i)
    return best
