"""The judge's comparison rules (../shared/tools/score.py), restated for the tests over corpora/.

../shared may be absent where the tests run, so the small comparison functions are reimplemented
here rather than imported; they follow score.py rule for rule (normalization, abbreviation expansion,
fuzzy thresholds, list matching, day-precise deadlines only). `test_corpus_scoring_matches_judge`
checks the two agree whenever ../shared is present.

>>> sim("UBND tỉnh Kiên Giang", "Ủy ban nhân dân tỉnh Kiên Giang")
1.0
>>> num_eq("1373/ QĐ-TTg", "1373/QĐ-TTg")
True
"""
from __future__ import annotations

import functools
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def corpus_docs() -> list[Path]:
    """Every document directory of corpora/ (chains included): those holding a gold.json."""
    return sorted(p.parent for p in CORPORA.glob("**/gold.json"))


def source_of(d: Path) -> Path:
    return next(p for p in sorted(d.iterdir()) if p.name.startswith("source."))


@functools.lru_cache(maxsize=None)
def extract_corpus_doc(d: Path):
    """The pipeline's record of one corpora document, extracted once per test session."""
    from extractor.pipeline import extract_file

    return extract_file(source_of(d))

ABBREV = [
    (r"\bubnd\b", "ủy ban nhân dân"), (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bgd ?(&|và) ?đt\b|\bgdđt\b|\bgd-đt\b", "giáo dục và đào tạo"),
    (r"\blđtb ?(&|và) ?xh\b|\blđtbxh\b", "lao động thương binh và xã hội"),
    (r"\bvh ?(&|và) ?tt\b", "văn hóa và thông tin"), (r"\btp\.? ?", "thành phố "),
    (r"\bbgdđt\b|\bbộ gd ?(&|và) ?đt\b", "bộ giáo dục và đào tạo"), (r"\bttg\b", "thủ tướng chính phủ"),
    (r"\bhtcđ\b|\bhtcd\b", "học tập cộng đồng"), (r"\bkt\.\s*", ""), (r"\btm\.\s*", ""), (r"\btl\.\s*", ""),
]
TONE = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
        "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
HOMO = str.maketrans({"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "В": "B", "С": "C", "Т": "T",
                      "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P", "А": "A", "Е": "E", "Х": "X"})


def norm(s) -> str:
    """Case, tone placement, abbreviations, punctuation and spacing folded, as the judge does."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).translate(HOMO).casefold()
    for new, old in TONE.items():
        s = s.replace(old, new)
    s = s.replace("ð", "đ")
    for pat, rep in ABBREV:
        s = re.sub(pat, rep, s)
    s = re.sub(r"^(v/v|về việc)\s*", "", s)
    s = re.sub(r"[\"“”'‘’*_`.,;:()\[\]]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def numkey(s) -> str:
    s = unicodedata.normalize("NFC", str(s or "")).translate(HOMO).casefold().replace("đ", "d").replace("ð", "d")
    return re.sub(r"[\s/\-–.]", "", s)


def num_eq(a, b) -> bool:
    ka, kb = numkey(a), numkey(b)
    if ka == kb:
        return True
    lead = lambda k: re.match(r"\d*", k).group()
    return bool(lead(ka)) and lead(ka) == lead(kb) and SequenceMatcher(None, ka, kb).ratio() >= 0.85


def sim(a, b) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    r = SequenceMatcher(None, a, b).ratio()
    if len(a) > 20 and len(b) > 20 and (a in b or b in a):
        r = max(r, 0.9)
    return r


def get(d, path):
    for k in path.split("."):
        if d is None:
            return None
        d = d.get(k) if isinstance(d, dict) else None
    return d


def date_tuple(v):
    if not v:
        return None
    if isinstance(v, str):
        m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", v)
        return tuple(int(x) if x else None for x in m.groups()) if m else None
    if isinstance(v, dict):
        if v.get("date"):
            return date_tuple(v["date"])
        t = (v.get("year"), v.get("month"), v.get("day"))
        return t if any(t) else None
    return None


def scalar(gold, pred, eq):
    if gold in (None, "", []):
        return (0, 0, 0) if pred in (None, "", []) else (0, 1, 0)
    if pred in (None, "", []):
        return (0, 0, 1)
    return (1, 0, 0) if eq(gold, pred) else (0, 1, 1)


def listing(gold, pred, eq):
    gold, pred, tp = list(gold or []), list(pred or []), 0
    used = set()
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and eq(g, p):
                used.add(j)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def fuzzy(t):
    return lambda a, b: sim(a, b) >= t


def lb_eq(g, p):
    if g.get("number"):
        return bool(p.get("number")) and num_eq(g["number"], p["number"])
    return date_tuple(g.get("issued_on")) == date_tuple(p.get("issued_on")) and sim(g.get("doc_type"), p.get("doc_type")) >= 0.8


def day_precise(rec):
    return [d for d in rec.get("deadlines") or [] if d.get("due") and d.get("precision") in (None, "day")]


def dl_eq(g, p):
    return date_tuple(g.get("due")) == date_tuple(p.get("due"))


def dl_resp_eq(g, p):
    if not dl_eq(g, p):
        return False
    gr, pr = g.get("responsible") or [], p.get("responsible") or []
    if not gr:
        return True
    return any(sim(a, b) >= 0.8 for a in gr for b in pr)


FIELDS = {
    "doc_type": lambda g, p: scalar(get(g, "doc_type.code"), get(p, "doc_type.code"), lambda a, b: numkey(a) == numkey(b)),
    "number": lambda g, p: scalar(get(g, "number.text"), get(p, "number.text"), lambda a, b: numkey(a) == numkey(b)),
    "issuer": lambda g, p: scalar(get(g, "issuer.name"), get(p, "issuer.name"), fuzzy(0.85)),
    "place": lambda g, p: scalar(get(g, "place.text"), get(p, "place.text"), fuzzy(0.85)),
    "issued_on": lambda g, p: scalar(date_tuple(g.get("issued_on")), date_tuple(p.get("issued_on")), lambda a, b: a == b),
    "subject": lambda g, p: scalar(get(g, "subject.text"), get(p, "subject.text"), fuzzy(0.85)),
    "signer": lambda g, p: scalar(get(g, "signer.name"), get(p, "signer.name"), fuzzy(0.9)),
    "signer_position": lambda g, p: scalar(get(g, "signer.position"), get(p, "signer.position"), fuzzy(0.85)),
    "recipients": lambda g, p: listing([x["name"] for x in g.get("recipients") or []], [x.get("name") for x in p.get("recipients") or []], fuzzy(0.85)),
    "legal_basis": lambda g, p: listing(g.get("legal_basis"), p.get("legal_basis"), lb_eq),
    "themes": lambda g, p: listing([x["text"] for x in g.get("themes") or []], [x.get("text") for x in p.get("themes") or []], fuzzy(0.8)),
    "events": lambda g, p: listing(g.get("events"), p.get("events"), lambda a, b: date_tuple(a.get("start")) == date_tuple(b.get("start")) and date_tuple(a.get("end")) == date_tuple(b.get("end"))),
    "deadlines": lambda g, p: listing(day_precise(g), day_precise(p), dl_eq),
    "deadlines+unit": lambda g, p: listing(day_precise(g), day_precise(p), dl_resp_eq),
    "assignments": lambda g, p: listing([x["unit"] for x in g.get("assignments") or []], [x.get("unit") for x in p.get("assignments") or []], fuzzy(0.8)),
    "findings": lambda g, p: listing([x["code"] for x in g.get("findings") or []], [x.get("code") for x in p.get("findings") or []], lambda a, b: a == b),
}


def score_one(gold: dict, pred: dict) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per field for one document, skipping fields the gold does not annotate."""
    out = {}
    for f, fn in FIELDS.items():
        if f not in gold and f.split("+")[0] not in gold and not (f == "signer_position" and "signer" in gold):
            continue
        out[f] = fn(gold, pred)
    return out


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 of counts; a field with nothing to find and nothing found scores 1."""
    if tp + fp + fn == 0:
        return 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score_all(pairs) -> dict[str, dict]:
    """Micro-averaged rows per field over (gold, pred) pairs, plus 'overall' (without deadlines+unit)."""
    totals: dict[str, list[int]] = {f: [0, 0, 0] for f in FIELDS}
    for gold, pred in pairs:
        for f, counts in score_one(gold, pred).items():
            totals[f] = [a + b for a, b in zip(totals[f], counts)]
    rows = {f: dict(tp=t[0], fp=t[1], fn=t[2], f1=f1(*t)) for f, t in totals.items() if sum(t)}
    allc = [sum(totals[f][k] for f in FIELDS if f != "deadlines+unit") for k in range(3)]
    rows["overall"] = dict(tp=allc[0], fp=allc[1], fn=allc[2], f1=f1(*allc))
    return rows
