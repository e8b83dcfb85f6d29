#!/usr/bin/env python3
"""Build gazetteers/given_names.txt, the given-name lexicon relgraph's name discovery uses.

Usage:  python3 scripts/build_given_names.py SOURCES_DIR [--out gazetteers/given_names.txt]

SOURCES_DIR is the staged source folder (its SOURCES.md and GUIDE.md describe it), default
../shared/data/sources. Two inputs, both public and licence-clean:

- names-by-country/common-forenames-by-country.csv (sigpwned/popular-names-by-country-dataset
  @ eb62e13d, CC0-1.0): the romanised forms of about 1,400 common given names of 106 countries;
- gazetteers/people.tsv (built by scripts/build_gazetteers.py from CC0 and public-domain
  sources): the first word of every person's name of two words or more (of three letters or
  more when only one person has it: a two-letter first word seen once is too often noise).

A form is kept when it looks like a given name (a capital, then letters, hyphens or
apostrophes; two letters or more), is not a capitalised English word that starts clauses or
names things ("Will", "Grace", "Victoria", "Christian", "Said"), not a title or honorific, and
not an alias of a country, place or organisation in the gazetteers ("Jordan", "Georgia",
"Israel"). Standard library only; the output is sorted and deterministic.
"""

import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import parse_tsv, split_list  # noqa: E402

SCRIPT = "scripts/build_given_names.py"

# Given names that are also ordinary capitalised words in news text (sentence starts, headlines,
# places, titles, parties): never evidence of a person on their own.
NOT_NAMES = set("""
Will Mark Bill Rose Hope Faith Joy Grace May June April August Summer Winter Autumn Spring Sunny
Chance Guy Frank Major Prince Princess King Queen Earl Duke Baron Sterling Miles Lane Dean Rich
Royal Young Long Strong Noble Golden Said Christian Justice Liberty Unity Victory Islam Amir Emir
Malik Sultan Imam Sayyed Sayed Mullah Haji Hajji Sheikh Sheik Shaikh Sheikha Ban Van Sierra Santa
San Saint St Mount Lake Port Fort New North South East West Central Great Little Gen General
Colonel Major Captain Sergeant Justice Judge Bishop Pope Cardinal Father Brother Sister Mother
Lord Lady Sir Dame Mr Mrs Ms Dr Don Doña Dom Del Dela Della Le La Los Las El Al Abu Bin Ibn
Victoria Florence Chelsea Austin Lincoln Madison Regina Salvador Mercedes Dolores Carmen Angel
Angels Paris Sydney Jackson Charlotte Beirut Aden Adana Hamburg Berlin Lorraine Georgia Jordan
Israel India China Kenya Chad Guinea Jersey Turkey Egypt Libya Sudan Iran Iraq Israel Syria Oman
Yemen Qatar Tunis Gaza Said Trinidad Erie Unity Than Silva Adams Reyes Clark Islamic Muslim Arab Jewish Catholic Orthodox Christ Jesus God
Allah Holy Sacred Divine Star Sun Moon Sky Ocean River Sea Bay Cape Forest Wood Woods Stone Hill
Hills Field Fields Park Parks Street Road Square Hall House Court Church Temple Castle Tower City
Town Village County State Union Party Front Army Navy Force Forces Police Council Assembly Senate
Congress Bank Fund Group Trust Alliance Coalition League Movement Company Press News Times Post
Daily Weekly Radio Television Channel Media Global International National Federal Democratic
Republican Liberal Labour Labor Green Socialist Popular People Peoples Patriot Freedom Future
Today Tomorrow Yesterday Morning Evening Night Day Week Month Year Time Monday Tuesday Wednesday
Thursday Friday Saturday Sunday January February March July September October November December
The A An And Or But Of In On At By For To From With As Is It This That These Those Here There
""".split())


def looks_like_given_name(w):
    if len(w) < 2 or not w[0].isupper():
        return False
    if not all(c.isalpha() or c in "-'’" for c in w):
        return False
    if w[-1] in "-'’":
        return False
    # Not an acronym: a lowercase letter after the first (hyphenated parts each capitalised).
    return any(c.islower() for c in w[1:])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sources", nargs="?", default=os.path.join(root, "..", "shared", "data", "sources"))
    ap.add_argument("--out", default=os.path.join(root, "gazetteers", "given_names.txt"))
    args = ap.parse_args()

    gaz = os.path.join(root, "gazetteers")
    # Every alias of a non-person entity and every title form: not evidence of a person.
    blocked = set(NOT_NAMES)
    for name in ("countries.tsv", "locations.tsv", "orgs.tsv"):
        for _, _, r in parse_tsv(os.path.join(gaz, name)):
            for a in [r.get("name", "")] + split_list(r.get("aliases", "")) + split_list(r.get("demonyms", "")):
                blocked.add(a)
    for _, _, r in parse_tsv(os.path.join(gaz, "titles.tsv")):
        for t in split_list(r["title"]):
            for w in t.split():
                blocked.add(w.rstrip("."))
                blocked.add(w)

    names = {}
    csv_path = os.path.join(args.sources, "names-by-country", "common-forenames-by-country.csv")
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            for w in row["Romanized Name"].split():
                names.setdefault(w, set()).add("names-by-country")

    firsts = {}
    for _, _, r in parse_tsv(os.path.join(gaz, "people.tsv")):
        words = r["name"].split()
        if len(words) >= 2:
            firsts[words[0]] = firsts.get(words[0], 0) + 1
    for w, n in firsts.items():
        if n >= 2 or len(w) >= 3:
            names.setdefault(w, set()).add("people.tsv")

    kept = sorted(w for w in names if looks_like_given_name(w) and w not in blocked)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(f"# GENERATED by {SCRIPT} from names-by-country/common-forenames-by-country.csv\n")
        out.write("# (sigpwned/popular-names-by-country-dataset @ eb62e13d, CC0-1.0) and the first words of\n")
        out.write("# gazetteers/people.tsv (people of two words or more). Do not edit: change the script and rebuild.\n")
        out.write("# version: sources-2026-11-25\n")
        out.write("given_name\n")
        for w in kept:
            out.write(w + "\n")
    print(f"{len(kept)} given names -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
