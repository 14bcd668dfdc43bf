def word_lengths(sentence):
    return {word: len(word) for word in sentence.split()}
