#!/usr/bin/env python3
"""Validate gazetteer files against the format in gazetteers/README.md (standard library only).

Usage:  python3 scripts/check_gazetteers.py [FILES...]      (default: gazetteers/*.tsv)
        --shared N   also list the N most shared aliases (information, not an error)

Checks: header columns known; required fields present; ids unique across files and well formed;
types valid; `country` references a COUNTRY; QIDs, ISO codes and dates well formed; no empty,
duplicated, too short, non-Latin or mojibake aliases; no tabs or `|` inside fields; offices
reference existing entities and canonical roles from titles.tsv, start <= end, `as_of` and
`end_before` only on open terms, `end_before` >= start; at most 10 (country, President or Prime
Minister) posts with two or more open holders, each a documented case; titles have a known kind
and each surface form maps to one role; known-distinct pairs (`curated/distinct_people.tsv`,
when passed) name two PERSON ids with a reason; trigger rows (`triggers.tsv`: lemma, pos, relation,
cameo, plover, polarity) have a lower-case lemma, a known part of speech, a relation name or
`-`, a CAMEO code of digits or `-`, a PLOVER type or `-`, a polarity `+`, `-` or `0`, and each
(lemma, pos) once. Exit status 1 when an error is found.
"""

import argparse
import glob
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import (ENTITY_COLUMNS, OFFICE_COLUMNS, TITLE_COLUMNS, ENTITY_TYPES, ID_RE, QID_RE,  # noqa: E402
                    DATE_RE, MOJIBAKE_RE, fold, is_latin, split_list)

# The trigger lexicon written by scripts/build_triggers.py (gazetteers/README.md, "Trigger
# lexicon"): every column is required, `-` standing for "none".
TRIGGER_COLUMNS = ["lemma", "pos", "relation", "cameo", "plover", "polarity"]
TRIGGER_POS = ("verb", "noun", "adj")
PLOVER_TYPES = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST",
                "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"}
RELATION_RE = re.compile(r"^[a-z][a-z_]*[a-z]$")
CAMEO_RE = re.compile(r"^[0-9]{2,4}$")
# curated/distinct_people.tsv (gazetteers/README.md, "Known-distinct people")
DISTINCT_COLUMNS = ["person", "other", "reason", "source"]
REQUIRED = {"entity": ["id", "type", "name"], "office": ["person", "role", "of"], "title": ["title", "role", "kind"],
            "trigger": TRIGGER_COLUMNS, "distinct": ["person", "other", "reason"]}
KNOWN = {"entity": ENTITY_COLUMNS, "office": OFFICE_COLUMNS, "title": TITLE_COLUMNS, "trigger": TRIGGER_COLUMNS,
         "distinct": DISTINCT_COLUMNS}


def header_kind(cols):
    """The kind of file a header names, as relgraph recognises it (src/gazetteer/load.rs,
    src/relate/token/lexicon.rs), or None."""
    if "id" in cols:
        return "entity"
    if "person" in cols and "other" in cols:
        return "distinct"
    if "person" in cols:
        return "office"
    if "title" in cols:
        return "title"
    if "lemma" in cols:
        return "trigger"
    return None
MAIN_ROLES = ("President", "Prime Minister")
MAX_OPEN_HOLDER_PAIRS = 10
# Posts with two or more open holders on purpose (gazetteers/README.md, "As of"); keep in step with
# OPEN_HOLDER_CASES in src/gazetteer/mod.rs.
DOCUMENTED_OPEN_HOLDERS = set()


class Checker:
    def __init__(self):
        self.errors = []
        self.warnings = []
        self.entities = {}  # id -> (type, where)
        self.entity_country = []  # (where, country id)
        self.offices = []
        self.roles = set()
        self.alias_owners = defaultdict(set)
        self.title_forms = {}
        self.triggers = {}  # (lemma, pos) -> where
        self.distinct = []  # (where, person, other)

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")

    def read(self, path):
        header = None
        kind = None
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                where = f"{path}:{n}"
                if line.endswith("\n"):
                    line = line[:-1]
                if "\r" in line:
                    self.err(where, "carriage return in line")
                    line = line.replace("\r", "")
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if header is None:
                    header = cols
                    kind = header_kind(cols)
                    if kind is None:
                        self.err(where, f"unrecognised header {cols}")
                        return
                    for c in cols:
                        if c not in KNOWN[kind]:
                            self.err(where, f"unknown column {c!r}")
                    if len(set(cols)) != len(cols):
                        self.err(where, "duplicate column")
                    for c in REQUIRED[kind]:
                        if c not in cols:
                            self.err(where, f"missing required column {c!r}")
                    continue
                if len(cols) > len(header):
                    self.err(where, f"{len(cols)} fields but the header has {len(header)}")
                    continue
                row = dict(zip(header, cols + [""] * (len(header) - len(cols))))
                for c in REQUIRED[kind]:
                    if not row.get(c, "").strip():
                        self.err(where, f"empty required field {c!r}")
                for c, v in row.items():
                    if v != v.strip():
                        self.err(where, f"field {c!r} has leading/trailing spaces")
                getattr(self, "row_" + kind)(where, row)

    def row_entity(self, where, r):
        eid, typ, name = r["id"], r["type"], r["name"]
        if not ID_RE.match(eid):
            self.err(where, f"malformed id {eid!r}")
        if eid in self.entities:
            self.err(where, f"duplicate id {eid} (first at {self.entities[eid][1]})")
        self.entities[eid] = (typ, where)
        if typ not in ENTITY_TYPES:
            self.err(where, f"unknown type {typ!r}")
        prefix = {"COUNTRY": "country:", "PERSON": "person:", "ORG": "org:", "LOCATION": "loc:"}.get(typ)
        if prefix and not eid.startswith(prefix):
            self.warn(where, f"id {eid} does not start with {prefix}")
        if r.get("wikidata") and not QID_RE.match(r["wikidata"]):
            self.err(where, f"malformed QID {r['wikidata']!r}")
        if r.get("iso2") and not (len(r["iso2"]) == 2 and r["iso2"].isupper()):
            self.err(where, f"malformed iso2 {r['iso2']!r}")
        if r.get("iso3") and not (len(r["iso3"]) == 3 and r["iso3"].isupper()):
            self.err(where, f"malformed iso3 {r['iso3']!r}")
        if typ != "COUNTRY":
            for c in ("demonyms", "iso2", "iso3", "capital"):
                if r.get(c):
                    self.err(where, f"{c} is for COUNTRY rows only")
        if r.get("country"):
            self.entity_country.append((where, r["country"]))
        forms = [name] + split_list(r.get("aliases", "")) + split_list(r.get("demonyms", ""))
        raw = (r.get("aliases", "") + "|" + r.get("demonyms", "")).split("|")
        if any(a.strip() == "" for a in raw[:-1] if r.get("aliases")) and "||" in r.get("aliases", ""):
            self.err(where, "empty alias (||)")
        seen = set()
        for a in forms:
            self.check_alias(where, a, typ)
            if a in seen:
                self.err(where, f"alias {a!r} listed twice")
            seen.add(a)
            self.alias_owners[fold(a)].add(eid)
        if typ == "COUNTRY" and not r.get("demonyms"):
            self.warn(where, f"{eid} has no demonym")

    def check_alias(self, where, a, typ):
        if not a:
            self.err(where, "empty alias")
        elif len(a) < 2:
            self.err(where, f"alias {a!r} is shorter than 2 characters")
        elif len(a) == 2 and a.lower() == a:
            self.err(where, f"two-letter lowercase alias {a!r}")
        elif MOJIBAKE_RE.search(a):
            self.err(where, f"mojibake in alias {a!r}")
        elif not is_latin(a):
            self.err(where, f"non-Latin alias {a!r}")
        elif " " not in a and a.lower() == a and typ in ("PERSON", "COUNTRY"):
            self.warn(where, f"lowercase single-word alias {a!r}")

    def row_office(self, where, r):
        self.offices.append((where, r))
        for c in ("start", "end", "as_of", "end_before"):
            if r.get(c) and not DATE_RE.match(r[c]):
                self.err(where, f"bad {c} date {r[c]!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
        s, e, b = r.get("start", ""), r.get("end", ""), r.get("end_before", "")
        if s and e and DATE_RE.match(s) and DATE_RE.match(e) and e[:len(s)] < s[:len(e)]:
            self.err(where, f"end {e} before start {s}")
        if e and (b or r.get("as_of")):
            self.err(where, "as_of/end_before are for terms without an end")
        if s and b and DATE_RE.match(s) and DATE_RE.match(b) and b[:len(s)] < s[:len(b)]:
            self.err(where, f"end_before {b} before start {s}")

    def row_title(self, where, r):
        if r["kind"] not in ("office", "honorific"):
            self.err(where, f"kind must be office or honorific, not {r['kind']!r}")
        self.roles.add(r["role"])
        for f in split_list(r["title"]):
            k = f.lower()
            if k in self.title_forms and self.title_forms[k][0] != r["role"]:
                self.err(where, f"title form {f!r} maps to {r['role']!r} and to {self.title_forms[k][0]!r} ({self.title_forms[k][1]})")
            self.title_forms.setdefault(k, (r["role"], where))
        if "||" in r["title"] or r["title"].startswith("|") or r["title"].endswith("|"):
            self.err(where, "empty title form")

    def row_trigger(self, where, r):
        lemma, pos = r["lemma"], r["pos"]
        if lemma != lemma.lower() or "  " in lemma:
            self.err(where, f"lemma {lemma!r} must be lower case with single spaces")
        if pos not in TRIGGER_POS:
            self.err(where, f"pos must be one of {', '.join(TRIGGER_POS)}, not {pos!r}")
        if r["relation"] != "-" and not RELATION_RE.match(r["relation"]):
            self.err(where, f"relation {r['relation']!r} is not a relation name (snake_case) or -")
        if r["cameo"] != "-" and not CAMEO_RE.match(r["cameo"]):
            self.err(where, f"CAMEO code {r['cameo']!r} is not 2-4 digits or -")
        if r["plover"] != "-" and r["plover"] not in PLOVER_TYPES:
            self.err(where, f"unknown PLOVER type {r['plover']!r}")
        if r["polarity"] not in ("+", "-", "0"):
            self.err(where, f"polarity must be +, - or 0, not {r['polarity']!r}")
        if r["relation"] == "-" and r["cameo"] == "-":
            # relgraph loads it, but it states nothing a rule or an event record could use
            self.warn(where, "trigger row with neither a relation nor a CAMEO code")
        if (lemma, pos) in self.triggers:
            self.err(where, f"({lemma!r}, {pos}) listed twice (first at {self.triggers[(lemma, pos)]})")
        self.triggers.setdefault((lemma, pos), where)

    def row_distinct(self, where, r):
        if r["person"] == r["other"]:
            self.err(where, f"{r['person']} is listed as distinct from itself")
        self.distinct.append((where, r["person"], r["other"]))

    def finish(self):
        for where, c in self.entity_country:
            t = self.entities.get(c)
            if t is None:
                self.err(where, f"country {c} is not defined")
            elif t[0] != "COUNTRY":
                self.err(where, f"country {c} is a {t[0]}, not a COUNTRY")
        for where, r in self.offices:
            p = self.entities.get(r["person"])
            if p is None:
                self.err(where, f"office person {r['person']} is not defined")
            elif p[0] != "PERSON":
                self.err(where, f"office person {r['person']} is a {p[0]}")
            if r["of"] not in self.entities:
                self.err(where, f"office `of` {r['of']} is not defined")
            if self.roles and r["role"] not in self.roles:
                self.err(where, f"role {r['role']!r} is not a canonical role in titles.tsv")
        for where, *pair in self.distinct:
            for pid in pair:
                if self.entities and self.entities.get(pid, ("",))[0] != "PERSON":
                    self.err(where, f"{pid} is not a PERSON id in the files checked")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--shared", type=int, default=0, help="list the N aliases shared by most entities")
    ap.add_argument("--warnings", action="store_true", help="print warnings too")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = args.files or sorted(glob.glob(os.path.join(root, "gazetteers", "*.tsv")))
    # titles first so that roles are known, offices last
    files.sort(key=lambda f: (0 if os.path.basename(f).startswith("titles") else 2 if os.path.basename(f).startswith("offices") else 1, f))
    ck = Checker()
    for f in files:
        ck.read(f)
    ck.finish()
    counts = defaultdict(int)
    for typ, _ in ck.entities.values():
        counts[typ] += 1
    dated = {r["person"] for _, r in ck.offices if r.get("start") or r.get("end")}
    shared = {a: o for a, o in ck.alias_owners.items() if len(o) > 1}
    # (country, President/Prime Minister) posts with two or more open holders (no end, no
    # end_before): only the rival governments and collective posts listed in gazetteers/README.md
    holders = defaultdict(set)
    for where, r in ck.offices:
        if r["role"] in MAIN_ROLES and r["of"].startswith("country:") and not r.get("end") and not r.get("end_before"):
            holders[(r["of"], r["role"])].add(r["person"])
    multi = sorted(k for k, v in holders.items() if len(v) > 1)
    if multi and any(os.path.basename(f) == "offices.tsv" for f in files):
        for of, role in multi:
            if (of, role) not in DOCUMENTED_OPEN_HOLDERS:
                ck.err(f"{role} of {of}", f"{len(holders[(of, role)])} open holders ({', '.join(sorted(holders[(of, role)]))}), "
                       "not a documented case (gazetteers/README.md, \"As of\")")
        if len(multi) > MAX_OPEN_HOLDER_PAIRS:
            ck.err("offices.tsv", f"{len(multi)} (country, President/Prime Minister) pairs with two or more open holders "
                   f"(at most {MAX_OPEN_HOLDER_PAIRS})")
    print(f"{len(files)} files: " + ", ".join(f"{counts[t]} {t}" for t in sorted(counts)) +
          f"; {len(ck.offices)} offices ({len(dated)} people with dated offices); "
          f"{len(ck.title_forms)} title forms, {len(ck.roles)} roles; {len(ck.triggers)} trigger rows; "
          f"{len(shared)} aliases shared by several entities")
    if args.shared:
        for a, o in sorted(shared.items(), key=lambda x: (-len(x[1]), x[0]))[:args.shared]:
            print(f"  shared: {a!r} -> {len(o)}: {', '.join(sorted(o)[:6])}{' ...' if len(o) > 6 else ''}")
    if args.warnings:
        for w in ck.warnings:
            print("warning:", w)
    else:
        print(f"{len(ck.warnings)} warnings (--warnings to list)")
    for e in ck.errors[:200]:
        print("error:", e)
    if ck.errors:
        print(f"{len(ck.errors)} errors")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
