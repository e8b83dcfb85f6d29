"""Shared helpers for the gazetteer builder and checker (standard library only)."""

import re
import unicodedata

ENTITY_COLUMNS = ["id", "type", "name", "aliases", "demonyms", "country", "wikidata",
                  "iso2", "iso3", "capital", "source", "note"]
OFFICE_COLUMNS = ["person", "role", "of", "start", "end", "as_of", "end_before", "source", "note"]
TITLE_COLUMNS = ["title", "role", "kind", "note"]
ENTITY_TYPES = {"COUNTRY", "PERSON", "ORG", "LOCATION"}
ID_RE = re.compile(r"^[a-z]+:[A-Za-z0-9._-]+$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

# Characters that betray mojibake (UTF-8 read as Latin-1/cp1252).
MOJIBAKE_RE = re.compile("[\u00c3\u00c2][\u0080-\u00bf\u2018-\u203a]|\u00e2\u20ac|\ufffd")


def fold(s):
    """Diacritic-folded form (what the matcher compares)."""
    s = s.replace("ı", "i").replace("İ", "I").replace("ß", "ss").replace("ø", "o").replace("Ø", "O")
    s = s.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ə", "e").replace("Ə", "E")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def norm_key(s):
    """Loose comparison key: folded, lowercase, punctuation dropped, spaces collapsed."""
    s = fold(s).lower()
    s = re.sub(r"[^a-z0-9 ]+", " ", s.replace("'", "").replace("\u2019", ""))
    return " ".join(s.split())


def slug(s):
    return "-".join(norm_key(s).split()) or "x"


def is_latin(s):
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return True


def parse_tsv(path):
    """Yield (lineno, header, dict) for every data row; header from first non-comment line."""
    header = None
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            if len(cols) > len(header):
                raise ValueError(f"{path}:{n}: {len(cols)} fields, header has {len(header)}")
            cols += [""] * (len(header) - len(cols))
            yield n, header, dict(zip(header, cols))


def split_list(v):
    return [x.strip() for x in v.split("|") if x.strip()] if v else []
