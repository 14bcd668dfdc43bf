VOWELS = set("aeiouAEIOU")


def count_vowels(s: str) -> int:
    """Return the number of vowels in s."""
    return sum(1 for ch in s if ch in VOWELS)
