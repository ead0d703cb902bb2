"""Across documents: resolve citations to the ingested records they cite.

Citations (`legal_basis`, `references`) are resolved, in order of confidence:
1. `number`: the same number once spacing, "Số:", case, look-alike letters (Cyrillic "С" for "C",
   "Ð" for "Đ") and dashes are normalised ("Số: 773 /QĐ-TTg" = "773/QĐ-TTg"; `textkeys.number_key`);
2. `number_variant`: same sequence number and year, symbols equal without "Đ"/"D", punctuation and
   doubled letters ("2978/SGDDĐT-GDĐT&ĐH" = "2978/SGDĐT-GDĐT&ĐH"), or one letter apart;
3. `type_issuer_date`: same type, issuer and full date (a citation without a usable number);
4. `draft`: an unsigned draft (blank number and date) of the same type and issuer whose subject is
   the cited title ("Kế hoạch số 57/KH-UBND … triển khai Chỉ thị 07-CT/TU" → draft "/KH-UBND");
   `subject`: the same for a scan whose number or date the OCR could not read;
5. `header_text`: a scan whose header fields were not parsed at all, when its header text shows the
   cited symbol, issuer and date (or nearly all the cited title).
What does not resolve stays a placeholder link (`target` None) that a later ingest fills. Whether
two names are one body is `unit_refs`' job.

>>> from extractor.models import Number
>>> rec = Record(number=Number(text="773/QĐ-TTg"))
>>> cit = Record(legal_basis=[Citation(number="Số: 773 /QĐ‑TTg")])
>>> [(l.method, l.target) for l in link_records({"a": rec, "b": cit})]
[('number', 'a')]
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict

from extractor.audit_rules import load_audit_rules
from extractor.models import Citation, Record
from extractor.textkeys import HOMOGLYPHS, NumberKey, fold, number_key, one_edit_apart, similarity, syllables
from extractor.unit_refs import canonical_name, mention_in, record_unit, unit_covers

Method = Literal["number", "number_variant", "type_issuer_date", "draft", "subject", "header_text", "unresolved",
                 "ambiguous"]


class Link(BaseModel):
    """One citation of one record and the record it resolves to (`target` None: a placeholder)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str
    ordinal: int  # position across legal_basis then references
    kind: Literal["legal_basis", "references"]
    index: int  # position within that list
    number: Optional[str] = None
    target: Optional[str] = None
    method: Method = "unresolved"
    candidates: list[str] = []


def citations_of(rec: Record) -> list[tuple[str, int, Citation]]:
    """(kind, index, citation) for every citation, legal basis first; ordinals follow this order."""
    return [("legal_basis", i, c) for i, c in enumerate(rec.legal_basis)] + \
           [("references", i, c) for i, c in enumerate(rec.references)]


def _year_of(key: NumberKey | None, date: str | None) -> int | None:
    if key and key.year:
        return key.year
    return int(date[:4]) if date and re.match(r"\d{4}", date) else None


def _rec_year(rec: Record) -> int | None:
    iss = rec.issued_on
    if iss is None:
        return None
    return int(iss.date[:4]) if iss.date else iss.year


@functools.lru_cache(maxsize=4096)
def _type_code(name: str | None) -> tuple[bool, Optional[str]]:
    """(known, code) of a type as cited; a generic "Văn bản" is known with code None (any type)."""
    if not name:
        return False, None
    f = fold(name)
    for rule in load_audit_rules().doc_types:
        if f.startswith(fold(rule.name)):
            return True, rule.code
    return False, None


def _types_agree(cited: str | None, rec: Record) -> bool:
    known, code = _type_code(cited)
    if not known or code is None or rec.doc_type is None or not rec.doc_type.code:
        return True
    return fold(code) == fold(rec.doc_type.code)


def _issuer_agrees(cit: Citation, citing: Record, target: Record) -> bool:
    if not cit.issuer:
        return True
    tu = record_unit(target)
    if tu is None:
        return True
    return unit_covers(mention_in(citing, cit.issuer), tu) is not None


def _title_of(cit: Citation, citing: Record) -> str:
    if cit.title:
        return cit.title
    # no title extracted: the words after the citation up to the end of its clause
    if cit.span and citing.text:
        tail = citing.text[cit.span[1]:cit.span[1] + 300]
        return re.split(r"[;.]\s|\n\s*\n", tail)[0]
    return ""


def _choose(cands: list[str], cit: Citation, cyear: int | None, records: Mapping[str, Record]) -> list[str]:
    """Narrow candidates: same year as the citation, then same date (an issuer that contradicts the
    cited one was left out before)."""
    if len(cands) > 1 and cyear:
        same = [c for c in cands if _rec_year(records[c]) == cyear]
        cands = same or cands
    if len(cands) > 1 and cit.issued_on:
        same = [c for c in cands if records[c].issued_on and records[c].issued_on.date == cit.issued_on]
        cands = same or cands
    return cands


def _complete(rec: Record) -> bool:
    """Whether a record's own number (with its sequence) and issue date were both read."""
    tk = number_key(rec.number.text if rec.number else None)
    return bool(tk and tk.seq and rec.issued_on and rec.issued_on.date)


def date_index(records: Mapping[str, Record]) -> dict[str, list[str]]:
    """Records by their full issue date."""
    out: dict[str, list[str]] = {}
    for rid, rec in records.items():
        if rec.issued_on and rec.issued_on.date:
            out.setdefault(rec.issued_on.date, []).append(rid)
    return out


def link_citation(doc_id: str, citing: Record, cit: Citation, records: Mapping[str, Record],
                  index: Mapping[str, list[tuple[str, NumberKey]]] | None = None, *,
                  by_date: Mapping[str, list[str]] | None = None,
                  incomplete: Mapping[str, Record] | None = None) -> tuple[Method, list[str]]:
    """How one citation resolves: (method, candidate ids); one id when resolved.

    The fallbacks look only where they can match — records of the cited date, records whose own
    number or date was not read — through indexes built once per archive: scanning every record for
    every unresolved citation made linking quadratic (minutes on a 5,000-document archive)."""
    index = index if index is not None else number_index(records)
    by_date = by_date if by_date is not None else date_index(records)
    incomplete = incomplete if incomplete is not None else {r: x for r, x in records.items() if not _complete(x)}
    rules = load_audit_rules()
    key = number_key(cit.number)
    cyear = _year_of(key, cit.issued_on)

    def year_ok(rid: str) -> bool:
        ty = _year_of(number_key(records[rid].number.text if records[rid].number else None), None) or _rec_year(records[rid])
        return cyear is None or ty is None or abs(cyear - ty) <= 1

    if key and key.seq:
        by_seq = [(rid, k) for rid, k in index.get(key.seq, []) if rid != doc_id and year_ok(rid)]
        for method, test in (("number", lambda k: k.strict == key.strict),
                             ("number_variant", lambda k: k.loose == key.loose),
                             ("number_variant", lambda k: (k.year == key.year or not k.year or not key.year) and len(key.symbol) >= 4
                              and one_edit_apart(k.loose.split("/")[-1], key.loose.split("/")[-1]))):
            # "41/KH-UBND" is the symbol of every People's Committee's plans: a number match whose
            # issuer contradicts the cited one ("của Ủy ban nhân dân tỉnh" in a Bắc Ninh letter, a
            # commune's plan in the archive) is another document.
            cands = [rid for rid, k in by_seq if test(k) and (not cit.issuer or _issuer_agrees(cit, citing, records[rid]))]
            if cands:
                cands = _choose(sorted(set(cands)), cit, cyear, records)
                return (method, cands) if len(cands) == 1 else ("ambiguous", cands)
    # type + issuer + full date, for a citation without a usable number (or a mistyped one)
    if cit.issued_on and (cit.issuer or cit.doc_type):
        cands = []
        for rid in by_date.get(cit.issued_on, []):
            rec = records[rid]
            if rid == doc_id:
                continue
            if not _types_agree(cit.doc_type, rec) or not cit.issuer or not _issuer_agrees(cit, citing, rec):
                continue
            tk = number_key(rec.number.text if rec.number else None)
            if key and tk and key.symbol and tk.symbol and key.loose.split("/")[-1] != tk.loose.split("/")[-1]:
                continue
            cands.append(rid)
        if len(cands) == 1:
            return "type_issuer_date", cands
        if cands:
            return "ambiguous", sorted(cands)
    # A record whose own number or date was not read in full is the cited one when issuer, type, year
    # and symbol (where readable) agree and its subject is the cited title: an unsigned draft
    # ("Số: /KH-UBND", date blank) of a plan cited by its signed number, or a scan whose number the
    # OCR garbled. Comparing folded syllables forgives OCR's tone errors ("triên khai", "câp").
    title = _title_of(cit, citing)
    if title and (cit.issuer or (key and key.symbol)):
        cands = []
        for rid, rec in incomplete.items():
            tk = number_key(rec.number.text if rec.number else None)
            if rid == doc_id:
                continue
            if key and key.symbol and tk and tk.symbol and not rec.source.ocr \
                    and tk.loose.split("/")[-1] != key.loose.split("/")[-1]:
                continue
            if not (cit.issuer or (tk and tk.symbol)) or not _types_agree(cit.doc_type, rec):
                continue
            if cyear and _rec_year(rec) and _rec_year(rec) != cyear:
                continue
            if cit.issuer and not _issuer_agrees(cit, citing, rec):
                continue
            subject = rec.subject.text if rec.subject else ""
            if similarity(title, subject, rules.stop_syllables) >= rules.similarity.draft_title:
                cands.append(rid)
        if len(cands) == 1:
            rec = records[cands[0]]
            blank = rec.number is None or not (number_key(rec.number.text) or NumberKey(None, None, "", "", "")).seq
            return ("draft" if blank and not rec.source.ocr else "subject"), cands
        if cands:
            return "ambiguous", sorted(cands)
    # A scan whose header the OCR left unparsed (no number, issuer or date fields) is the cited one
    # when its header zone shows the cited symbol ("… BCT-ATMT" after a garbled sequence), the cited
    # issuer, and the cited date (a signature stamp "02.04.2026" counts) or nearly all the title.
    if key and key.symbol and (cit.issuer or cit.issued_on):
        cands = [rid for rid, rec in incomplete.items() if rid != doc_id and _header_shows(rec, key, cit, citing)]
        if len(cands) == 1:
            return "header_text", cands
        if cands:
            return "ambiguous", sorted(cands)
    return "unresolved", []


HEADER_ZONE = 1500  # characters: the header, subject and date sit at the top of the first page


_BODY_START = re.compile(r"(?im)^[ \t]*(?:kính gửi|căn cứ|thực hiện|triển khai|theo|nhận được)\b")
_NUMBER_LINE = re.compile(r"(?im)^[ \t]*(?:số|sô|so|SỐ)[ \t]*[:.,;]?(?P<rest>[^\n]{0,60})")


def _is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(c in it for c in part)


def _header_shows(rec: Record, key: NumberKey, cit: Citation, citing: Record) -> bool:
    """Whether a record whose header fields were not parsed is, by its header text, the cited one:
    a "Số:" line (at a line start, not "Quyết định số …" in a sentence) ending in the cited symbol
    after at most a garbled sequence whose legible digits fit the cited one; the cited issuer above
    that line; and the cited date in the header (a signature stamp counts) or nearly all the title."""
    tk = number_key(rec.number.text if rec.number else None)
    if (tk and tk.seq) or not rec.text or (rec.issued_on and rec.issued_on.date) or not key.seq:
        return False
    zone = rec.text[:HEADER_ZONE]
    body = _BODY_START.search(zone)  # a wrapped "… Quyết định\nsố 512/QĐ-TTg" in the body is not a header
    zone = zone[:body.start()] if body else zone
    symbol = key.symbol.replace(" ", "")
    line_at = None
    for m in _NUMBER_LINE.finditer(zone):
        rest = re.sub(r"\s+", "", m.group("rest").translate(HOMOGLYPHS)).upper()
        i = rest.find(symbol)
        if i < 0 or i > 12:
            continue
        if _is_subsequence("".join(re.findall(r"\d", rest[:i])), key.seq):
            line_at = m.start()
            break
    if line_at is None:
        return False
    above = fold(zone[:line_at])
    if cit.issuer and fold(canonical_name(cit.issuer, None)) not in above and fold(cit.issuer) not in above:
        return False
    if cit.issued_on:
        from extractor.dates import find_dates

        if any(d.iso == cit.issued_on for d in find_dates(zone)):
            return True
    title = syllables(_title_of(cit, citing), load_audit_rules().stop_syllables)
    return bool(title) and len(title & syllables(zone)) / len(title) >= 0.8


def number_index(records: Mapping[str, Record]) -> dict[str, list[tuple[str, NumberKey]]]:
    """Records by the sequence number of their own number."""
    out: dict[str, list[tuple[str, NumberKey]]] = {}
    for rid, rec in records.items():
        k = number_key(rec.number.text if rec.number else None)
        if k and k.seq:
            out.setdefault(k.seq, []).append((rid, k))
    return out


def link_records(records: Mapping[str, Record] | Iterable[tuple[str, Record]]) -> list[Link]:
    """Every citation of every record, resolved against the others (pure; no storage).

    >>> from extractor.models import Number, Citation
    >>> a = Record(number=Number(text="2265/BCT-ATMT"))
    >>> b = Record(legal_basis=[Citation(number="2265/BCT-ATMT")])
    >>> [(l.document, l.target, l.method) for l in link_records({"a": a, "b": b})]
    [('b', 'a', 'number')]
    """
    recs = dict(records) if not isinstance(records, Mapping) else records
    index, by_date = number_index(recs), date_index(recs)
    incomplete = {rid: rec for rid, rec in recs.items() if not _complete(rec)}
    links = []
    for rid, rec in recs.items():
        for ordinal, (kind, i, cit) in enumerate(citations_of(rec)):
            method, cands = link_citation(rid, rec, cit, recs, index, by_date=by_date, incomplete=incomplete)
            links.append(Link(document=rid, ordinal=ordinal, kind=kind, index=i, number=cit.number,
                              target=cands[0] if method not in ("ambiguous", "unresolved") else None,
                              method=method, candidates=cands if method == "ambiguous" else []))
    return links

# ---------------------------------------------------------------------------------------------
# Storage: the `citation_links` table beside the store's own tables

_DDL = [
    """CREATE TABLE IF NOT EXISTS citation_links (
        document TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        kind TEXT NOT NULL,
        idx INTEGER NOT NULL,
        number TEXT,
        target TEXT,
        method TEXT NOT NULL,
        candidates TEXT,
        PRIMARY KEY (document, ordinal))""",
    "CREATE INDEX IF NOT EXISTS citation_links_target ON citation_links (target)",
    "CREATE TABLE IF NOT EXISTS citation_links_state (name TEXT PRIMARY KEY, value TEXT)",
]


def current_records(store) -> dict[str, Record]:
    """The records the archive holds now: a file re-ingested with new bytes keeps its old version in
    the store, and the old version must not be a second candidate for every citation of it."""
    records = dict(store.iter_records())
    try:
        current = {r[0] for r in store.execute(
            "SELECT DISTINCT document FROM files WHERE document IS NOT NULL").fetchall()}
    except Exception:  # a store without per-path status: every record is current
        current = set()
    if current:
        records = {k: v for k, v in records.items() if k in current}
    return records


def archive_fingerprint(records: Mapping[str, Record]) -> str:
    """Changes whenever a record, its number, issuer, date or citations change: links are then stale."""
    import hashlib

    h = hashlib.sha256()
    for rid in sorted(records):
        rec = records[rid]
        h.update(rid.encode())
        h.update(rec.model_dump_json(include={"doc_type", "number", "issuer", "issued_on", "subject",
                                               "legal_basis", "references", "place"}).encode())
    return h.hexdigest()


def _ensure_tables(store) -> None:
    with store.transaction():
        for stmt in _DDL:
            store.execute(stmt)


def link_archive(store, records: Mapping[str, Record] | None = None) -> list[Link]:
    """Resolve every citation in the archive and store the links (placeholders included), replacing
    the previous ones. The ingest calls this after a run; audit and tasks call it when links are stale.

    >>> from extractor.store import open_store
    >>> link_archive(open_store(":memory:"))
    []
    """
    import json

    records = current_records(store) if records is None else records
    links = link_records(records)
    _ensure_tables(store)
    rows = [(l.document, l.ordinal, l.kind, l.index, l.number, l.target, l.method, json.dumps(l.candidates))
            for l in links]
    with store.transaction():
        store.execute("DELETE FROM citation_links")
        store.executemany(
            "INSERT INTO citation_links (document, ordinal, kind, idx, number, target, method, candidates) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document, ordinal) DO UPDATE SET kind = excluded.kind, "
            "idx = excluded.idx, number = excluded.number, target = excluded.target, method = excluded.method, "
            "candidates = excluded.candidates", rows)
        store.execute("INSERT INTO citation_links_state (name, value) VALUES ('fingerprint', ?) "
                      "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (archive_fingerprint(records),))
    return links


def stored_links(store) -> list[Link]:
    """The links as stored (empty when never linked)."""
    import json

    _ensure_tables(store)
    rows = store.execute("SELECT document, ordinal, kind, idx, number, target, method, candidates "
                         "FROM citation_links ORDER BY document, ordinal").fetchall()
    return [Link(document=r[0], ordinal=r[1], kind=r[2], index=r[3], number=r[4], target=r[5], method=r[6],
                 candidates=json.loads(r[7]) if r[7] else []) for r in rows]


def ensure_links(store, records: Mapping[str, Record] | None = None) -> list[Link]:
    """The stored links, recomputed first when the archive changed since they were made. An archive
    we may only read (a read-only file, a reporting role) gets links computed in memory instead."""
    records = current_records(store) if records is None else records
    try:
        _ensure_tables(store)
        row = store.execute("SELECT value FROM citation_links_state WHERE name = 'fingerprint'").fetchone()
        if row is None or row[0] != archive_fingerprint(records):
            return link_archive(store, records)
        return stored_links(store)
    except Exception as exc:
        if "read-only" in str(exc).lower() or "readonly" in str(exc).lower() or "permission denied" in str(exc).lower():
            return link_records(records)
        raise
