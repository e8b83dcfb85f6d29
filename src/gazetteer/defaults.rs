//! The gazetteer files shipped in `gazetteers/`, embedded at compile time so the binary works
//! anywhere without its source tree.

/// `(name, contents)` of every default gazetteer file, in load order.
pub const FILES: &[(&str, &str)] = &[
    (
        "countries.tsv",
        include_str!("../../gazetteers/countries.tsv"),
    ),
    ("orgs.tsv", include_str!("../../gazetteers/orgs.tsv")),
    (
        "locations.tsv",
        include_str!("../../gazetteers/locations.tsv"),
    ),
    ("people.tsv", include_str!("../../gazetteers/people.tsv")),
    ("titles.tsv", include_str!("../../gazetteers/titles.tsv")),
    ("offices.tsv", include_str!("../../gazetteers/offices.tsv")),
    (
        "abbreviations.txt",
        include_str!("../../gazetteers/abbreviations.txt"),
    ),
    (
        "given_names.txt",
        include_str!("../../gazetteers/given_names.txt"),
    ),
    (
        "seats.tsv",
        include_str!("../../gazetteers/curated/seats.tsv"),
    ),
    (
        "distinct_people.tsv",
        include_str!("../../gazetteers/curated/distinct_people.tsv"),
    ),
];

/// The default relation rules (`gazetteers/relations.toml`).
pub const RULES: (&str, &str) = (
    "relations.toml",
    include_str!("../../gazetteers/relations.toml"),
);

/// The trigger lexicon (`gazetteers/triggers.tsv`) and the lemmatiser's irregular forms
/// (`gazetteers/curated/lemmas.tsv`).
pub const LEXICON: &[(&str, &str)] = &[
    (
        "triggers.tsv",
        include_str!("../../gazetteers/triggers.tsv"),
    ),
    (
        "lemmas.tsv",
        include_str!("../../gazetteers/curated/lemmas.tsv"),
    ),
];
