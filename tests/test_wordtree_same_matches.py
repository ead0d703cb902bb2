"""wordtree.words_tree: the words as a tree of shared beginnings match exactly what the alternation of
the words sorted longest first matches, at every position, under re.I."""
import random
import re

import pytest

from extractor.deadlines import load_deadline_rules
from extractor.wordtree import words_tree


def _alternation(words):
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
                      + r")(?!\w)", re.I)


def _tree(words):
    return re.compile(r"(?<!\w)" + words_tree(words) + r"(?!\w)", re.I)


def _word_lists():
    r = load_deadline_rules().rules
    return {"action_verbs": r.action_verbs, "stops": r.unit_stops + r.action_verbs, "list_words": r.unit_list_words,
            "nested": ["ban", "ban hành", "ban hành kèm", "báo", "báo cáo", "báo cáo kết quả", "b"]}


@pytest.mark.parametrize("name", ["action_verbs", "stops", "list_words", "nested"])
def test_wordtree_matches_the_alternation(name):
    words = _word_lists()[name]
    old, new = _alternation(words), _tree(words)
    pieces = [w for w in words] + [w.upper() for w in words[:5]] + [w.capitalize() for w in words[:5]] + [
        "Sở", "các", "xã", "_", "1", ",", ".", "kèm", "cáo", "hành"]
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(pieces) + rng.choice([" ", "", "\n", ", "]) for _ in range(rng.randint(1, 8)))
        for i in range(len(text) + 1):
            a, b = old.match(text, i), new.match(text, i)
            assert (a and a.span()) == (b and b.span()), (text, i)
        assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], text
