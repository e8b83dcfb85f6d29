#!/usr/bin/env python3
"""Build relgraph's trigger lexicon, gazetteers/triggers.tsv, from the CAMEO verb dictionary, the
CAMEO-to-PLOVER table and the hand-curated gazetteers/curated/triggers.tsv.

Usage:  python3 scripts/build_triggers.py [SOURCES_DIR] [--out gazetteers]

SOURCES_DIR is the staged source folder described in its GUIDE.md/SOURCES.md (default
../shared/data/sources, relative to the repository root). It must hold
petrarch2-phoenix/CAMEO.2.0.txt (MIT) and plover/CAMEO2PLOVER-2021.txt (CC BY-SA 4.0).
Standard library only; the output is deterministic (rows sorted by lemma, then pos).

One row per (lemma, pos): `lemma pos relation cameo plover polarity` (see gazetteers/README.md).
- CAMEO rows: every verb (and a few nouns) listed in a verb block of CAMEO.2.0.txt, in base form,
  with the block's default event code, or the code written on its own line. A lemma listed in
  several blocks takes the code of the block named after it, else a code written on its own line,
  else the first block default code (curated rows fix the few CAMEO slips this leaves: beef up,
  pull out). CAMEO rows have relation `-`. Left out: lemmas without any code ([---] blocks: no
  event, no relation), PETRARCH noise lines, and the homographs and light verbs in CAMEO_DROP.
- plover: the PLOVER event type of the code in CAMEO2PLOVER-2021.txt (the code, else its 3-digit,
  else its 2-digit parent); `-` for the CAMEO 01/02 codes PLOVER dropped.
- polarity: from the CAMEO quad class of the code: 02-08 cooperation `+`, 09-20 conflict `-`,
  01 (public statements, Goldstein 0) `0`.
- curated rows (gazetteers/curated/triggers.tsv, same columns) replace the CAMEO row with the same
  (lemma, pos) and carry the relation types; their PLOVER type must agree with the table.
gazetteers/curated/lemmas.tsv (form -> lemma) is read to bring the inflected forms CAMEO lists as
synonyms to base form, and checked against the lexicon: a lemma word that is an inflected form
there could never match, and a plural or -ing word inside a curated lemma must not hide another
trigger lemma from relgraph's lemmatiser (see pinning_tokens). Errors name the file and line;
warnings list irregular CAMEO forms missing from lemmas.tsv and -ize lemmas without -ise twins.
"""

import argparse
import os
import re
import sys
from collections import Counter, defaultdict

SCRIPT = "scripts/build_triggers.py"
COLUMNS = ["lemma", "pos", "relation", "cameo", "plover", "polarity"]
RELATIONS = {"mediates_between", "allied_with", "holds_office", "talks_with", "supports",
             "in_conflict_with", "tension_with", "succeeds", "member_of", "negotiates_with",
             "agreement_with"}
POS = {"verb", "noun", "adj"}
POLARITIES = {"+", "-", "0"}
CODE_RE = re.compile(r"^\d{3,4}$")
LEMMA_RE = re.compile(r"^[a-zà-ÿ][a-zà-ÿ'-]*(?: [a-zà-ÿ][a-zà-ÿ'-]*)*$")

CAMEO_FILE = os.path.join("petrarch2-phoenix", "CAMEO.2.0.txt")
PLOVER_FILE = os.path.join("plover", "CAMEO2PLOVER-2021.txt")

# CAMEO synonym lines that are not lemmas: typos, nonce words, inflected phrases and the
# conjunction fragments PETRARCH uses for compound events ("+KILLED_AND").
CAMEO_NOISE = {"gymble", "satify", "expediate", "reassesment", "reveal sign", "angered by",
               "is determined", "seem confident", "kidnapped and killed", "killed and", "killed or",
               "attacked and stabbed", "shot and", "arrest and", "exuberate", "unimpress"}
# CAMEO verbs left out of the lexicon. PETRARCH codes them only inside a parsed clause, mostly
# through their patterns; looked up as bare lemmas in text (relgraph has no part-of-speech tagger)
# they would fire on the wrong word far more often than on the CAMEO sense.
CAMEO_DROP = {
    # the same spelling is mostly a noun, adjective, pronoun or month in news text
    "homograph": """appropriate approach attire benefit best better bill blow brave bust campaign challenge
        chain check circle clear cluster compound concert control copy corrupt count crack deliberate
        desolate detail direct doubt figure fine force free gear impact institute march master match
        mean measure mine moderate need note notice order outfit pound pressure press prize ready
        reason ring rule score state stock stone study suspect sum table task tax tear tend tender
        total view ward watch whip""",
    # light or everyday verbs whose CAMEO code comes from the object or the context (`_` = space)
    # ("take part", "give a speech", "conduct strikes", "surrounding", "escalate tensions" as 060)
    "generic": """affect amplify conduct contain dominate engage enlarge escalate exaggerate expand
        express face fill give go go_by go_through go_to grapple heighten increase infest inhabit
        intensify interfere involve learn leave link magnify manage overcome overshadow overtake
        overwhelm pay pull rake relate reside skim step_up struggle surround sweep take think""",
}
CAMEO_DROPPED = {w.replace("_", " "): why for why, ws in CAMEO_DROP.items() for w in ws.split()}
# CAMEO synonym lines that are nouns, not verbs.
CAMEO_NOUNS = {"collision", "confidence", "concession", "crackdown"}
# CAMEO synonym lines that are base forms of their own although lemmas.tsv reads them as inflected
# forms of another verb (FOUND "establish", BOUND "leap"): text can never produce them, they are
# reported and dropped.
CAMEO_BASE_VERBS = {"found", "bound"}
# Irregular forms in CAMEO's braces that lemmas.tsv leaves out on purpose (typos, a dialect form,
# spelling variants, base forms, and forms that would mislemmatise a frequent word).
IRREGULAR_SKIP = {"chosing", "overidding", "overrid", "trodding", "assailling", "pent", "drug",
                  "symbolise", "wire", "blow", "forbid", "lie", "lay", "wound", "are", "be", "was",
                  "is", "lain"}


def die(msg):
    sys.exit(f"error: {msg}")


# ---------------------------------------------------------------------------------------------
# PLOVER

def load_plover(path):
    """CAMEO code -> PLOVER event type, from lines such as `0871: RETREAT, ceasefire, military # …`
    and the group lines `03: AGREE`."""
    table = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\b", line)
            if m:
                table.setdefault(m.group(1), m.group(2))  # the first line wins ("08: CONCEDE")
    if len(table) < 200:
        die(f"{path}: only {len(table)} codes read - not the CAMEO2PLOVER table?")
    return table


def plover_of(code, table):
    if code == "-":
        return "-"
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return "-"


def polarity_of(code):
    if code == "-":
        return "0"
    top = int(code[:2])
    if top == 1:
        return "0"
    return "+" if top <= 8 else "-"


# ---------------------------------------------------------------------------------------------
# lemmas.tsv

def rows(path, columns):
    """(line number, fields) of every data row of a TSV file whose header is `columns`;
    comments and blank lines skipped, a row with another number of fields refused."""
    header = None
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                if cols != columns:
                    die(f"{path}:{n}: header must be {' '.join(columns)} (tab-separated), not {cols}")
                header = cols
                continue
            if len(cols) != len(columns):
                die(f"{path}:{n}: {len(cols)} fields, expected {len(columns)}")
            yield n, cols
    if header is None:
        die(f"{path}: no header row")


def read_lemmas(path):
    forms = {}
    for n, cols in rows(path, ["form", "lemma"]):
        if not all(c.strip() == c and c for c in cols):
            die(f"{path}:{n}: expected two non-empty tab-separated fields")
        form, lemma = cols
        if form != form.lower() or lemma != lemma.lower() or " " in form or " " in lemma:
            die(f"{path}:{n}: forms and lemmas are single lower-case words")
        if form in forms:
            die(f"{path}:{n}: form {form!r} listed twice")
        forms[form] = lemma
    return forms


# ---------------------------------------------------------------------------------------------
# CAMEO verb dictionary

def parse_code(text):
    """'042:043' -> '042', ':110' -> '110', '---' -> None, '110' -> '110'."""
    for part in text.split(":"):
        part = part.strip()
        if CODE_RE.match(part):
            return part
        if part:
            return None
    return None


def parse_cameo(path):
    """Yield (lemma_or_form, block_name, block_code, line_code, has_line_code, braces, lineno)
    for every synonym line of every verb block."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().split("\n")
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith("####### VERB PATTERNS"))
    except StopIteration:
        die(f"{path}: no '####### VERB PATTERNS' section - not the CAMEO verb dictionary?")
    block = None
    out = []
    for i in range(start + 1, len(lines)):
        raw = lines[i]
        if raw.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", raw)
            if not m:
                die(f"{path}:{i + 1}: unreadable block header {raw!r}")
            block = (m.group(1).strip("_").replace("_", " ").lower(), parse_code(m.group(2)))
            continue
        if block is None or raw.startswith(("-", "~", "#")):
            continue
        s = raw.split("#")[0].split(";")[0]
        if not s.strip():
            continue
        braces = " ".join(re.findall(r"\{([^}]*)\}", s))
        s = re.sub(r"\{[^}]*\}", " ", s)
        codes = re.findall(r"\[([^\]]*)\]", s)
        s = re.sub(r"\[[^\]]*\]", " ", s)
        words = s.split()
        if len(words) != 1:
            die(f"{path}:{i + 1}: expected one word on a synonym line, got {raw!r}")
        word = words[0].lstrip("+").replace("_", " ").lower().strip()
        line_code = parse_code(codes[-1]) if codes else None
        out.append((word, block[0], block[1], line_code, bool(codes), braces, i + 1))
    return out


def base_form(word, forms, known):
    """A CAMEO synonym that is an inflected form (LOST, LOSING, WORRIED) -> its lemma."""
    if word in CAMEO_BASE_VERBS or " " in word:
        return word
    if word in forms:
        return forms[word]
    cands = []
    if word.endswith("ing"):
        stem = word[:-3]
        cands = [stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None]
    elif word.endswith("ied"):
        cands = [word[:-3] + "y"]
    elif word.endswith("ed"):
        stem = word[:-2]
        cands = [stem, word[:-1], stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None]
    for c in cands:
        if c and c in known:
            return c
    return word


def cameo_rows(src, forms, plover, report):
    path = os.path.join(src, CAMEO_FILE)
    entries = parse_cameo(path)
    known = {w for w, *_ in entries}
    occ = defaultdict(list)
    braces_forms = []
    for order, (word, bname, bcode, lcode, has_lcode, braces, lineno) in enumerate(entries):
        for f in re.split(r"[\s,]+", braces):
            f = f.lstrip("+").split("_")[0].lower()
            if f:
                braces_forms.append((f, word.split()[0], lineno))
        if word in CAMEO_NOISE:
            report["noise"].append(word)
            continue
        lemma = base_form(word, forms, known)
        if lemma != word:
            report["inflected"].append(f"{word}->{lemma}")
        code = lcode if has_lcode else bcode
        pos = "noun" if lemma in CAMEO_NOUNS else "verb"
        # ranking: the block named after the lemma, then a code written on the lemma's own line,
        # then a block default code, then file order
        rank = (0 if bname == lemma else 1,
                0 if (code and has_lcode) else 1 if code else 2,
                order)
        occ[(lemma, pos)].append((rank, code, bname, lineno))
    rows = {}
    for key, lst in occ.items():
        lst.sort()
        codes = {c for _, c, _, _ in lst if c}
        if len(codes) > 1:
            report["several_codes"].append(f"{key[0]}: " + ", ".join(
                f"{c or '---'} ({b})" for _, c, b, _ in lst) + f" -> {lst[0][1] or '---'}")
        code = lst[0][1]
        if key[0] in CAMEO_DROPPED and code:
            report["dropped_" + CAMEO_DROPPED[key[0]]].append(key[0])
            continue
        if not code:
            report["uncoded"].append(key[0])
            continue
        rows[key] = {"lemma": key[0], "pos": key[1], "relation": "-", "cameo": code,
                     "plover": plover_of(code, plover), "polarity": polarity_of(code),
                     "origin": "cameo"}
    return rows, braces_forms


# ---------------------------------------------------------------------------------------------
# curated rows

def read_curated(path, plover):
    rows_by_key = {}
    problems = []
    for n, cols in rows(path, COLUMNS):
        r = dict(zip(COLUMNS, cols))
        where = f"{path}:{n}"
        problems += check_row(r, where)
        if r["cameo"] != "-" and r["plover"] != plover_of(r["cameo"], plover):
            problems.append(f"{where}: {r['lemma']}: PLOVER type of CAMEO {r['cameo']} is "
                            f"{plover_of(r['cameo'], plover)}, not {r['plover']}")
        key = (r["lemma"], r["pos"])
        if key in rows_by_key:
            problems.append(f"{where}: ({r['lemma']}, {r['pos']}) listed twice")
        r["origin"] = "curated"
        rows_by_key[key] = r
    if problems:
        die("curated triggers:\n  " + "\n  ".join(problems))
    return rows_by_key


def check_row(r, where):
    out = []
    for c in COLUMNS:
        if not r.get(c) or r[c] != r[c].strip() or "\t" in r[c]:
            out.append(f"{where}: empty or padded field `{c}`")
            return out
    if not LEMMA_RE.match(r["lemma"]) or "  " in r["lemma"]:
        out.append(f"{where}: lemma {r['lemma']!r}: lower case words separated by single spaces")
    if r["pos"] not in POS:
        out.append(f"{where}: pos {r['pos']!r} is not one of {sorted(POS)}")
    if r["relation"] != "-" and r["relation"] not in RELATIONS:
        out.append(f"{where}: unknown relation {r['relation']!r}")
    if r["cameo"] != "-" and not CODE_RE.match(r["cameo"]):
        out.append(f"{where}: CAMEO code {r['cameo']!r} is not 3-4 digits")
    if r["plover"] != "-" and not re.match(r"^[A-Z]+$", r["plover"]):
        out.append(f"{where}: PLOVER type {r['plover']!r}")
    if r["polarity"] not in POLARITIES:
        out.append(f"{where}: polarity {r['polarity']!r} is not one of + - 0")
    return out


def pinning_tokens(rows, forms):
    """Words of curated lemmas that relgraph's lemmatiser would otherwise reduce to another lemma.
    The lemmatiser (src/relate/token/lexicon.rs, Lexicon::lemma) leaves every word that occurs in
    some lemma as it is, and strips -ies/-ied/-ing/-ed/-es/-s only to reach a known lemma. So a
    plural or -ing form written inside a lemma ("hold negotiations", "mass killing") is kept as is
    everywhere, and the singular or base lemma ("negotiation", "kill") no longer matches it.
    Returns {token: (the trigger lemma it hides, [lemmas using it])}, leaving out tokens that are
    trigger lemmas of their own with the same relations, and tokens pinned on purpose in
    lemmas.tsv (form = lemma)."""
    single = {}
    for (lemma, pos), r in rows.items():
        if " " not in lemma:
            single.setdefault(lemma, set()).add(r["relation"])
    known = set(single) | set(forms.values())
    out = {}
    for (lemma, pos), r in sorted(rows.items()):
        if r["origin"] != "curated":
            continue
        words = lemma.split()
        for w in words:
            if forms.get(w) == w or (len(words) == 1 and w not in known):
                continue
            stems = []
            if w.endswith(("ies", "ied")):
                stems.append(w[:-3] + "y")
            for suf in ("ing", "ed"):
                if w.endswith(suf):
                    st = w[: -len(suf)]
                    stems += [st, st + "e"] + ([st[:-1]] if len(st) > 2 and st[-1] == st[-2] else [])
            if w.endswith("es") and len(w) > 4:
                stems.append(w[:-2])
            if w.endswith("s") and not w.endswith(("ss", "us")):
                stems.append(w[:-1])
            hit = next((st for st in stems if st in known and st != w), None)
            if not hit or hit not in single:
                continue  # not a trigger lemma ("understanding" -> understand): nothing is lost
            if single.get(w, set()) >= single[hit]:
                continue  # "meeting" next to "meet": both talks_with, nothing is lost
            out.setdefault(w, (hit, []))[1].append(f"{lemma}/{pos}")
    return out


# ---------------------------------------------------------------------------------------------
# output

HEADER = """\
# GENERATED by {script} - do not edit: change gazetteers/curated/triggers.tsv and rebuild.
# version: {version}
#
# relgraph trigger lexicon: one row per (lemma, pos). Columns:
#   lemma     lower-case lemma (verbs in base form, nouns singular); multi-word forms separated by
#             single spaces ("sever ties", "take over from"); text tokens are lemmatised with
#             gazetteers/curated/lemmas.tsv before lookup
#   pos       verb, noun or adj
#   relation  the relgraph relation type the word signals, or - (an event code only)
#   cameo     CAMEO event code (e.g. 040, 0871, 190) or -
#   plover    PLOVER event type of that code (CONSULT, AGREE, SUPPORT, AID, ASSAULT, ...) or -
#   polarity  + cooperative, - conflictual, 0 neutral
#
# Sources and licences:
#   - CAMEO verb dictionary CAMEO.2.0.txt from PETRARCH2 (openeventdata/petrarch2 @ 676801cd,
#     last update 2015-04-30), MIT licence, Copyright (c) 2015 Open Event Data Alliance: the verb
#     lemmas with relation `-` and their CAMEO codes.
#   - "CAMEO to PLOVER conversion table, Philip Schrodt, 2021" (CAMEO2PLOVER-2021.txt, PLOVER manual
#     draft 0.8, 17 September 2021; openeventdata/PLOVER @ 5e0c24fb), licensed under the Creative
#     Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0,
#     https://creativecommons.org/licenses/by-sa/4.0/): the plover column. Changes: the table is
#     reduced to the event type of each code and joined to the lemmas.
#   - gazetteers/curated/triggers.tsv, written for relgraph: the relation types, and the nouns and
#     adjectives.
#   As a table derived from the CC BY-SA 4.0 CAMEO2PLOVER table, THIS FILE IS LICENSED UNDER
#   CC BY-SA 4.0 (attribution as above); the CAMEO-derived parts remain available under MIT.
#
# Build: python3 scripts/build_triggers.py /path/to/data/sources   (default ../shared/data/sources)
# Rows: {total} ({cameo} from CAMEO, {curated} curated, of which {override} replace a CAMEO row).
"""


def write(path, rows, stats, version):
    text = HEADER.format(script=SCRIPT, version=version, **stats)
    lines = [text.rstrip("\n"), "\t".join(COLUMNS)]
    for key in sorted(rows):
        r = rows[key]
        lines.append("\t".join(r[c] for c in COLUMNS))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="?", default=os.path.join(repo, "..", "shared", "data", "sources"),
                    help="folder with the staged sources (see its GUIDE.md); default ../shared/data/sources")
    ap.add_argument("--out", default=os.path.join(repo, "gazetteers"),
                    help="gazetteer folder (reads curated/ there, writes triggers.tsv); default gazetteers/")
    ap.add_argument("-v", "--verbose", action="store_true", help="list what was dropped or merged")
    args = ap.parse_args()
    src, out = os.path.normpath(args.sources), args.out
    for need in (CAMEO_FILE, PLOVER_FILE):
        if not os.path.isfile(os.path.join(src, need)):
            die(f"{src} has no {need} - pass the staged sources folder")
    curdir = os.path.join(out, "curated")
    forms = read_lemmas(os.path.join(curdir, "lemmas.tsv"))
    plover = load_plover(os.path.join(src, PLOVER_FILE))
    report = defaultdict(list)
    rows, braces_forms = cameo_rows(src, forms, plover, report)
    n_cameo = len(rows)
    curated = read_curated(os.path.join(curdir, "triggers.tsv"), plover)
    override = [k for k in curated if k in rows]
    rows.update(curated)

    # checks on the merged lexicon
    problems = []
    for key, r in sorted(rows.items()):
        problems += check_row(r, f"{r['origin']} {key[0]}/{key[1]}")
        for tok in r["lemma"].split():
            if tok in forms and forms[tok] != tok:
                msg = f"{key[0]}/{key[1]}: token {tok!r} is an inflected form ({tok} -> {forms[tok]} in lemmas.tsv)"
                if r["origin"] == "curated":
                    problems.append(msg)
                else:
                    report["unreachable"].append(msg)
    for msg in report["unreachable"]:  # a CAMEO lemma that text can never produce is dropped
        lemma, pos = msg.split(":")[0].split("/")
        rows.pop((lemma, pos), None)
    for tok, (stem, users) in sorted(pinning_tokens(rows, forms).items()):
        problems.append(f"word {tok!r} (in {', '.join(users)}) would hide the lemma {stem!r}: write "
                        f"{stem!r} in the lemma, or pin {tok!r} in lemmas.tsv ({tok}<TAB>{tok})")
    if problems:
        die("\n  ".join(["lexicon:"] + problems))
    missing = sorted({f"{f}->{b}" for f, b, _ in braces_forms
                      if f not in forms and f not in IRREGULAR_SKIP and f != b
                      and not regular_form(b, f)})
    # every curated US -ize/-ization lemma should have its UK -ise/-isation twin
    iz = sorted(k[0] for k in curated if re.search(r"iz(e|ation)\b", k[0])
                and (re.sub(r"iz(e|ation)\b", r"is\1", k[0]), k[1]) not in rows)

    stats = {"total": len(rows), "cameo": sum(1 for r in rows.values() if r["origin"] == "cameo"),
             "curated": len(curated), "override": len(override)}
    write(os.path.join(out, "triggers.tsv"), rows, stats, "sources-2026-11-25+curated")

    # report
    by = Counter((r["relation"], r["pos"]) for r in rows.values())
    print(f"triggers.tsv: {len(rows)} rows ({stats['cameo']} from CAMEO of {n_cameo} coded CAMEO lemmas, "
          f"{len(curated)} curated, {len(override)} of them replacing a CAMEO row)")
    for rel in sorted(RELATIONS) + ["-"]:
        print(f"  {rel:17} " + "  ".join(f"{p} {by[(rel, p)]:4}" for p in ("verb", "noun", "adj"))
              + f"  total {sum(by[(rel, p)] for p in POS)}")
    print(f"CAMEO: {len(report['uncoded'])} lemmas without an event code left out, "
          f"{len(report['noise'])} noise lines dropped, {len(report['inflected'])} inflected synonyms "
          f"brought to base form, {len(report['several_codes'])} lemmas listed with several codes, "
          f"{len(report['unreachable'])} lemmas dropped as inflected forms")
    print(f"  left out as homographs: {len(report['dropped_homograph'])}, as generic verbs: "
          f"{len(report['dropped_generic'])} (CAMEO_DROP in this script)")
    for m in report["unreachable"]:
        print("  dropped:", m)
    if missing:
        print(f"warning: {len(missing)} irregular CAMEO forms not in lemmas.tsv: {', '.join(missing)}")
    if iz:
        print(f"warning: curated -ize lemma without its -ise spelling: {', '.join(iz)}")
    if args.verbose:
        for what in ("noise", "inflected", "several_codes", "dropped_homograph", "dropped_generic", "uncoded"):
            print(f"{what} ({len(report[what])}):")
            for m in sorted(report[what]):
                print("   ", m)


def regular_form(base, f):
    """True for the inflections a plain suffix rule gives (base+s/es/ed/d/ing)."""
    return f in (base + "s", base + "es", base + "ed", base + "d", base + "ing")


if __name__ == "__main__":
    main()
