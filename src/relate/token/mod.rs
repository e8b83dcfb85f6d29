//! Relations v2: token patterns over a trigger lexicon.
//!
//! A sentence becomes tokens ([`view`]): words with lower case, lemma, function classes and
//! lexicon entries; each entity mention and title one token. Every rule's pattern
//! ([`pattern`]) is compiled into one shared instruction program, read as one automaton
//! ([`automaton`]) that finds in one pass over a sentence every (rule, start) with a match;
//! the backtracker fills the captures of those matches only. Each match is then checked for
//! scope (negation, hypotheticals, former offices) and distributed over its lists' members.

pub mod automaton;
pub mod lexicon;
pub mod pattern;
pub mod subject;
pub mod view;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use automaton::{Automaton, Cache, Pool};
pub use lexicon::{Lexicon, Pos, Trigger};
use pattern::{Defs, Inst, Node, Pred, Preds, Scratch};
use view::{class, Kind, Token};

use super::rules::Example;
use super::RelationType;
use crate::coref::words::GOVERNMENT;
use crate::gazetteer::{EntityType, Gazetteer, TitleKind};
use crate::resolve::EntityRef;

/// Portfolios that may stand between a body and its post ("EU trade commissioner Maros
/// Sefcovic"): read by the list prelude and by `head_tokens`.
macro_rules! portfolio_words {
    () => {
        "trade|foreign|defence|defense|finance|economy|energy|interior|justice|security|climate"
    };
}

/// The lemmas of armed men, shared by the prelude's `{force}` and [`armed`], so that the
/// rules and the check agree on who fights.
macro_rules! force_lemmas {
    () => {
        "force|troop|army|military|soldier|fighter|militant|mercenary|militia|rebel"
    };
}

/// The prelude: definitions every rule file can use (a file's `[define]` adds or overrides).
pub const PRELUDE: &[(&str, &str)] = &[
    // Auxiliaries, modals, adverbs, "to", "continue" and a floating quantifier ("have all",
    // "have both") before a verb.
    // A time between subject and verb, as wire copy puts it: "Iran on Tuesday summoned",
    // "Kurti late on Monday accused", "Japan last week protested".
    (
        "when",
        "( ( late | early )? on ( monday | tuesday | wednesday | thursday | friday | saturday | sunday ) ( night | morning | afternoon | evening )? | ( last | this | next | earlier this | later this ) ( week | weekend | month | year | monday | tuesday | wednesday | thursday | friday | saturday | sunday ) | yesterday | today | earlier | later )",
    ),
    // A decision before the act it reports: "decided to sever", "was forced to withdraw";
    // "since" between an auxiliary and its verb is a time ("has since expelled").
    ("aux", "(AUX | MODAL | ADV | to | also | jointly | all | both | since | <continue|begin|start|keep|resume> | <decide|vote|opt|choose|move|proceed|force|compel|oblige> | remain | remains | remained | stay | stays | stayed | {when})*"),
    // A copula or a verb of taking up a post: "is", "has been", "became", "served as",
    // "was appointed", "was sworn in as", "was inaugurated on Sunday as".
    (
        "copula",
        "( AUX | MODAL | ADV )* ( AUX | <become|remain|serve|act|name|appoint|elect|re-elect|reelect|nominate|choose|install> as? | ( <swear in> | <inaugurate|confirm> ) ( !COMMA !CLAUSE ... ){0,3}? as )",
    ),
    // Words of tenure before an office ("then-", "outgoing", "acting", "first female").
    (
        "tenure",
        "( then | - | NUM | former | outgoing | incoming | acting | current | interim | new | longtime | veteran | first | second | third | fourth | fifth | sixth | seventh | eighth | female | woman | youngest | oldest | civilian | democratically | elected | leftist | rightist | conservative | socialist | caretaker | transitional | provisional | de facto )*",
    ),
    // The sign between the two names of a pair: "Israel-Turkey", "Armenia–Azerbaijan", "US/China".
    ("dash", "( - | – | / )"),
    // A gap word as `...`, or a pair of names ("the Israel-Turkey tensions") or "the", an
    // organisation and a word ("the White House phone") that name no party of their own.
    ("gap", "( ... | ENTITY {dash} ENTITY | DET ORG !<effort|bid|push|drive|initiative|attempt|campaign|plan|proposal> ... )"),
    // Aims ("seeks to mediate"): for rules that allow them (`modal = true`). An offer is no act
    // ("Togo has offered to mediate"): the annotation guide counts none.
    (
        "aim",
        "( <seek|try|want|plan|hope|aim|intend|continue|vow|pledge|promise|agree|decide|move|begin|start|set|ready|stand|manage|step in> to )?",
    ),
    // What may stand before a name: articles, possessives, demonyms, titles, owners, kin ("his
    // cousin Mohammed bin Nayef", "his predecessor"), what a body is ("the regional bloc
    // IGAD", "the militant group Hamas", "the Gulf state of Qatar"), and a post of a country
    // ("the emir of Qatar", "the foreign ministers of"), which stands for the country unless
    // the holder's name follows ("the emir of Qatar, Sheikh Tamim"), or people from a country
    // ("senior diplomats from Britain"), or the named among others ("coalition partners
    // including Bhumjaithai"), or who rules from a seat ("the government in Mogadishu").
    (
        "pre",
        "( <government|authority|junta|regime|leadership> in | the | its | his | her | their | both | COUNTRY.adj | POLITY.poss | ACTOR.compound - _ | TITLE | then | ex | - | former | late | veteran | outgoing | incoming | acting | new | top | senior | visiting | counterpart | COMMA | neighbouring | neighboring | downstream | upstream | rival | fellow | key | close | longtime | long-time | long-standing | longstanding | opposition | ruling | governing | main | small | tiny | powerful | elite | influential | little-known | conservative | liberal | nationalist | centrist | centre-right | centre-left | center-right | center-left | far-right | far-left | right-wing | left-wing | leftist | populist | pro-business | hardline | reformist | traditional | regional | western | eastern | northern | southern | arch-rival | archrival | ally | allies | neighbour | neighbor | foe | enemy | adversary | father | mother | brother | half-brother | sister | half-sister | son | daughter | cousin | uncle | nephew | wife | husband | predecessor | successor | mentor | protege | protégé | bloc | grouping | body | group | militia | movement | militant | islamist | jihadist | rebel | armed | paramilitary | insurgent | separatist | ( state | kingdom | emirate | nation | republic ) of | TITLE of the? POLITY COMMA | ( ( TITLE | ( foreign | defence | defense | prime | finance | interior | deputy )? <leader|head|official|representative|delegation|counterpart|envoy|government|president|minister|king|emir|premier|chancellor|secretary|ambassador> ) of ) | ( senior | top | deputy )? <diplomat|official|representative|delegation|envoy|negotiator|minister> from | ( coalition | western | gulf | arab | european | african | regional | key | major | fellow )? <partner|coalition partner|ally|member|country|nation|state|power|neighbour|neighbor> COMMA? ( including | such as ) )*",
    ),
    // Where a body sits and who stands behind it, written as one word or two: "the
    // Tripoli-based GNU", "the internationally recognised government".
    ("backed_or_based", "( eastern-based | western-based | tripoli-based | u.n.-backed | un-backed | internationally-recognised | internationally-recognized | internationally recognised | internationally recognized )"),
    // The armed men of a subject: "Wagner fighters backed", "Eritrea, whose troops fought".
    ("force", concat!("<", force_lemmas!(), ">")),
    // Armed men named by whom they fight for: "troops loyal to Kiir", "forces backing Machar".
    (
        "loyal_force",
        "( {force} | <unit|guard|those> ) ( <loyal|allied> to | backing | supporting )",
    ),
    // What may stand before each member of a list ("A and her Rwandan counterpart B").
    (
        "member",
        concat!(
            "( the | a | an | his | her | their | then | - | counterpart | outgoing | incoming | acting | interim | caretaker | former | {loyal_force} | COUNTRY.adj | POLITY.poss | POLITY <",
            portfolio_words!(),
            ">? TITLE | TITLE | top | senior | chief | ORG.adj | ACTOR.compound - _ | paramilitary | rival | armed | rebel | militant | jihadist | islamist | separatist | insurgent | breakaway | opposition | ruling | powerful | {backed_or_based} )"
        ),
    ),
    // A member named after the body it leads, in an apposition: "Santos and the top
    // commander of the FARC, Rodrigo Londono, signed", "Sall and Ghana's president, Nana
    // Akufo-Addo".
    // Or a body named after what it is: "the TMC and the main protest alliance, the FFC,".
    ("member_lead", "( ( his | her | their | its ) COUNTRY.adj ( TITLE | counterpart ) COMMA | ( his | her | their | its ) COUNTRY.head counterpart COMMA? | ( ( top | chief | senior | lead | deputy )? ( TITLE | <commander|leader|head|chief|founder|negotiator|chief negotiator|lead negotiator|spokesman|spokeswoman|spokesperson|representative> ) of the? POLITY | POLITY.poss ( acting | interim | caretaker | outgoing | new )? ( TITLE | <leader|head|chief|envoy|negotiator> ) ) COMMA | ( the | its | his | her | their ) ( !COMMA !CLAUSE !ENTITY !TITLE _ ){0,3}? <alliance|coalition|group|party|movement|bloc|front|rival|opponent|ally|neighbour|neighbor|militia|faction|organisation|organization|council|administration> COMMA the? )"),
    // An apposition after a member but the last of a list, up to the comma that ends it:
    // "Sall, the current chair of the African Union, and Akufo-Addo".
    // Or a relative clause: "Tokayev, who hosted the gathering, and Mirziyoyev".
    // A relative clause holds no name but the body a member leads: "Niger's Issoufou, who
    // chairs ECOWAS, Senegal's Sall and …" (other names in it were read as members).
    ("member_appos", "COMMA ( DET ( !COMMA !CLAUSE !REL ( _ | ENTITY ) ){1,8} | ( who | which ) ( !COMMA !CLAUSE !REL !ENTITY _ ){1,8} | who ( currently | also )? <chair|lead|head> the? ( current | rotating )? ( <chairmanship|presidency> of the? )? ORG )"),
    // An aside between the conjunction and the last member: "Brazil, Argentina and, since
    // July, Bolivia", "Egypt and, to a lesser degree, Jordan".
    ("member_aside", "COMMA ( !COMMA !CLAUSE !REL !ENTITY _ ){1,4}? COMMA"),
    // A preposition said again before the last member: "spoke with Park and, in a separate
    // call, with Abe", "sanctions on Russia and on Belarus".
    ("member_again", "( with | on | against )"),
    // What may stand after each member but the last of a list: the member's people ("Malian
    // troops and Wagner fighters", "Russian and Ukrainian negotiators").
    // and the country a person is of ("Presidents Sadyr Japarov of Kyrgyzstan, Emomali Rahmon
    // of Tajikistan and …").
    ("member_after", "( {force} | <negotiator|official|delegation|team|diplomat|envoy|government|authority> | of the? POLITY.name )"),
    // Things a demonym or possessive may qualify that are no party to meet or call: "hosts
    // Russian troops", "received Iranian drones", "visited Israel's border".
    ("goods", "<troop|soldier|force|weapon|arm|drone|missile|rocket|tank|jet|warplane|warship|ship|vessel|aircraft|plane|helicopter|mercenary|instructor|base|gas|oil|grain|good|export|import|aid|investment|tourist|citizen|national|refugee|migrant|prisoner|hostage|asset|territory|soil|airspace|water|border|vote|decision|move|offer|proposal|plan|bid|approval|support|demand|request|call|statement|announcement|role|effort|appointment|election|re-election|victory|nomination|release|return|arrival|initiative|remark|comment>"),
    // Relative-clause glue: "Belarus, which is allied with Russia", or after the head of an
    // apposition: "Estonia, Latvia and Lithuania, all former Soviet republics that joined NATO".
    ("rel", "( COMMA? which | COMMA? who | COMMA? that | COMMA DET ( !COMMA !CLAUSE !REL !PREP ( _ | ENTITY ) ){1,6}? ( which | who | that ) )?"),
];

/// How many times a rule restarts right after a match that gave no relation, per sentence.
const MAX_RETRIES: usize = 4;

/// Lemmas that cancel the facts after them in their clause ("refused to meet").
const NEGATORS: &[&str] = &[
    "refuse",
    "deny",
    "decline",
    "reject",
    "fail",
    "cancel",
    "postpone",
    "suspend",
    "freeze",
    "halt",
    "scrap",
    "call off",
    "rule out",
    "dismiss",
    "end",
    "terminate",
    "quit",
    "abandon",
    "exit",
    "withdraw",
    "tear up",
    // "pledged to lift sanctions on Damascus" ends a tension, it asserts none.
    "lift",
    "waive",
    // "blocked Ukraine's EU accession", "vetoed the deal with Iran".
    "block",
    "veto",
];

/// Words that qualify a post between its owner and its title ("Thailand's acting prime
/// minister").
const POST_MODIFIERS: &[&str] = &[
    "acting",
    "interim",
    "caretaker",
    "outgoing",
    "incoming",
    "new",
];

/// A word between a name and its post: a qualifier ([`POST_MODIFIERS`]) or a portfolio
/// ("EU trade commissioner").
fn post_modifier(lower: &str) -> bool {
    POST_MODIFIERS.contains(&lower) || portfolio_words!().split('|').any(|w| w == lower)
}

/// Words between an owner and a person that make the owner a modifier: "his Rwandan
/// counterpart Paul Kagame", "Houthi negotiator Mohammed Abdulsalam".
const AGENT_NOUNS: &[&str] = &[
    "counterpart",
    "negotiator",
    "chief negotiator",
    "lead negotiator",
    "envoy",
    "commander",
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "delegate",
    "adviser",
    "advisor",
];
/// Negators that end what existed: they deny an agreement or an alliance, not a fight.
const ENDINGS: &[&str] = &["end", "terminate", "halt"];
/// Lemmas that make what follows an intention, not a fact ("offered to mediate").
const INTENTS: &[&str] = &[
    "offer", "want", "plan", "hope", "seek", "try", "threaten", "propose", "intend", "aim",
    "expect", "urge", "wish", "consider", "push", "press", "invite", "demand",
];
/// Modals that make what follows a possibility, when the view reads them as modals (a capital
/// "May" inside a sentence is the month).
const MODALS_OF_INTENT: &[&str] = &["would", "could", "might", "may", "should", "must"];
/// Modals of a plan: a meeting that "will" happen has not (in the dev corpus's gold, 28 of 30
/// such sentences hold no talks), while aid, sanctions or an expulsion announced with "will"
/// are commitments the annotation counts.
const MODALS_OF_PLAN: &[&str] = &["will", "shall"];
/// Verbs after which an infinitive states a fact, not an aim ("continued to back", "managed
/// to bring").
const ONGOING: &[&str] = &["continue", "begin", "start", "keep", "manage"];
/// Whether the infinitive at `verb` (after "to") states an aim rather than a fact. A fact:
/// after a verb of going on or of deciding ("continued to back", "voted on Sunday to
/// readmit"), a journey's purpose ("flew to Paris to meet Macron") and a headline's "Bahrain
/// to normalise ties" (only names, and their lists, before it in its clause).
/// Ranks of a noun an infinitive reports as done: "the first country to ratify".
const RANKS: &[&str] = &[
    "first", "last", "latest", "second", "third", "only", "newest",
];
/// The agents a rank makes an infinitive a fact for; not aims ("the latest attempt to
/// broker" is still an aim).
const RANKED: &[&str] = &[
    "country",
    "state",
    "nation",
    "member",
    "economy",
    "government",
    "leader",
    "head",
    "president",
    "minister",
    "official",
    "politician",
    "monarch",
];

fn infinitive_aims(tokens: &[Token], clause: usize, verb_at: usize) -> bool {
    // The verb before the infinitive, past its object if it has one ("prompted Kigali to").
    let mut verb = verb_at.saturating_sub(2);
    // (Past a time, too: "voted on Sunday to readmit".)
    let time = |t: &Token| {
        t.kind == Kind::Word
            && (t.class & class::ADV != 0
                || TIME_WORDS.contains(&t.lower.as_str())
                || crate::text::is_weekday(&t.lower))
    };
    while verb > clause
        && ((tokens[verb].is_slot() && !tokens[verb].possessive) || time(&tokens[verb]))
    {
        verb -= 1;
    }
    let ongoing = verb_at > 1
        && (ONGOING.contains(&tokens[verb_at - 2].lemma.as_str())
            || IMPLICATIVE.contains(&tokens[verb].lemma.as_str()));
    // "was the last country to join the euro zone", "the first leader to visit": a rank
    // reports the act.
    let ranked = verb_at > 2
        && RANKS.contains(&tokens[verb_at - 3].lower.as_str())
        && RANKED.contains(&tokens[verb_at - 2].lemma.as_str());
    // "flew to Paris to meet Macron", "arrived in Kyiv on Monday to hold talks": the
    // journey's purpose, reported with the journey (a wish or a modal before the journey is
    // caught elsewhere: "hopes to fly to Paris to meet").
    let journey = (clause..verb_at - 1)
        .rev()
        .take(JOURNEY_REACH)
        .take_while(|&k| tokens[k].class & (class::COMMA | class::CLAUSE) == 0)
        .any(|k| tokens[k].kind == Kind::Word && JOURNEYS.contains(&tokens[k].lemma.as_str()));
    let before = &tokens[clause.min(verb_at - 1)..verb_at - 1];
    let headline = before.iter().any(Token::is_slot)
        && before.iter().all(|t| {
            t.kind != Kind::Word || t.class & (class::CONJ | class::PUNCT | class::DET) != 0
        });
    !ongoing && !ranked && !headline && !journey
}

/// Verbs whose object is still talked about, not done: "negotiating a security treaty with",
/// "discussed aid to Kyiv", "sought support from".
const TALKED_ABOUT: &[&str] = &[
    "negotiate",
    "discuss",
    "seek",
    "propose",
    "consider",
    "draft",
    "debate",
    "explore",
];

/// Verbs whose object, after "to", is a deal still aimed at ("efforts to broker a truce").
const AIMED_AT: &[&str] = &[
    "broker",
    "negotiate",
    "reach",
    "secure",
    "seal",
    "strike",
    "clinch",
    "conclude",
    "forge",
    "mediate",
    "seek",
    "finalise",
    "finalize",
];
/// Adjectives of an event that has not happened ("a possible summit", "the proposed talks").
const PROSPECTIVE: &[&str] = &[
    "possible",
    "potential",
    "proposed",
    "prospective",
    "mooted",
    "hoped-for",
    "would-be",
];
/// Verbs of a journey, whose purpose ("flew to Paris to meet") is reported as what happened.
const JOURNEYS: &[&str] = &[
    "travel", "fly", "go", "head", "come", "arrive", "return", "visit", "stop", "rush", "jet",
];
/// How many tokens before an infinitive's "to" a journey's verb is looked for ("travelled
/// to the Polish capital last week to meet").
const JOURNEY_REACH: usize = 8;
/// Verbs of deciding or being made to act, after which an infinitive reports the act ("decided
/// to sever ties", "was forced to withdraw"); with an object, that object acts ("prompted Kigali
/// to sever ties"). Those that take no object are also in `{aux}`.
const IMPLICATIVE: &[&str] = &[
    "decide", "vote", "opt", "choose", "move", "proceed", "force", "compel", "oblige", "prompt",
    "lead", "cause", "drive", "spur", "agree", "help",
];
/// Words of a time between a verb and its infinitive, besides weekdays and adverbs ("voted on
/// Sunday to", "decided last week to", "voted unanimously to").
const TIME_WORDS: &[&str] = &[
    "on",
    "last",
    "this",
    "next",
    "week",
    "weekend",
    "month",
    "year",
    "earlier",
    "later",
    "today",
    "yesterday",
];
/// Words before an office or a relation word that make it a former one.
pub(crate) const FORMER: &[&str] = &[
    "former",
    "then",
    "ex",
    "late",
    "erstwhile",
    "onetime",
    "one-time",
];

/// Where a rule's relation type comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RuleRelation {
    /// A fixed type.
    Fixed(RelationType),
    /// The trigger's lexicon entry.
    Trigger,
}

/// One compiled token rule.
#[derive(Debug, Clone)]
pub struct TokenRule {
    /// Unique id.
    pub id: String,
    /// The relation it produces.
    pub relation: RuleRelation,
    /// The pattern as written.
    pub source: String,
    /// A fixed role for `holds_office`.
    pub role: Option<String>,
    /// Whether negation cancels a match.
    pub negatable: bool,
    /// Whether modals, conditions and aims are allowed ("seeks to mediate").
    pub modal: bool,
    /// Examples.
    pub examples: Vec<Example>,
    /// Counterexamples.
    pub counterexamples: Vec<String>,
    /// File and line.
    pub origin: (PathBuf, usize),
    start: u32,
    /// One past the rule's last instruction.
    end: u32,
    /// Its number in the automaton.
    nfa: u32,
    /// Capture names; capture `i` uses slots `2i`, `2i+1`.
    names: Vec<String>,
    /// The trigger's first predicates: a match starts at or before the last token that
    /// satisfies one of them.
    needs: Vec<u32>,
    /// Every match holds at least this many mentions.
    min_slots: usize,
    /// The trigger is a verb from the lexicon.
    verb_trigger: bool,
}

/// The compiled token rules and their lexicon.
#[derive(Debug, Clone, Default)]
pub struct TokenRules {
    pub(crate) rules: Vec<TokenRule>,
    prog: Vec<Inst>,
    preds: Preds,
    /// `prog` as one automaton over tokens.
    automaton: Automaton,
    /// Its caches, warm, between runs.
    caches: Pool,
    /// Per rule number in the automaton, the rule's index in `rules`.
    order: Vec<u32>,
    /// The lexicon the rules refer to.
    pub lexicon: Lexicon,
}

/// A raw rule, as read from a file, for [`TokenRules::add`].
pub struct RawTokenRule {
    /// Id.
    pub id: String,
    /// `relation` as written (a type, or `trigger`).
    pub relation: String,
    /// The pattern.
    pub tokens: String,
    /// Fixed role.
    pub role: Option<String>,
    /// Negatable.
    pub negatable: bool,
    /// Modal allowed.
    pub modal: bool,
    /// Examples.
    pub examples: Vec<Example>,
    /// Counterexamples.
    pub counterexamples: Vec<String>,
    /// Origin.
    pub origin: (PathBuf, usize),
}

impl TokenRule {
    /// The relation type the rule gives, unless it comes from the trigger.
    pub fn relation_type(&self) -> Option<RelationType> {
        match self.relation {
            RuleRelation::Fixed(t) => Some(t),
            RuleRelation::Trigger => None,
        }
    }
}

fn min_slots(n: &Node) -> usize {
    match n {
        Node::Tok(Pred::Slot { .. }) => 1,
        Node::Tok(_) | Node::Not(_) | Node::Start => 0,
        Node::Seq(v) => v.iter().map(min_slots).sum(),
        Node::Alt(v) => v.iter().map(min_slots).min().unwrap_or(0),
        Node::Repeat { node, min, .. } => *min as usize * min_slots(node),
        Node::Capture { node, .. } => min_slots(node),
    }
}

/// The predicates a trigger capture can start with.
fn firsts(n: &Node, out: &mut Vec<Pred>) {
    match n {
        Node::Tok(p) => out.push(p.clone()),
        Node::Not(_) | Node::Start => {}
        Node::Seq(v) => {
            for x in v {
                firsts(x, out);
                if !x.nullable() {
                    break;
                }
            }
        }
        Node::Alt(v) => v.iter().for_each(|x| firsts(x, out)),
        Node::Repeat { node, .. } | Node::Capture { node, .. } => firsts(node, out),
    }
}

/// The node captured as `trigger`, else as `role`.
/// The trigger captures of a pattern (one per alternative that names its own), else its role.
fn trigger_nodes(n: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    captured(n, "trigger", &mut out);
    if out.is_empty() {
        captured(n, "role", &mut out);
    }
    out
}

fn captured<'n>(n: &'n Node, want: &str, out: &mut Vec<&'n Node>) {
    match n {
        Node::Capture { name, node, .. } if name == want => out.push(node),
        Node::Tok(_) | Node::Not(_) | Node::Start => {}
        Node::Seq(v) | Node::Alt(v) => v.iter().for_each(|x| captured(x, want, out)),
        Node::Repeat { node, .. } | Node::Capture { node, .. } => captured(node, want, out),
    }
}

impl TokenRules {
    /// Into `out`, a mask over the automaton's rule numbers: the rules one of whose triggers
    /// a sentence holds (`any`: the predicates one of its tokens answers). Only these can
    /// match. Run too, the rest kept every actor at the end of a clause under way in hundreds
    /// of rules, so on news nearly every state was new: on the dev corpus half the
    /// transitions missed the cache, and building them was two thirds of the time.
    fn active_rules(&self, any: &[u64], out: &mut Vec<u64>) {
        out.clear();
        out.resize(self.order.len().div_ceil(64), 0);
        for (nfa, &i) in self.order.iter().enumerate() {
            let needs = &self.rules[i as usize].needs;
            if needs
                .iter()
                .any(|&q| any[q as usize / 64] >> (q % 64) & 1 != 0)
            {
                out[nfa / 64] |= 1 << (nfa % 64);
            }
        }
    }

    /// What the automaton's caches did in the runs so far (those that have ended).
    pub fn cache_stats(&self) -> automaton::CacheStats {
        self.caches.stats()
    }

    /// No rules, over `lexicon`.
    pub fn new(mut lexicon: Lexicon) -> TokenRules {
        for w in NEGATORS
            .iter()
            .chain(INTENTS)
            .chain(ONGOING)
            .chain(IMPLICATIVE)
        {
            lexicon.know_cue(w);
        }
        TokenRules {
            lexicon,
            ..TokenRules::default()
        }
    }

    /// The prelude with a file's definitions (its `[define]` table) added or overriding, for
    /// [`TokenRules::add`]: made once per file, so that each definition is parsed once.
    pub fn definitions(file: &BTreeMap<String, String>) -> Defs {
        let mut all: BTreeMap<String, String> = PRELUDE
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        all.extend(file.iter().map(|(k, v)| (k.clone(), v.clone())));
        Defs::new(all)
    }

    /// Compiles a rule and adds it; `defs` are the file's definitions over the prelude
    /// ([`TokenRules::definitions`]).
    pub fn add(&mut self, raw: RawTokenRule, defs: &Defs) -> Result<(), String> {
        let node = pattern::parse(&raw.tokens, defs)?;
        let relation = match raw.relation.as_str() {
            "trigger" => RuleRelation::Trigger,
            r => RuleRelation::Fixed(r.parse()?),
        };
        let names: Vec<String> = node.captures().iter().map(|(n, _)| n.to_string()).collect();
        let has = |n: &str| names.iter().any(|x| x == n);
        match relation {
            RuleRelation::Fixed(t) => {
                // A mediation may leave its parties to the event frame it refers to, talks
                // their other side to the meeting one attends, and a membership its body to
                // the one the text is about ("Finland joined last April").
                let ok = t
                    .capture_sets()
                    .iter()
                    .any(|set| set.iter().all(|n| has(n)))
                    || (t == RelationType::MediatesBetween && has("mediator"))
                    || (t == RelationType::TalksWith && has("a"))
                    || (t == RelationType::MemberOf && has("member"));
                if !ok {
                    let sets: Vec<String> =
                        t.capture_sets().iter().map(|s| s.join(" + ")).collect();
                    return Err(format!(
                        "a {t} rule captures {} (found: {})",
                        sets.join(" or "),
                        names.join(", ")
                    ));
                }
                if t == RelationType::HoldsOffice && !has("role") && raw.role.is_none() {
                    return Err("a holds_office rule captures `role:OFFICE` or sets `role`".into());
                }
            }
            RuleRelation::Trigger => {
                if !(has("parties") || has("a") && has("b")) {
                    return Err(
                        "a rule whose relation comes from its trigger captures `a` and `b`, or `parties`".into(),
                    );
                }
            }
        }
        for lemma in lemmas_of(&node) {
            // A known lemma is its own base: nothing to check or add.
            if self.lexicon.knows(lemma) {
                continue;
            }
            // An inflected form made known would stop its other forms from being read as
            // this lemma ("<negotiating>" would turn "negotiating" into a lemma of its own).
            if let Some(base) = self.lexicon.regular_base(lemma) {
                return Err(format!(
                    "`<{lemma}>` is a form of `{base}`: write `<{base}>`"
                ));
            }
            self.lexicon.know(lemma);
        }
        let mut first = Vec::new();
        // A rule may name a trigger in each alternative: it starts at any of them.
        for t in trigger_nodes(&node) {
            firsts(t, &mut first);
        }
        let needs = first.iter().map(|p| self.preds.intern(p)).collect();
        let start = pattern::compile(&node, &mut self.prog, &mut self.preds, &names);
        let end = self.prog.len() as u32;
        let nfa = self.automaton.add(&self.prog, start..end);
        self.order.push(self.rules.len() as u32);
        self.rules.push(TokenRule {
            id: raw.id,
            relation,
            source: raw.tokens,
            role: raw.role,
            negatable: raw.negatable,
            modal: raw.modal,
            examples: raw.examples,
            counterexamples: raw.counterexamples,
            origin: raw.origin,
            start,
            end,
            nfa,
            names,
            needs,
            min_slots: min_slots(&node),
            verb_trigger: !first.is_empty()
                && first.iter().all(|p| {
                    matches!(
                        p,
                        Pred::Lex {
                            pos: Some(Pos::Verb),
                            ..
                        }
                    )
                }),
        });
        Ok(())
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[TokenRule] {
        &self.rules
    }

    /// A copy for testing rule `i` on its own: rule `i` first, so that no other rule's
    /// relation masks its own, then the others, which provide the event frames a mediation
    /// without parties refers to (their relations carry their own rule ids).
    pub fn only(&self, i: usize) -> TokenRules {
        let mut rules = vec![self.rules[i].clone()];
        rules.extend(
            self.rules
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, r)| r.clone()),
        );
        let mut order = vec![0; rules.len()];
        for (i, r) in rules.iter().enumerate() {
            order[r.nfa as usize] = i as u32;
        }
        TokenRules {
            rules,
            prog: self.prog.clone(),
            preds: self.preds.clone(),
            automaton: self.automaton.clone(),
            caches: Pool::default(),
            order,
            lexicon: self.lexicon.clone(),
        }
    }

    /// Relations in one sentence's tokens, appended to `out`.
    pub(crate) fn extract<'a>(
        &'a self,
        gaz: &'a Gazetteer,
        tokens: &[Token],
        sentence: &Range<usize>,
        scratch: &mut RunScratch,
        out: &mut Vec<super::Relation<'a>>,
        first: usize,
    ) {
        let lex = &self.lexicon;
        let n = tokens.len();
        // Every token's answer to every predicate, found at once: the automaton's letters
        // and the backtracker's tests are bit tests.
        let w = self.preds.words().max(1);
        let bits = &mut scratch.bits;
        bits.clear();
        bits.resize(n * w, 0);
        // What any token answers, for the rules the sentence can trigger.
        let any = &mut scratch.any;
        any.clear();
        any.resize(w, 0);
        for (t, b) in tokens.iter().zip(bits.chunks_exact_mut(w)) {
            self.preds.eval(t, lex, b);
            any.iter_mut().zip(b.iter()).for_each(|(a, b)| *a |= b);
        }
        // One pass of the automaton gives every (rule, start) that matches. The first
        // sentence takes a warm cache from the rules' pool; the scratch gives it back.
        if scratch.pool.as_ref().is_none_or(|p| !p.same(&self.caches)) {
            if let Some(p) = scratch.pool.take() {
                p.put(std::mem::take(&mut scratch.cache));
            }
            scratch.cache = self.caches.take();
            scratch.pool = Some(self.caches.handle());
        }
        self.active_rules(&scratch.any, &mut scratch.active);
        let clause = |p: usize| p == 0 || pattern::is_boundary(&tokens[p - 1]);
        scratch.cache.run(
            &self.automaton,
            &scratch.bits,
            w,
            n,
            &scratch.active,
            clause,
            &mut scratch.trace,
            &mut scratch.found,
        );
        let found = &mut scratch.found;
        if found.is_empty() {
            return;
        }
        found.sort_unstable();
        let bits = &scratch.bits;
        let has = |pos: usize, p: u32| bits[pos * w + p as usize / 64] >> (p % 64) & 1 != 0;
        let mut test = |p: u32, pos: usize| -> bool {
            if p == pattern::START {
                return pattern::is_boundary(&tokens[pos]);
            }
            has(pos, p)
        };
        let (cache, trace) = (&scratch.cache, &scratch.trace);
        // The matching rules in rule order, each with its starts.
        let groups = &mut scratch.groups;
        groups.clear();
        let mut from = 0;
        while from < found.len() {
            let nfa = found[from].0;
            let to = from + found[from..].partition_point(|&(r, _)| r == nfa);
            groups.push((self.order[nfa as usize], from..to));
            from = to;
        }
        groups.sort_unstable_by_key(|g| g.0);
        // Per position, the live instructions of the rule at hand.
        let mut live_at: Vec<(usize, &[u64])> = Vec::with_capacity(n + 1);
        for (rule_index, range) in groups.iter() {
            let (rule_index, rule) = (*rule_index as usize, &self.rules[*rule_index as usize]);
            let starts = &found[range.clone()];
            // A match starts at or before the last token that can be its trigger.
            let Some(last) = (0..n)
                .rev()
                .find(|&p| rule.needs.iter().any(|&q| has(p, q)))
            else {
                continue;
            };
            live_at.clear();
            live_at.extend((0..=n).map(|pos| cache.live_bits(trace, pos, rule.nfa)));
            let live = |pc: u32, pos: usize| {
                let i = (pc - rule.start) as usize;
                let (lo, bits) = live_at[pos];
                (i / 64)
                    .checked_sub(lo)
                    .and_then(|k| bits.get(k))
                    .is_some_and(|b| b >> (i % 64) & 1 != 0)
            };
            let mut at = 0;
            let mut retries = MAX_RETRIES;
            loop {
                // The first start at or after `at` where the rule matches.
                let k = starts.partition_point(|&(_, p)| (p as usize) < at);
                let Some(start) = starts.get(k).map(|&(_, p)| p as usize) else {
                    break;
                };
                if start > last {
                    break;
                }
                scratch.caps.clear();
                scratch.caps.resize(rule.names.len() * 2, usize::MAX);
                let found = pattern::run(
                    &self.prog,
                    &mut test,
                    start..n,
                    rule.start..rule.end,
                    &mut scratch.caps,
                    &mut scratch.bt,
                    live,
                );
                // The automaton said it matches here.
                let Some(end) = found else {
                    debug_assert!(false, "rule {} did not match at {start}", rule.id);
                    at = start + 1;
                    continue;
                };
                at = end.max(start + 1);
                let caps = &scratch.caps;
                let cap = |name: &str| -> Option<Range<usize>> {
                    let i = rule.names.iter().position(|n| n == name)?;
                    let (s, e) = (caps[2 * i], caps[2 * i + 1]);
                    (s != usize::MAX && e != usize::MAX && s < e).then_some(s..e)
                };
                let trigger = cap("trigger").or_else(|| cap("role")).unwrap_or(start..end);
                let kind = match rule.relation {
                    RuleRelation::Fixed(t) => t,
                    RuleRelation::Trigger => {
                        let rel = tokens[trigger.clone()].iter().find_map(|t| {
                            t.triggers
                                .iter()
                                .find_map(|&i| lex.entries()[i as usize].relation)
                        });
                        match rel {
                            Some(r)
                                if r.takes_args(2)
                                    && r != RelationType::HoldsOffice
                                    && (cap("a").is_some() || r.is_symmetric()) =>
                            {
                                r
                            }
                            _ => continue,
                        }
                    }
                };
                // A mediation's parties are never its subject: "the talks between A and B were
                // held under the auspices of C".
                if cap("trigger").is_some()
                    && kind != RelationType::MediatesBetween
                    && object_start(tokens, start, trigger.start, end)
                {
                    continue;
                }
                if closed_relative(tokens, start, trigger.start) {
                    continue;
                }
                if rule.negatable && negated(tokens, start, trigger.clone(), end, kind.is_state()) {
                    continue;
                }
                // An office named by its title is no event: a modal does not make it less so
                // ("a planned visit by Russian Deputy Prime Minister X").
                let title_trigger = cap("trigger").is_none() && cap("role").is_some();
                let meeting = kind == RelationType::TalksWith;
                if !rule.modal
                    && !title_trigger
                    && hypothetical(tokens, start, trigger.start, end, meeting)
                {
                    continue;
                }
                if rule.verb_trigger && bare_after_singular(tokens, trigger.start) {
                    continue;
                }
                let members = |name: &str| -> Vec<EntityRef> {
                    cap(name).map(|r| heads(tokens, r)).unwrap_or_default()
                };
                let role = cap("role")
                    .and_then(|r| {
                        // A post, or the rank a rule captured as the role on purpose
                        // ("Mali's Colonel Assimi Goita").
                        let title = |office: bool| {
                            tokens[r.clone()].iter().find_map(|t| match t.kind {
                                Kind::Title(i, k) if !office || k == TitleKind::Office => {
                                    Some(gaz.titles()[i].role.as_str())
                                }
                                _ => None,
                            })
                        };
                        // Words that name a post in the plural ("defence ministers A of X
                        // and B of Y"): the post their lemmas spell.
                        let named = || {
                            let lemmas: Vec<&str> =
                                tokens[r.clone()].iter().map(|t| t.lemma.as_str()).collect();
                            let t = gaz.title_named(&lemmas.join(" "))?;
                            let t = &gaz.titles()[t];
                            (t.kind == TitleKind::Office).then_some(t.role.as_str())
                        };
                        title(true).or_else(|| title(false)).or_else(named)
                    })
                    .or(rule.role.as_deref());
                let former =
                    kind == RelationType::HoldsOffice && former(tokens, start..end, &trigger);
                let event = tokens[trigger.clone()]
                    .iter()
                    .find_map(|t| lex.coded(&t.triggers, kind));
                let coded = event.map(|i| &lex.entries()[i as usize]);
                // "a former ally", "the ex-partner", "once a Russian ally", "were once
                // rivals": a relation that no longer holds (an office keeps it as its
                // status); "once again" is no such cue.
                let before = &tokens[trigger.start.saturating_sub(3)..trigger.start];
                let once_a = before.iter().enumerate().any(|(k, w)| {
                    w.lower == "once"
                        && before
                            .get(k + 1)
                            .is_none_or(|n| !matches!(n.lower.as_str(), "again" | "more"))
                });
                // "then" before a verb in the past is a time ("then overran SSA positions"),
                // not a former state ("his then ally").
                let then_verb = |k: usize| {
                    tokens[k].lower == "then"
                        && tokens
                            .get(k + 1)
                            .is_some_and(|n| n.kind == Kind::Word && past_verb(n))
                };
                let from = trigger.start.saturating_sub(2);
                if !former
                    && (once_a
                        || (from..trigger.start).any(|k| {
                            let t = &tokens[k];
                            t.kind == Kind::Word
                                && FORMER.contains(&t.lower.as_str())
                                && !then_verb(k)
                        }))
                {
                    continue;
                }
                // A match whose arguments give nothing (a lone party, a self-relation) must
                // not hide a later one: "(AFP) - Sudan's army and the RSF … fighting between
                // them" first matches from the agency in the dateline.
                let (made, pending) = (out.len(), scratch.pending.len());
                let span =
                    |r: &Range<usize>| tokens[r.start].span.start..tokens[r.end - 1].span.end;
                let trigger_src = span(&trigger);
                // The owners of a post: a person owns it through their country.
                // Not a people within another country ("Bosnian Serb leader X" leads no
                // Serbia), and a party leader's post is no country's ("Venezuelan opposition
                // leader X").
                let owners: Vec<EntityRef> = match (kind, cap("of")) {
                    (RelationType::HoldsOffice, Some(r)) => head_tokens(tokens, r)
                        .into_iter()
                        .filter(|&k| {
                            !(k > 0 && is_demonym(&tokens[k]) && is_demonym(&tokens[k - 1]))
                        })
                        .filter_map(|k| post_owner(gaz, out, &tokens[k], role))
                        .filter(|&o| {
                            role != Some("Party Leader")
                                || !matches!(o, EntityRef::Known(i)
                                    if gaz.entities()[i].entity_type() == EntityType::Country)
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                // "Putin congratulated Lukashenko, as did Xi": who the ellipsis names did
                // what the subject did.
                let agent = match kind {
                    RelationType::Supports => Some("supporter"),
                    RelationType::Succeeds | RelationType::HoldsOffice => None,
                    RelationType::MemberOf => Some("member"),
                    RelationType::MediatesBetween => Some("mediator"),
                    _ => Some("a"),
                };
                // (The scan first: most matches have no ellipsis, and need no subjects.)
                let also = agent.map_or_else(Vec::new, |_| as_did(tokens, end));
                let subjects = match agent {
                    Some(a) if !also.is_empty() => members(a),
                    _ => Vec::new(),
                };
                let mut push_one = |args: Vec<EntityRef>| {
                    if args
                        .iter()
                        .enumerate()
                        .any(|(i, a)| args[i + 1..].contains(a))
                    {
                        return;
                    }
                    // A successor and its predecessor are of one kind: people, or bodies
                    // ("AUSSOM succeeds ATMIS"); "he also inherits Armenia's conflict"
                    // succeeds no country. (A discovered name may be either.)
                    let kind_of = |e: &EntityRef| match *e {
                        EntityRef::Known(i) => Some(gaz.entities()[i].entity_type()),
                        EntityRef::Discovered(_) => None,
                    };
                    if kind == RelationType::Succeeds {
                        if let (Some(a), Some(b)) = (kind_of(&args[0]), kind_of(&args[1])) {
                            if a != b {
                                return;
                            }
                        }
                    }
                    // A person who "clashed with" another party argued: "Oli clashed with
                    // New Delhi over a border map" is a dispute, not a battle; one who
                    // defeated another person won a vote ("easily defeating former foreign
                    // minister Fumio Kishida").
                    let person = args
                        .iter()
                        .any(|a| kind_of(a).is_none_or(|k| k == EntityType::Person));
                    let conflict = kind == RelationType::InConflictWith && person;
                    if conflict && electoral_defeat(&tokens[trigger.clone()]) {
                        return;
                    }
                    let kind = if conflict
                        && verbal_clash(&tokens[trigger.clone()])
                        && !armed(&tokens[start..trigger.start])
                    {
                        RelationType::TensionWith
                    } else if kind == RelationType::TalksWith && in_rounds(tokens, &trigger) {
                        RelationType::NegotiatesWith
                    } else {
                        kind
                    };
                    let r = super::Relation {
                        kind,
                        args,
                        role,
                        rule: &rule.id,
                        sentence: sentence.clone(),
                        trigger: trigger_src.clone(),
                        former,
                        event: coded,
                    };
                    let dup = out[first..].iter().any(|o| {
                        o.kind == r.kind
                            && super::same_args(r.kind, &o.args, &r.args)
                            && o.role == r.role
                            && o.former == r.former
                    });
                    if !dup {
                        out.push(r);
                    }
                };
                let mut push = |args: Vec<EntityRef>| {
                    if subjects.contains(&args[0]) {
                        for &other in &also {
                            let mut copy = args.clone();
                            copy[0] = other;
                            push_one(copy);
                        }
                    }
                    push_one(args);
                };
                // The one side a rule names of talks or a membership whose other side waits.
                let lone = match kind {
                    RelationType::TalksWith if cap("b").is_none() && cap("parties").is_none() => {
                        Some("a")
                    }
                    RelationType::MemberOf if cap("member").is_some() && cap("org").is_none() => {
                        Some("member")
                    }
                    _ => None,
                };
                match kind {
                    // Parties named next to the trigger ("mediated talks between Belgrade and
                    // Pristina") that are not actors are not to be replaced by a frame.
                    RelationType::MediatesBetween
                        if cap("parties").is_none()
                            && tokens[trigger.start.saturating_sub(8)
                                ..tokens.len().min(trigger.end + 5)]
                                .iter()
                                .any(|t| t.lower == "between") => {}
                    RelationType::MediatesBetween if cap("parties").is_none() => {
                        // The parties are those of the event the sentence, or one shortly
                        // before, names ("a deal brokered by China"): see `attach_frames`.
                        // Actors its own clause names after the trigger: "facilitated
                        // peace efforts in Colombia" is about Colombia, whatever frame
                        // is nearest (not the agents of a passive: "hosted by Cuba and
                        // facilitated by Norway").
                        let mediators = members("mediator");
                        let named: Vec<EntityRef> = tokens[trigger.end..]
                            .iter()
                            .take_while(|t| {
                                t.kind != Kind::Word
                                    || t.class & (class::PUNCT | class::CLAUSE | class::REL) == 0
                                        && t.lower != "by"
                            })
                            .filter(|t| {
                                matches!(t.kind, Kind::Slot(_, ty, _) if ty != EntityType::Location)
                            })
                            .filter_map(referent)
                            .filter(|e| !mediators.contains(e))
                            .collect();
                        let span = cap("mediator").unwrap_or_default();
                        let fresh = indefinite(tokens, trigger.start);
                        for &m in &mediators {
                            let person = tokens[span.clone()].iter().any(|t| {
                                matches!(t.kind, Kind::Slot(e, EntityType::Person, _) if e == m)
                            });
                            scratch.pending.push(Pending {
                                kind: RelationType::MediatesBetween,
                                mediator: m,
                                rule: rule_index,
                                sentence: sentence.clone(),
                                trigger: trigger_src.clone(),
                                event,
                                named: named.clone(),
                                person,
                                co: mediators.clone(),
                                fresh,
                            });
                        }
                    }
                    // One who attends a meeting the text named before ("Salame also attended
                    // the talks") meets its parties, and a member of the body the text last
                    // named one of ("Egypt and Iran became members last year") belongs to it:
                    // see `attach_frames`.
                    _ if lone.is_some() => {
                        for m in lone.map(&members).unwrap_or_default() {
                            scratch.pending.push(Pending::plain(
                                kind,
                                m,
                                rule_index,
                                sentence,
                                &trigger_src,
                                event,
                            ));
                        }
                    }
                    RelationType::MediatesBetween => {
                        let parties = cap("parties")
                            .map(|r| party_pairs(tokens, r))
                            .unwrap_or_default();
                        for m in members("mediator") {
                            for &(p, q) in &parties {
                                push(vec![m, p, q]);
                            }
                        }
                    }
                    RelationType::HoldsOffice => {
                        if role.is_some() {
                            for (p, o) in super::product(&members("person"), &owners) {
                                push(vec![p, o]);
                            }
                        }
                    }
                    _ => {
                        let (x, y) = match kind {
                            RelationType::Supports => ("supporter", "supported"),
                            RelationType::Succeeds => ("successor", "predecessor"),
                            RelationType::MemberOf => ("member", "org"),
                            _ => ("a", "b"),
                        };
                        let pairs = if cap(x).is_none() && kind.is_symmetric() {
                            cap("parties")
                                .map(|r| party_pairs(tokens, r))
                                .unwrap_or_default()
                        } else if cap(x).is_none() {
                            super::product(&members("a"), &members("b"))
                        } else {
                            super::product(&members(x), &members(y))
                        };
                        for (a, b) in pairs {
                            push(vec![a, b]);
                        }
                    }
                }
                // A few such retries per rule and sentence, as the rules were written for
                // (the limit kept a sentence of one name repeated linear when each retry
                // reran the backtracker from scratch).
                if out.len() == made && scratch.pending.len() == pending && retries > 0 {
                    retries -= 1;
                    at = start + 1;
                }
            }
        }
        drop_hosts_talks(tokens, out, first);
        pair_principals(gaz, tokens, lex, out, first);
    }
}

/// One meeting, every pair of its principals: "a joint press conference with Sall and
/// Akufo-Addo" is also the two guests' meeting (the guide counts every pair of the named
/// people at one call or meeting). Only a meeting named by a noun ("a phone call", "the
/// summit"), not a verb ("met Sall and Akufo-Addo" may be two meetings), and only among people.
fn pair_principals<'a>(
    gaz: &Gazetteer,
    tokens: &[Token],
    lex: &Lexicon,
    out: &mut Vec<super::Relation<'a>>,
    first: usize,
) {
    let person = |e: &EntityRef| match *e {
        EntityRef::Known(i) => gaz.entities()[i].entity_type() == EntityType::Person,
        EntityRef::Discovered(_) => true,
    };
    // ("held separate meetings with A and B" is two meetings.)
    let noun_meeting = |trigger: &Range<usize>| {
        let Some(at) = tokens.iter().position(|t| t.span == *trigger) else {
            return false;
        };
        let separate = tokens[at.saturating_sub(3)..at]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "separate" | "individual" | "respective"));
        let entries = || {
            tokens[at]
                .triggers
                .iter()
                .map(|&i| &lex.entries()[i as usize])
        };
        let talks = |pos: Pos| {
            entries().any(|e| e.pos == pos && e.relation == Some(RelationType::TalksWith))
        };
        // A written message has a sender and its addressees, no meeting of all of them
        // ("Putin and Xi sent messages congratulating Pezeshkian").
        let written = matches!(
            tokens[at].lemma.as_str(),
            "message" | "letter" | "telegram" | "cable" | "note" | "congratulation" | "condolence"
        );
        !separate && !written && talks(Pos::Noun) && !talks(Pos::Verb)
    };
    // Each meeting once: the first talks of each trigger.
    let mut meetings: Vec<usize> = Vec::new();
    for (k, r) in out.iter().enumerate().skip(first) {
        if r.kind == RelationType::TalksWith
            && !meetings.iter().any(|&m| out[m].trigger == r.trigger)
            && noun_meeting(&r.trigger)
        {
            meetings.push(k);
        }
    }
    for m in meetings {
        let talks: Vec<(EntityRef, EntityRef)> = out[first..]
            .iter()
            .filter(|o| o.kind == RelationType::TalksWith && o.trigger == out[m].trigger)
            .map(|o| (o.args[0], o.args[1]))
            .collect();
        let mut people: Vec<EntityRef> = talks.iter().flat_map(|&(a, b)| [a, b]).collect();
        people.sort();
        people.dedup();
        if people.len() < 3 || !people.iter().all(person) {
            continue;
        }
        let template = out[m].clone();
        out.extend(
            super::pairs_of(&people)
                .into_iter()
                .filter(|&(a, b)| !talks.contains(&(a, b)) && !talks.contains(&(b, a)))
                .map(|(a, b)| super::Relation {
                    args: vec![a, b],
                    ..template.clone()
                }),
        );
    }
}

/// One act, one reading: a host whose hosting mediates between its guests ("Borrell hosted
/// Vucic and Kurti for talks") is no party to their talks, though "hosted" alone is a
/// meeting verb ("Biden hosted Zelensky"). Drops the talks between the mediator and a party
/// that the same trigger gave, unless the trigger brings them together: one who "brought
/// together Tshisekedi and Kagame" sat with them.
fn drop_hosts_talks(tokens: &[Token], out: &mut Vec<super::Relation<'_>>, first: usize) {
    let mediated: Vec<(Range<usize>, EntityRef, Vec<EntityRef>)> = out[first..]
        .iter()
        .filter(|r| r.kind == RelationType::MediatesBetween && r.args.len() >= 3)
        .map(|r| (r.trigger.clone(), r.args[0], r.args[1..].to_vec()))
        .collect();
    if mediated.is_empty() {
        return;
    }
    let together = |trigger: &Range<usize>| {
        tokens
            .iter()
            .find(|t| t.span == *trigger)
            .is_some_and(|t| matches!(t.lemma.as_str(), "bring together" | "bring" | "get"))
    };
    let hosts_talk = |r: &super::Relation<'_>| {
        r.kind == RelationType::TalksWith
            && !together(&r.trigger)
            && mediated.iter().any(|(trigger, m, parties)| {
                *trigger == r.trigger
                    && r.args.contains(m)
                    && r.args.iter().any(|a| parties.contains(a))
            })
    };
    let mut k = 0;
    out.retain(|r| {
        k += 1;
        k <= first || !hosts_talk(r)
    });
}

/// Why a rule gave nothing on a sentence, for `explain`.
#[derive(Debug, Clone, PartialEq)]
pub enum Diagnosis {
    /// No token can be its trigger.
    NoTrigger,
    /// Fewer mentions than every match needs.
    TooFewMentions(usize),
    /// Matching stopped at this token, which failed this test.
    Stopped(usize, String),
    /// It matched tokens `.0`, but the match was cancelled for `.1`.
    Cancelled(Range<usize>, &'static str),
    /// It matched and gave relations (or only self-relations).
    Matched(Range<usize>),
}

impl TokenRules {
    /// What rule `i` does on a sentence's tokens.
    pub fn diagnose(&self, i: usize, tokens: &[Token]) -> Diagnosis {
        let rule = &self.rules[i];
        let lex = &self.lexicon;
        let slots = tokens.iter().filter(|t| t.is_slot()).count();
        if !rule
            .needs
            .iter()
            .any(|&p| tokens.iter().any(|t| self.preds.get(p).matches(t, lex)))
        {
            return Diagnosis::NoTrigger;
        }
        if slots < rule.min_slots {
            return Diagnosis::TooFewMentions(rule.min_slots);
        }
        let mut scratch = Scratch::default();
        let mut best: Option<(usize, u32)> = None;
        let mut caps = Vec::new();
        for at in 0..tokens.len() {
            caps.clear();
            caps.resize(rule.names.len() * 2, usize::MAX);
            let mut test = |p: u32, pos: usize| match p {
                pattern::START => pattern::is_boundary(&tokens[pos]),
                p => self.preds.get(p).matches(&tokens[pos], lex),
            };
            if let Some(end) = pattern::run(
                &self.prog,
                &mut test,
                at..tokens.len(),
                rule.start..rule.end,
                &mut caps,
                &mut scratch,
                |_, _| true,
            ) {
                let trigger = rule
                    .names
                    .iter()
                    .position(|n| n == "trigger")
                    .map(|k| caps[2 * k]..caps[2 * k + 1])
                    .filter(|r| r.start < r.end && r.end != usize::MAX)
                    .unwrap_or(at..end);
                let state = matches!(rule.relation, RuleRelation::Fixed(t) if t.is_state());
                if rule.negatable && negated(tokens, at, trigger.clone(), end, state) {
                    return Diagnosis::Cancelled(at..end, "negation");
                }
                let meeting = matches!(rule.relation, RuleRelation::Fixed(RelationType::TalksWith));
                if !rule.modal && hypothetical(tokens, at, trigger.start, end, meeting) {
                    return Diagnosis::Cancelled(at..end, "a hypothetical or an intention");
                }
                return Diagnosis::Matched(at..end);
            }
            if let Some((pos, p)) = scratch.furthest {
                if best.is_none_or(|(b, _)| pos > b) {
                    best = Some((pos, p));
                }
            }
        }
        match best {
            Some((pos, p)) => Diagnosis::Stopped(pos, self.preds.get(p).to_string()),
            None => Diagnosis::NoTrigger,
        }
    }
}

fn lemmas_of(n: &Node) -> Vec<&str> {
    let mut out = Vec::new();
    fn go<'n>(n: &'n Node, out: &mut Vec<&'n str>) {
        match n {
            // A look-ahead's lemmas must be known too, or "!<troop>" would let "troops" by.
            Node::Tok(Pred::Lemma(set)) | Node::Not(Pred::Lemma(set)) => {
                out.extend(set.iter().map(String::as_str))
            }
            Node::Tok(_) | Node::Not(_) | Node::Start => {}
            Node::Seq(v) | Node::Alt(v) => v.iter().for_each(|x| go(x, out)),
            Node::Repeat { node, .. } | Node::Capture { node, .. } => go(node, out),
        }
    }
    go(n, &mut out);
    out
}

/// The mentions a capture stands for: each mention in it that is not a modifier of a later
/// one ("Azeri President Ilham Aliyev" is Aliyev; "Turkey and Israel" are both).
fn heads(tokens: &[Token], r: Range<usize>) -> Vec<EntityRef> {
    head_tokens(tokens, r)
        .into_iter()
        .filter_map(|k| referent(&tokens[k]))
        .collect()
}

/// Who owns a post named after `t` ("Iran's foreign minister", "his foreign secretary"): a
/// country or body itself; for a leader's minister, adviser, envoy or spokesperson, the
/// country the leader heads: as the document already said, else as the gazetteer's offices
/// say. Anyone else owns no post ("Haftar's deputy" is no Libyan office).
fn post_owner(
    gaz: &Gazetteer,
    done: &[super::Relation],
    t: &Token,
    role: Option<&str>,
) -> Option<EntityRef> {
    let (e, ty) = match t.kind {
        Kind::Slot(e, ty, _) => (e, ty),
        _ => t.refers?,
    };
    if ty != EntityType::Person {
        return Some(e);
    }
    let role = role?.to_lowercase();
    if !LEADERS_PEOPLE.iter().any(|p| role.contains(p)) {
        return None;
    }
    let country = |r: EntityRef| match r {
        EntityRef::Known(i) => gaz.entities()[i].entity_type() == EntityType::Country,
        EntityRef::Discovered(_) => false,
    };
    let said = done.iter().rev().find(|r| {
        r.kind == RelationType::HoldsOffice
            && !r.former
            && r.args[0] == e
            && r.role.is_some_and(heads_state)
            && country(r.args[1])
    });
    if let Some(r) = said {
        return Some(r.args[1]);
    }
    let EntityRef::Known(i) = e else { return None };
    let office = gaz
        .offices_of(i)
        .iter()
        .map(|&o| &gaz.offices()[o])
        .find(|o| heads_state(&o.role))?;
    gaz.index_of(&office.of)
        .map(EntityRef::Known)
        .filter(|&c| country(c))
}

/// Posts that head a country: their holder's ministers and envoys serve that country.
const LEADERS: &[&str] = &[
    "president",
    "prime minister",
    "king",
    "emir",
    "sultan",
    "chancellor",
    "supreme leader",
    "premier",
    "crown prince",
    "head of state",
    "head of government",
];

/// Posts that serve a leader: "his foreign secretary", "Putin's spokesman".
const LEADERS_PEOPLE: &[&str] = &[
    "minister",
    "secretary",
    "adviser",
    "advisor",
    "envoy",
    "spokes",
    "ambassador",
    "chief of staff",
    "negotiator",
];

/// The entity a token stands for: a mention's, or a resolved possessive pronoun's.
fn referent(t: &Token) -> Option<EntityRef> {
    match t.kind {
        Kind::Slot(e, ..) => Some(e),
        _ => t.refers.map(|(e, _)| e),
    }
}

/// The actors an ellipsis after a match names ("…, as did Chinese leader Xi Jinping" or "…,
/// as have Egypt and Jordan"): a comma a few words after the match, "as", an auxiliary, then
/// a list. Nothing when another name stands between the match and the comma.
fn as_did(tokens: &[Token], end: usize) -> Vec<EntityRef> {
    let Some(comma) = tokens[end.min(tokens.len())..]
        .iter()
        .take(6)
        .take_while(|t| {
            t.kind == Kind::Word && t.class & class::CLAUSE == 0 || t.class & class::COMMA != 0
        })
        .position(|t| t.class & class::COMMA != 0)
        .map(|k| end + k)
    else {
        return Vec::new();
    };
    let word = |k: usize, w: &[&str]| {
        tokens
            .get(k)
            .is_some_and(|t| t.kind == Kind::Word && w.contains(&t.lower.as_str()))
    };
    if !(word(comma + 1, &["as"]) && word(comma + 2, &["did", "has", "have", "had", "does", "do"]))
    {
        return Vec::new();
    }
    // The list: names, their titles and demonyms, joined by commas and "and".
    let from = comma + 3;
    let to = (from..tokens.len())
        .find(|&k| {
            let t = &tokens[k];
            !(t.is_slot()
                || matches!(t.kind, Kind::Title(..))
                || t.kind == Kind::Word
                    && (t.class & (class::DET | class::COMMA) != 0 || t.lower == "and"))
        })
        .unwrap_or(tokens.len());
    // A comma that the list does not close ends it: "…, as did Xi, while the EU …".
    heads(tokens, from..to)
}

/// The pairs of a list of parties. A counted group that ends a coordination ("between
/// Ethiopia and the two downstream states") is one side: its members pair with the others,
/// not with each other.
fn party_pairs(tokens: &[Token], r: Range<usize>) -> Vec<(EntityRef, EntityRef)> {
    let (mut group, mut named) = (Vec::new(), Vec::new());
    for k in head_tokens(tokens, r) {
        let side = match crate::coref::is_group_member(&tokens[k].lower) {
            true => &mut group,
            false => &mut named,
        };
        side.extend(referent(&tokens[k]));
    }
    if named.is_empty() {
        return super::pairs_of(&group);
    }
    let mut pairs = super::pairs_of(&named);
    pairs.extend(super::product(&named, &group));
    pairs
}

/// The token indices of a capture's heads: its mentions, less those that only modify the
/// next one ("Turkish ⟨President⟩ Erdoğan", "Qatar's emir").
fn head_tokens(tokens: &[Token], r: Range<usize>) -> Vec<usize> {
    // A pronoun is an argument only when captured alone (`x:ACTOR.pron`): inside a longer
    // capture it is the word it is.
    if r.len() == 1 && tokens[r.start].refers.is_some() {
        return vec![r.start];
    }
    let mut out = Vec::new();
    for k in r.clone() {
        let Kind::Slot(..) = tokens[k].kind else {
            continue;
        };
        // "his Rwandan counterpart Paul Kagame": the demonym qualifies the name after it (a
        // comma may follow the post: "his Armenian counterpart, Ararat Mirzoyan").
        let post_word = |t: &Token| {
            matches!(t.kind, Kind::Title(..))
                || AGENT_NOUNS.contains(&t.lemma.as_str())
                || post_modifier(&t.lower)
        };
        let next = tokens[k + 1..r.end].iter().enumerate().find(|&(j, t)| {
            let after_post = j > 0 && post_word(&tokens[k + j]) && t.class & class::COMMA != 0;
            !post_word(t) && !after_post
        });
        let next = next.map(|(_, t)| t);
        // "the top commander of the FARC, Rodrigo Londono": the body a list member leads.
        let before = tokens[r.start..k]
            .iter()
            .rposition(|t| t.class & class::DET == 0)
            .map(|i| r.start + i);
        let leads = before.is_some_and(|b| tokens[b].lower.as_str() == "of")
            && tokens
                .get(k + 1)
                .is_some_and(|t| t.class & class::COMMA != 0)
            && k + 2 < r.end
            && tokens[k + 2].is_slot();
        // "… and Ghana's president, Nana Akufo-Addo": the owner of the post named before him.
        // ("Thailand's acting prime minister, Phumtham": the post may be qualified.)
        let post = k + 1 + usize::from(tokens.get(k + 1).is_some_and(|t| post_modifier(&t.lower)));
        let owns_post = tokens[k].possessive
            && post + 2 < r.end
            && (matches!(tokens[post].kind, Kind::Title(..))
                || AGENT_NOUNS.contains(&tokens[post].lemma.as_str()))
            && tokens[post + 1].class & class::COMMA != 0
            && tokens[post + 2].is_slot();
        // "Rajnath Singh of India and Wei Fenghe of China met": the country a person is of.
        let affiliation = before.is_some_and(|b| {
            tokens[b].lower == "of"
                && b > r.start
                && matches!(tokens[b - 1].kind, Kind::Slot(_, EntityType::Person, _))
        });
        // "Sall, the current chair of the African Union, and Akufo-Addo": a name in a
        // member's apposition is no member.
        let in_appos = tokens[r.start..k]
            .iter()
            .rposition(|t| t.class & class::COMMA != 0)
            .map(|i| r.start + i)
            .is_some_and(|c| {
                // (The comma follows the member: after a plain noun it opens no member's
                // apposition, "A and his rival, the veteran X,".)
                // (Nor is a name in its relative clause: "Issoufou, who chairs ECOWAS,".)
                c + 2 < k
                    && c > r.start
                    && tokens[c - 1].is_slot()
                    && tokens[c + 1].kind == Kind::Word
                    && (tokens[c + 1].class & class::DET != 0 && !tokens[c + 2].is_slot()
                        || tokens[c + 1].class & class::REL != 0)
            });
        // "between Israel and Iran-backed Hezbollah": the first half of a compound modifies
        // the name after it.
        let compound =
            tokens[k].compound && tokens[k + 1..r.end].iter().take(3).any(Token::is_slot);
        // The word after the name, past a post's modifiers.
        let post_at = (k + 1..r.end)
            .find(|&j| !post_modifier(&tokens[j].lower))
            .unwrap_or(r.end);
        let modifier = leads
            || owns_post
            || affiliation
            || in_appos
            || compound
            || next.is_some_and(|t| t.is_slot())
                && (post_at < r.end
                    && (matches!(tokens[post_at].kind, Kind::Title(..))
                        || AGENT_NOUNS.contains(&tokens[post_at].lemma.as_str())
                        || tokens[k].possessive
                        || is_demonym(&tokens[k])));
        if !modifier {
            out.push(k);
        }
    }
    out
}

/// Words that open an apposition without an article: "between the neighbours, fellow members
/// of Mercosur,", "with Greece and Cyprus, both EU members,".
const APPOSITION_HEADS: &[&str] = &["fellow", "both", "all", "longtime", "long-time", "close"];

/// Firms and their people, whose deals are not their countries' ("companies from both
/// countries signed dozens of deals").
const BUSINESS: &[&str] = &[
    "company",
    "firm",
    "business",
    "businessman",
    "businesswoman",
    "businessperson",
    "executive",
    "investor",
    "bank",
    "lender",
    "exporter",
    "importer",
    "manufacturer",
];

/// Words for a share of a territory before "of": "control of most of Syria".
const PART_OF: &[&str] = &[
    "most", "much", "part", "parts", "half", "rest", "swathes", "swaths", "control", "areas",
    "north", "south", "east", "west",
];

/// Emphatic reflexives, which stand aside like adverbs and open an apposition on the name
/// before them ("Egypt, itself locked in a dispute with Ethiopia", "Putin himself met").
pub(crate) const REFLEXIVES: &[&str] = &["itself", "themselves", "himself", "herself"];

/// Whether a match starts with a preposition's object, which is no subject of the trigger
/// after it: after "between" ("Relations between Paris and Algiers hit a new low" is no
/// attack) or another preposition of an object ("sanctions on Russia and aid for Ukraine"),
/// or after a plain noun or a post and "in" or "to" ("Iran's proxies in Iraq attacked U.S.
/// bases", "Kilic, a former ambassador to the United States, and Rubinyan met"). A
/// government's noun keeps its subject ("the juntas in Mali and Niger expelled"), as do a
/// possessive, the antecedent of a relative clause after any preposition ("ties between
/// Russia and Kazakhstan, which are close allies") and a name with an apposition ("ties with
/// China, Pakistan's closest ally,"). A match that refers back to its names ("a truce between
/// A and B … the fighting between them") keeps them.
fn object_start(tokens: &[Token], start: usize, trigger: usize, end: usize) -> bool {
    let Some(first) = (start..trigger).find(|&k| tokens[k].is_slot()) else {
        return false;
    };
    if !tokens[first].possessive
        && verb_object(tokens, first)
        && conjoined_verb(tokens, list_end(tokens, first, trigger), trigger)
    {
        // "left the regional bloc ECOWAS in January and have turned to Russia": the object of
        // the first verb is not the subject of the second.
        return true;
    }
    if start == 0
        || tokens[trigger..end].iter().any(|t| t.lower == "them")
        || !tokens[start..first]
            .iter()
            .all(|t| t.kind == Kind::Word && t.class & class::DET != 0)
    {
        return false;
    }
    // A relative clause's antecedent acts in it ("in Oman, which has mediated"), and a
    // possessive opens a phrase of its own ("roles in Azerbaijan's victory over Armenia").
    // The list the match starts with ends where a word other than a name, a comma or a
    // conjunction comes: "between Russia and Kazakhstan, which are close allies".
    // A possessive opens the next phrase: "China, Pakistan's closest ally". Titles belong to
    // the names they precede ("with Belarusian President Alexander Lukashenko, a close ally").
    let list_end = list_end(tokens, first, trigger);
    let last = (first..list_end)
        .rev()
        .find(|&k| tokens[k].is_slot())
        .unwrap_or(first);
    let relative = tokens[last + 1..trigger]
        .iter()
        .take(2)
        .any(|t| t.kind == Kind::Word && t.class & class::REL != 0);
    // An apposition describes its name wherever that stands: "deepen ties with China,
    // Pakistan's closest ally,", "a trip to Guatemala and Belize, two of Taiwan's allies",
    // "drew closer to Egypt, itself locked in a dispute with Ethiopia".
    let apposition = tokens
        .get(last + 1)
        .is_some_and(|t| t.class & class::COMMA != 0)
        && tokens.get(last + 2).is_some_and(|t| {
            (t.kind == Kind::Word
                && (t.class & (class::DET | class::NUM) != 0
                    || REFLEXIVES.contains(&t.lower.as_str())
                    || t.lower
                        .split(' ')
                        .next()
                        .is_some_and(|w| APPOSITION_HEADS.contains(&w))))
                || (t.is_slot() && t.possessive)
        });
    // "with" opens an absolute clause when a participle follows its list: "talks ended, with
    // Egypt and Sudan accusing Addis Ababa of intransigence".
    let absolute = tokens[start - 1].lower == "with"
        && (start == 1 || tokens[start - 2].class & class::COMMA != 0)
        && tokens.get(list_end).is_some_and(|t| {
            t.kind == Kind::Word && t.lower.ends_with("ing") && t.lemma != t.lower
        });
    let own_phrase = relative || apposition || absolute || tokens[first].possessive;
    match tokens[start - 1].lower.as_str() {
        // (An apposition describes the pair: "friction between Sweden and Hungary, the two EU
        // members".)
        "between" => !(relative || apposition),
        // "new sanctions on Russia and more aid for Ukraine", "a front against Israel in
        // solidarity with Hamas": the object of a preposition acts in no later relation. "by"
        // and "from" name agents and sources ("attacks by Iran on Israel", "aid from Qatar to
        // Gaza"), which keep theirs.
        "on" | "against" | "at" | "for" | "over" | "toward" | "towards" | "upon" | "into"
        | "with" | "about" => !own_phrase,
        "in" | "to" => {
            const NO_NOUN: u32 = class::PREP
                | class::CLAUSE
                | class::PUNCT
                | class::CONJ
                | class::AUX
                | class::DET
                | class::ADV
                | class::NUM;
            let head = start.checked_sub(2).map(|k| &tokens[k]);
            let noun = head.is_some_and(|h| match h.kind {
                Kind::Title(..) => true,
                Kind::Word => {
                    let w = h.lower.as_str();
                    let one = w.strip_suffix('s').unwrap_or(w);
                    h.class & NO_NOUN == 0 && !GOVERNMENT.contains(&w) && !GOVERNMENT.contains(&one)
                }
                Kind::Slot(..) => false,
            });
            noun && !own_phrase
        }
        // "companies from both countries signed deals": business is not the state's.
        "from" => {
            start >= 2
                && tokens[start - 2].kind == Kind::Word
                && BUSINESS.contains(&tokens[start - 2].lemma.as_str())
        }
        // "Rajnath Singh of India and Wei Fenghe of China met": the person's country. "control
        // of most of Syria with backing from Russia": a share of a territory is a place.
        "of" => {
            start >= 2
                && (matches!(tokens[start - 2].kind, Kind::Slot(_, EntityType::Person, _))
                    || tokens[start - 2].kind == Kind::Word
                        && PART_OF.contains(&tokens[start - 2].lower.as_str())
                        && !own_phrase)
        }
        _ => false,
    }
}

/// Whether the name at `start` is the object of a verb in the past tense: "left the West
/// African bloc ECOWAS", "expelled Mali". Words of a noun phrase (plain words, titles, a
/// determiner) may stand between.
fn verb_object(tokens: &[Token], start: usize) -> bool {
    let mut k = start;
    for _ in 0..8 {
        let Some(p) = k.checked_sub(1) else {
            return false;
        };
        let t = &tokens[p];
        match t.kind {
            Kind::Title(..) => k = p,
            Kind::Word if t.class & class::DET != 0 => k = p,
            // A plain word: the verb, or a word of the noun phrase.
            Kind::Word if t.class & !class::SHAPE == 0 => match past_verb(t) {
                true => return t.class == 0,
                false => k = p,
            },
            Kind::Word | Kind::Slot(..) => return false,
        }
    }
    false
}

/// A past-tense verb: an inflected word that is not a plural or a third person ("left" →
/// leave, "expelled", "overran").
fn past_verb(t: &Token) -> bool {
    view::past_form(&t.lower, &t.lemma)
}

/// Whether "and" and a verb phrase come between a list's end and the trigger: "ECOWAS in
/// January and have turned to".
fn conjoined_verb(tokens: &[Token], from: usize, trigger: usize) -> bool {
    (from..trigger).any(|k| {
        tokens[k].lower == "and"
            && tokens.get(k + 1).is_some_and(|n| {
                n.kind == Kind::Word && (n.class & class::AUX != 0 || n.lemma != n.lower)
            })
    })
}

/// Where the list of names that starts at `first` ends (at most `limit`): at the first word
/// other than a name, a title, a comma or a conjunction. A possessive opens the next phrase:
/// "China, Pakistan's closest ally".
fn list_end(tokens: &[Token], first: usize, limit: usize) -> usize {
    (first + 1..limit)
        .find(|&k| {
            let t = &tokens[k];
            let name = (t.is_slot() && !t.possessive) || matches!(t.kind, Kind::Title(..));
            !(name || t.class & (class::CONJ | class::COMMA) != 0)
        })
        .unwrap_or(limit)
}

/// A match whose first names stand inside a relative clause that closes before its trigger:
/// "Paetongtarn, who leads the ruling Pheu Thai party, won 319 votes, with the backing of B"
/// is Paetongtarn's backing, not the party's.
/// So is a match whose first name is the object of a relative clause's verb: the clause
/// closes with the comma after it ("Ruto, who chairs the EAC, Samia and Museveni met").
fn closed_relative(tokens: &[Token], start: usize, trigger: usize) -> bool {
    let Some(first) = (start..trigger).find(|&k| tokens[k].is_slot()) else {
        return false;
    };
    let Some(p) = tokens[..start]
        .iter()
        .rposition(|t| t.class & (class::COMMA | class::CLAUSE) != 0)
        .filter(|&p| tokens[p].class & class::COMMA != 0)
    else {
        return false;
    };
    let Some(rel) = tokens[p + 1..start].iter().take(2).position(|t| {
        t.kind == Kind::Word && matches!(t.lower.as_str(), "who" | "which" | "whose" | "whom")
    }) else {
        return false;
    };
    let rel = p + 1 + rel;
    let comma = |r: Range<usize>| tokens[r].iter().any(|t| t.class & class::COMMA != 0);
    let end = list_end(tokens, first, trigger);
    // (Its list may not run on past that comma; an apposition after it may follow.)
    let object = tokens[rel].lower != "whose"
        && tokens[rel + 1..first]
            .iter()
            .any(|t| t.kind == Kind::Word && t.class & (class::DET | class::ADV | class::AUX) == 0);
    // ("…, Tanzania's Samia" lists; "…, Benin's finance minister" describes.)
    let member = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            t.is_slot() && (!t.possessive || tokens.get(k + 1).is_some_and(Token::is_slot))
        })
    };
    let listed = (first..end).any(|k| tokens[k].class & class::COMMA != 0 && member(k + 1));
    comma(end..trigger) || object && listed
}

/// A role of a head of state or government ("President", "Prime Minister", "Emir"), not its
/// deputy's.
fn heads_state(role: &str) -> bool {
    let r = role.to_lowercase();
    !r.contains("vice") && !r.contains("deputy") && LEADERS.iter().any(|l| r.contains(l))
}

/// A mention written as a demonym ("Serb", "Kenyan").
fn is_demonym(t: &Token) -> bool {
    matches!(t.kind, Kind::Slot(_, _, crate::matcher::AliasForm::Demonym))
}

/// The first token of the clause that holds `at`.
fn clause_start(tokens: &[Token], at: usize) -> usize {
    tokens[..at]
        .iter()
        .rposition(|t| t.class & class::CLAUSE != 0)
        .map_or(0, |p| p + 1)
}

/// A negation cue from three tokens before the match (within its clause) to the trigger's
/// end: "not", "never", "n't", "no longer", "refused", "denied", …; or a negated auxiliary
/// right after the match, one word at most between: "… membership is not on the table".
/// `state`: the relation is a state that an ending presupposes ("a deal ended months of
/// fighting between Israel and Hamas", "efforts to end the dispute between A and B"), so
/// verbs of ending do not deny it.
fn negated(tokens: &[Token], start: usize, trigger: Range<usize>, end: usize, state: bool) -> bool {
    let trigger_end = trigger.end;
    // A relation a possessive names ("the EU's sanctions against Russia") is taken for
    // granted, not asserted: a verb before it ("refused to join the EU's sanctions") denies
    // something else.
    let possessed = tokens[start..trigger_end]
        .iter()
        .find(|t| t.is_slot())
        // Not a pronoun: "Chad has ended its agreement with France" ends Chad's own.
        .is_some_and(|t| t.possessive && !t.is_pronoun_mention());
    // An apposition on the match's first names is theirs, out of the verb's reach:
    // "ECOWAS suspended Guinea-Bissau, one of its member states,".
    let apposed = (start..trigger.start)
        .find(|&k| tokens[k].is_slot())
        .and_then(|first| {
            let e = list_end(tokens, first, trigger.start);
            (first..e).rev().find(|&k| tokens[k].is_slot())
        })
        .is_some_and(|last| {
            last + 1 < trigger.start
                && tokens[last + 1].kind == Kind::Word
                && tokens[last + 1].class & class::COMMA != 0
        });
    let from = if apposed {
        start.max(conjunct_start(tokens, start, trigger_end))
    } else if possessed {
        // Only the verb right before the owner reaches the relation: "blocked Ukraine's
        // NATO accession".
        start.saturating_sub(1).max(clause_start(tokens, start))
    } else {
        start
            .saturating_sub(3)
            .max(clause_start(tokens, start))
            .max(conjunct_start(tokens, start, trigger_end))
    };
    // A trigger in a time adjunct is out of the clause verb's reach: "Armenia and Azerbaijan
    // pledged not to use force after talks hosted by Russia" still reports the talks.
    let from = (from..trigger.start)
        .rev()
        .find(|&k| {
            tokens[k].kind == Kind::Word
                && matches!(tokens[k].lower.as_str(), "after" | "following" | "amid")
        })
        .map_or(from, |k| k + 1);
    let cue = |(k, t): (usize, &Token)| {
        t.kind == Kind::Word
            && (t.class & class::NEG != 0
                || (NEGATORS.contains(&t.lemma.as_str())
                    // A hostile act may be named by a negator ("froze ties", "suspended
                    // trade with"): the trigger itself denies nothing.
                    && !(state && (ENDINGS.contains(&t.lemma.as_str()) || trigger.contains(&k)))))
    };
    // A relative clause that commas close before the trigger is the subject's aside: "The
    // M23, which is not a party to the accord, has been holding negotiations with Congo".
    let comma = |k: usize| tokens[k].kind == Kind::Word && tokens[k].class & class::COMMA != 0;
    let rel = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|t| t.kind == Kind::Word && t.class & class::REL != 0)
    };
    let mut k = from;
    while k < trigger_end {
        let aside_end = (k < trigger.start && comma(k) && rel(k + 1))
            .then(|| (k + 1..trigger.start).find(|&j| comma(j)))
            .flatten();
        match aside_end {
            Some(close) => k = close + 1,
            None if cue((k, &tokens[k])) => return true,
            None => k += 1,
        }
    }
    let word = |k: usize| tokens.get(k).filter(|t| t.kind == Kind::Word);
    // A match inside a relative clause that a comma closes ("Eritrea, whose troops fought
    // the TPLF, was not party to the talks"): what follows is the main clause's verb.
    // So is a participle after a comma ("Serbia, backed by Russia, does not recognise").
    let relative = tokens[start..trigger_end]
        .iter()
        .any(|t| t.kind == Kind::Word && t.class & class::REL != 0)
        || trigger.start > start && comma(trigger.start - 1)
        // ("Serbia, backed by its allies Russia and China, does not …".)
        || (start..trigger.start).any(|k| {
            comma(k) && word(k + 1).is_some_and(|t| t.lower != t.lemma && t.class & class::CAP == 0)
        });
    if relative && word(end).is_some_and(|t| t.class & class::COMMA != 0) {
        return false;
    }
    let verb = |k: usize| word(k).is_some_and(|t| t.class & (class::AUX | class::MODAL) != 0);
    // "not" and "n't" only: "an accord that was never ratified" is still an accord.
    let neg = |k: usize| word(k).is_some_and(|t| t.lower == "not" || t.lower.ends_with("n't"));
    // Punctuation, then at most one word, before the auxiliary.
    let mut at = end;
    while word(at).is_some_and(|t| t.class & class::PUNCT != 0 && t.class & class::CLAUSE == 0) {
        at += 1;
    }
    [at, at + 1]
        .iter()
        .any(|&k| verb(k) && (neg(k) || neg(k + 1)))
}

/// Where the last verb phrase coordinated before the trigger starts: after "and" or "but"
/// followed (an adverb at most between) by an inflected verb or an auxiliary. "Vucic denied
/// any involvement and accused Kurti": the denial is the first conjunct's, not the second's.
/// A bare verb after "and" ("refused to meet and talk") stays in the first one's scope; a
/// participle after a comma starts a conjunct of its own.
fn conjunct_start(tokens: &[Token], start: usize, trigger_end: usize) -> usize {
    let finite = |t: &Token| {
        t.kind == Kind::Word
            && (t.class & class::AUX != 0
                || (t.lower != t.lemma
                    && t.lower.ends_with(['d', 's'])
                    && t.class & class::CAP == 0))
    };
    (start..trigger_end.saturating_sub(1))
        .rev()
        .find(|&k| {
            let t = &tokens[k];
            let and = t.kind == Kind::Word && (t.lower == "and" || t.lower == "but");
            let mut next = k + 1;
            while tokens.get(next).is_some_and(|t| t.class & class::ADV != 0) {
                next += 1;
            }
            // "Armenia froze its participation, accusing Moscow of": a participle after a
            // comma opens a clause of its own.
            let participle = t.class & class::COMMA != 0
                && tokens.get(next).is_some_and(|t| {
                    t.kind == Kind::Word && t.lower.ends_with("ing") && t.lower != t.lemma
                });
            (participle || (and && tokens.get(next).is_some_and(finite))) && next < trigger_end
        })
        .map_or(0, |k| k + 1)
}

/// A hypothetical: a condition ("if", "unless") earlier in the clause, a modal or an aim
/// ("would", "offered to"; for a `meeting`, also "will") between the match's start (or three
/// tokens before) and the trigger, or a trigger in the infinitive ("a good time for A and B
/// to mend fences"), or a match that is a noun phrase followed by a modal ("a meeting
/// between A and B could take place only once …").
fn hypothetical(
    tokens: &[Token],
    start: usize,
    trigger_start: usize,
    end: usize,
    meeting: bool,
) -> bool {
    let modal_after = tokens.get(end).is_some_and(|t| {
        t.kind == Kind::Word
            && t.class & class::MODAL != 0
            && matches!(t.lower.as_str(), "could" | "would" | "might" | "may")
    });
    if modal_after {
        return true;
    }
    // "a possible summit between Biden and Putin", "the proposed talks": not held yet.
    if trigger_start > 0 && PROSPECTIVE.contains(&tokens[trigger_start - 1].lower.as_str()) {
        return true;
    }
    // "is negotiating its own security treaty with PNG", "discussed military aid to Kyiv": what
    // is still talked about is no deal or aid yet.
    let describes = |t: &Token| {
        t.is_pronoun_mention()
            || t.lower == "own"
            || t.class & (class::DET | class::NUM) != 0
            || (is_content(t) && t.triggers.is_empty())
    };
    let k = phrase_start(tokens, start.min(trigger_start), 4, describes);
    if k > 0 && TALKED_ABOUT.contains(&tokens[k - 1].lemma.as_str()) {
        return true;
    }
    let clause = clause_start(tokens, start);
    // "to meet" is an aim; "continued to back" a fact.
    if trigger_start > 0
        && tokens[trigger_start - 1].lower == "to"
        && infinitive_aims(tokens, clause, trigger_start)
    {
        return true;
    }
    // So is a deal an infinitive aims at: "efforts to broker a truce between A and B", "talks
    // to reach an accord between" (but "managed to broker", "helped to seal").
    if start == trigger_start {
        let k = phrase_start(tokens, trigger_start, 3, |t| {
            t.class & (class::DET | class::NUM) != 0
        });
        if k >= 2
            && tokens[k - 2].lower == "to"
            && AIMED_AT.contains(&tokens[k - 1].lemma.as_str())
            && infinitive_aims(tokens, clause, k - 1)
        {
            return true;
        }
    }
    if tokens[clause..trigger_start]
        .iter()
        .any(|t| t.class & class::COND != 0)
    {
        return true;
    }
    // "Kenya would continue to back Somalia": a modal before continuing states the fact
    // that goes on, not a wish.
    let continuing = |k: usize| {
        tokens
            .get(k + 1)
            .is_some_and(|n| ONGOING.contains(&n.lemma.as_str()))
            && tokens[k].lower == "would"
    };
    let from = start.saturating_sub(3).max(clause);
    (from..trigger_start).any(|k| {
        let t = &tokens[k];
        t.kind == Kind::Word
            && ((INTENTS.contains(&t.lemma.as_str()) && intent_verb(tokens, k))
                // "called for peace talks", "appealed for a ceasefire": a demand.
                || (matches!(t.lemma.as_str(), "call" | "appeal")
                    && tokens.get(k + 1).is_some_and(|n| n.lower == "for"))
                || (t.class & class::MODAL != 0
                    && (MODALS_OF_INTENT.contains(&t.lower.as_str())
                        || (meeting && MODALS_OF_PLAN.contains(&t.lower.as_str())))))
            && !continuing(k)
    })
}

/// Whether the intent lemma at `k` is a verb ("offered to mediate", "will press Xi", "urge
/// Israel to") rather than a noun ("signed the action plan", "rejected their demand"), which
/// states no aim of the clause's act.
fn intent_verb(tokens: &[Token], k: usize) -> bool {
    let t = &tokens[k];
    let before = k.checked_sub(1).map(|j| &tokens[j]);
    if before.is_some_and(|b| {
        b.class & (class::DET | class::NUM) != 0 || b.is_pronoun_mention() || b.possessive
    }) {
        return false;
    }
    let after = tokens.get(k + 1);
    t.lower != t.lemma
        || after.is_some_and(|n| n.lower == "to" || n.is_slot())
        || before.is_some_and(|b| b.class & (class::AUX | class::MODAL) != 0 || b.lower == "to")
}

/// A verb in its bare form right after a single mention ("the White House phone") is a noun:
/// one country, organisation or person takes "phones", "phoned" or an auxiliary.
fn bare_after_singular(tokens: &[Token], trigger: usize) -> bool {
    let t = &tokens[trigger];
    if trigger == 0 || t.kind != Kind::Word || t.lower != t.lemma || t.lower.contains(' ') {
        return false;
    }
    let before = &tokens[trigger - 1];
    let listed = trigger >= 3
        && tokens[trigger - 3..trigger - 1]
            .iter()
            .any(|x| x.class & class::CONJ != 0);
    before.is_slot() && !before.possessive && !listed && !t.lower.ends_with('s')
}

/// "former", "then-", "ex-" in the three tokens before the match or its trigger (an office
/// rule's `role` unless the rule captures a `trigger`), or inside the trigger ("X, a former
/// president of Y", whose trigger is the whole apposition).
fn former(tokens: &[Token], span: Range<usize>, trigger: &Range<usize>) -> bool {
    let start = span.start;
    // "Kuwait's emir, Sheikh Nawaf, died on Saturday": the holder's death is the news.
    // So is a holder giving it up: "Libya's outgoing Prime Minister Fayez al-Sarraj handed
    // power on Tuesday to Dbeibah".
    let died = tokens[span.end..]
        .iter()
        .position(|t| t.kind != Kind::Word || t.class & (class::COMMA | class::ADV) == 0)
        .is_some_and(|k| ends_holding(tokens, span.clone(), span.end + k));
    let is_former = |t: &Token| t.kind == Kind::Word && FORMER.contains(&t.lower.as_str());
    // A cue before the match is the match's only when no title stands between: in "Former
    // Prime Minister Khaleda Zia, the chairperson of the BNP" it is the other post's.
    // Nor when a relative clause starts between: "a former journalist who heads the party".
    let other_head = |r: Range<usize>| {
        tokens[r]
            .iter()
            .any(|t| matches!(t.kind, Kind::Title(..)) || t.class & class::REL != 0)
    };
    // "Nasrallah had led Hezbollah for 32 years": a pluperfect post is over.
    let pluperfect = tokens[..trigger.start]
        .iter()
        .rev()
        .find(|t| t.kind != Kind::Word || t.class & class::ADV == 0)
        .is_some_and(|t| t.kind == Kind::Word && t.lower == "had")
        && tokens.get(trigger.start).is_some_and(past_verb);
    // An office its holder lost in the act the sentence reports: "killed Hezbollah's leader,
    // Hassan Nasrallah", "soldiers toppled Nigerien President Mohamed Bazoum".
    let ended = ended_before(tokens[..start].iter().rev(), || {
        tokens[start..]
            .iter()
            .find(|t| matches!(t.kind, Kind::Slot(..)))
            .is_some_and(|t| t.possessive)
    });
    ended
        || died
        || pluperfect
        || [start, trigger.start].iter().any(|&at| {
            (at.saturating_sub(3)..at).any(|p| is_former(&tokens[p]) && !other_head(p + 1..at))
        })
        || tokens[trigger.clone()].iter().any(is_former)
}

/// Whether the word before a post (`before`: the tokens before it, nearest first; articles
/// skipped) ends it: one of [`ENDED`], or of [`DISMISSED`] unless its object is a possessive
/// ("dismissed President Biden's claims" leaves him in office).
pub(crate) fn ended_before<'t>(
    mut before: impl Iterator<Item = &'t Token>,
    possessive_object: impl FnOnce() -> bool,
) -> bool {
    let Some(t) = before.find(|t| t.kind != Kind::Word || t.class & class::DET == 0) else {
        return false;
    };
    t.kind == Kind::Word && ends_post(&t.lower, possessive_object)
}

/// Whether `word` (lower case, as written) before a post ends it (see [`ended_before`]).
pub(crate) fn ends_post(word: &str, possessive_object: impl FnOnce() -> bool) -> bool {
    ENDED.contains(&word) || DISMISSED.contains(&word) && !possessive_object()
}

/// Whether talks are counted in rounds or in the time they took ("the latest round of talks
/// with", "after 18 months of talks between"): a negotiation, not a meeting.
fn in_rounds(tokens: &[Token], trigger: &Range<usize>) -> bool {
    let talks = tokens[trigger.clone()]
        .iter()
        .any(|t| t.lemma == "talks" || t.lemma.ends_with(" talks"));
    let before = &tokens[trigger.start.saturating_sub(2)..trigger.start];
    talks
        && before
            .first()
            .is_some_and(|t| matches!(t.lemma.as_str(), "round" | "year" | "month" | "week"))
        && before.last().is_some_and(|t| t.lower == "of")
}

/// Whether a trigger is the verb "clash" (not the noun "clashes", which names fighting).
fn verbal_clash(trigger: &[Token]) -> bool {
    trigger
        .iter()
        .any(|t| matches!(t.lower.as_str(), "clashed" | "clashing" | "clash"))
}

/// Whether words before a clash name armed men: "troops loyal to Kiir clashed with forces
/// backing Machar" is fighting between the two, not a quarrel.
fn armed(before: &[Token]) -> bool {
    before
        .iter()
        .any(|t| t.kind == Kind::Word && force_lemmas!().split('|').any(|w| w == t.lemma))
}

/// Whether a trigger names winning a vote ("defeated", "beat"): between people it is an
/// election, not fighting.
fn electoral_defeat(trigger: &[Token]) -> bool {
    trigger
        .iter()
        .any(|t| matches!(t.lemma.as_str(), "defeat" | "beat" | "outpoll" | "trounce"))
}

/// Whether the word at `k`, after an office match `span`, ends the post: a death, or, right
/// after a title and name, giving it up ("resigned", "handed power", "handed over to"; not
/// "handed over the accession documents"). An apposition's post is not the one given up: "X,
/// chairman of the Awami League, resigned" may resign another.
fn ends_holding(tokens: &[Token], span: Range<usize>, k: usize) -> bool {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    if tokens[k].kind != Kind::Word {
        return false;
    }
    if DIED.contains(&word(k)) {
        return true;
    }
    let holder_last = span.end > 0
        && matches!(
            tokens[span.end - 1].kind,
            Kind::Slot(_, EntityType::Person, _)
        );
    holder_last
        && (RESIGNED.contains(&word(k))
            || matches!(word(k), "handed" | "hands")
                && (word(k + 1) == "power"
                    || word(k + 1) == "over" && matches!(word(k + 2), "to" | "power")))
}

/// Verbs (as written) after a holder's name that end their post.
const DIED: &[&str] = &["died", "dies", "passed away"];

/// Verbs (as written) right after a holder's title and name that give up the post.
const RESIGNED: &[&str] = &["resigned", "stepped down"];

/// Verbs (as written) that end their object's post when it is a person, not what the person
/// said or did.
const DISMISSED: &[&str] = &[
    "removed",
    "removing",
    "dismissed",
    "dismissing",
    "sacked",
    "sacking",
    "fired",
    "firing",
];

/// Verbs (as written) whose object loses their post or life: an office named right after
/// them is a former one.
const ENDED: &[&str] = &[
    "killed",
    "killing",
    "kills",
    "assassinated",
    "assassinating",
    "toppled",
    "toppling",
    "ousted",
    "ousting",
    "deposed",
    "deposing",
    "overthrew",
    "overthrown",
    "overthrowing",
    "unseated",
    "executed",
];

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
pub(crate) struct RunScratch {
    pub(crate) tokens: Vec<Token>,
    caps: Vec<usize>,
    bt: Scratch,
    /// Per sentence, each token's answers to every predicate, [`Preds::words`] words each.
    bits: Vec<u64>,
    /// The automaton's states and transitions so far.
    cache: Cache,
    /// Where `cache` came from and goes back to.
    pool: Option<Pool>,
    /// Per sentence, the predicates one of its tokens answers, and from them the rules that
    /// can match in it, by automaton number (a mask).
    any: Vec<u64>,
    active: Vec<u64>,
    /// Per sentence, each running rule's part at each position.
    trace: automaton::Trace,
    /// Per sentence, every (rule number, start) that matches, sorted.
    found: Vec<(u32, u32)>,
    /// Per sentence, the matching rules (index in the rules), with their range of `found`.
    groups: Vec<(u32, Range<usize>)>,
    /// Mediations whose parties the sentence does not name (attendances, memberships
    /// whose meeting or body it does not), waiting for `attach_frames`.
    pending: Vec<Pending>,
}

impl Drop for RunScratch {
    fn drop(&mut self) {
        if let Some(p) = self.pool.take() {
            p.put(std::mem::take(&mut self.cache));
        }
    }
}

/// A mediator found without its parties.
#[derive(Debug, Clone)]
struct Pending {
    /// A mediation waiting for its parties, an attendance for the meeting's, a membership
    /// for its body.
    kind: RelationType,
    /// The mediator, the one who attends, or the member.
    mediator: EntityRef,
    rule: usize,
    sentence: Range<usize>,
    trigger: Range<usize>,
    /// The trigger's coding lexicon entry.
    event: Option<u32>,
    /// Actors named after the trigger in its clause: a frame must have them all as parties.
    named: Vec<EntityRef>,
    /// The mediator is a person, who mediates between the heads of state or government of
    /// the frame as people; a country or a body between what they lead.
    person: bool,
    /// Every mediator of the same phrase ("sponsored by Moscow, Ankara and Tehran"): none of
    /// them is a party of the frame.
    co: Vec<EntityRef>,
    /// The event is new to the text ("held an emergency meeting hosted by Macron"): only its
    /// own sentence may name its parties.
    fresh: bool,
}

impl Pending {
    /// One waiting for the other side only: no names to check, no co-mediators.
    fn plain(
        kind: RelationType,
        mediator: EntityRef,
        rule: usize,
        sentence: &Range<usize>,
        trigger: &Range<usize>,
        event: Option<u32>,
    ) -> Pending {
        Pending {
            kind,
            mediator,
            rule,
            sentence: sentence.clone(),
            trigger: trigger.clone(),
            event,
            named: Vec::new(),
            person: false,
            co: Vec::new(),
            fresh: false,
        }
    }
}

/// Whether the noun at token `at` opens with an indefinite article ("an emergency meeting"),
/// a few describing words allowed between them.
fn indefinite(tokens: &[Token], at: usize) -> bool {
    let k = phrase_start(tokens, at, 3, is_content);
    k > 0 && matches!(tokens[k - 1].lower.as_str(), "a" | "an")
}

/// A content word: a plain word with no class beyond its shape (capitalised, "-ing").
fn is_content(t: &Token) -> bool {
    t.kind == Kind::Word && t.class & !class::SHAPE == 0
}

/// Where the words before token `at` that `describes` accepts begin, at most `reach` of them:
/// the start of the phrase that ends at `at` ("its own security" before "treaty").
fn phrase_start(
    tokens: &[Token],
    at: usize,
    reach: usize,
    describes: impl Fn(&Token) -> bool,
) -> usize {
    let mut k = at;
    while k > 0 && at - k < reach && describes(&tokens[k - 1]) {
        k -= 1;
    }
    k
}

/// How many sentences back a mediation looks for the event it refers to.
const FRAME_WINDOW: usize = 3;

/// Relation types that make an event frame two parties take part in, most specific first.
const FRAMES: [RelationType; 5] = [
    RelationType::AgreementWith,
    RelationType::NegotiatesWith,
    RelationType::InConflictWith,
    RelationType::TensionWith,
    RelationType::TalksWith,
];

impl TokenRules {
    /// The fewest mentions any rule needs.
    pub(crate) fn min_slots(&self) -> usize {
        self.rules
            .iter()
            .map(|r| r.min_slots)
            .min()
            .unwrap_or(usize::MAX)
    }

    /// Talks between one who attends a meeting and the meeting's parties: the meeting is
    /// the last one the text named in this sentence or the [`FRAME_WINDOW`] before it, that
    /// the attendee is no party to (its talks from one trigger: all its principals).
    fn attend<'a>(
        &'a self,
        out: &[super::Relation<'a>],
        starts: &[usize],
        p: &Pending,
        added: &mut Vec<super::Relation<'a>>,
    ) {
        let upto = starts.partition_point(|&s| s <= p.sentence.start);
        let window = &starts[upto.saturating_sub(FRAME_WINDOW + 1)..upto];
        let meeting = |r: &super::Relation| {
            matches!(
                r.kind,
                RelationType::TalksWith | RelationType::NegotiatesWith
            ) && r.rule != self.rules[p.rule].id
        };
        let frame = window.iter().rev().find_map(|&s| {
            let from = out.partition_point(|r| r.sentence.start < s);
            let here = &out[from..from + out[from..].partition_point(|r| r.sentence.start <= s)];
            let first = here.iter().find(|r| meeting(r))?;
            Some(
                here.iter()
                    .filter(|r| meeting(r) && r.trigger == first.trigger)
                    .collect::<Vec<_>>(),
            )
        });
        let Some(frame) = frame else { return };
        let mut parties: Vec<EntityRef> = frame.iter().flat_map(|r| r.args.clone()).collect();
        parties.sort();
        parties.dedup();
        if parties.contains(&p.mediator) {
            return;
        }
        added.extend(
            parties
                .into_iter()
                .map(|party| self.resolved(p, vec![p.mediator, party])),
        );
    }

    /// The relation a pending mediation or attendance gives with these arguments.
    fn resolved<'a>(&'a self, p: &Pending, args: Vec<EntityRef>) -> super::Relation<'a> {
        super::Relation {
            kind: p.kind,
            args,
            role: None,
            rule: &self.rules[p.rule].id,
            sentence: p.sentence.clone(),
            trigger: p.trigger.clone(),
            former: false,
            event: p.event.map(|i| &self.lexicon.entries()[i as usize]),
        }
    }

    /// Gives each pending mediation the parties of the event frame it refers to: the most
    /// specific two-party event (agreement, negotiation, conflict, tension, talks) in its own
    /// sentence, else in the nearest of the [`FRAME_WINDOW`] sentences with relations before
    /// it, whose parties do not include the mediator; and each pending attendance its meeting's
    /// parties ([`TokenRules::attend`]).
    pub(crate) fn attach_frames<'a>(
        &'a self,
        gaz: &Gazetteer,
        scratch: &mut RunScratch,
        out: &mut Vec<super::Relation<'a>>,
    ) {
        if scratch.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut scratch.pending);
        // Relations are in sentence order: the frames of a sentence are a run of `out`,
        // found by binary search (a scan of `out` per mediation made a large document
        // quadratic: 35 % of a 64 MB one's time).
        debug_assert!(out.is_sorted_by_key(|r| r.sentence.start));
        let run = |out: &[super::Relation], start: usize| {
            let from = out.partition_point(|r| r.sentence.start < start);
            from..from + out[from..].partition_point(|r| r.sentence.start <= start)
        };
        let mut starts: Vec<usize> = out.iter().map(|r| r.sentence.start).collect();
        starts.dedup();
        // A frame's parties that hold posts stand for what they lead: "Santos and the FARC
        // commander Londono signed … in talks hosted by Cuba" is Cuba between Colombia and the
        // FARC. Each person's first current post in the document.
        let mut leads: std::collections::HashMap<EntityRef, (EntityRef, bool)> =
            std::collections::HashMap::new();
        for r in out.iter() {
            if r.kind == RelationType::HoldsOffice && !r.former {
                let head = r.role.is_some_and(heads_state);
                leads.entry(r.args[0]).or_insert((r.args[1], head));
            }
        }
        // A person between heads of state or government mediates between them ("Prince
        // Mohammed, who hosted the meeting" of two presidents); between ministers or envoys,
        // between the countries they speak for.
        let lift = |e: EntityRef, person: bool| match leads.get(&e) {
            Some(&(owner, head)) if !(person && head) => owner,
            _ => e,
        };
        // The mediator's own side: the country a person leads or speaks for, or an
        // organisation's country ("the Trump administration" is no broker between the United
        // States and another).
        let own = |e: EntityRef| match e {
            EntityRef::Known(i) if gaz.entities()[i].entity_type() == EntityType::Org => gaz
                .entities()[i]
                .country
                .as_deref()
                .and_then(|c| gaz.index_of(c))
                .map(EntityRef::Known),
            _ => leads.get(&e).map(|&(owner, _)| owner),
        };
        let mut added = Vec::new();
        let (mut seen, mut body) = (0, None::<(EntityRef, usize)>);
        let mut bodies: std::collections::HashMap<EntityRef, usize> =
            std::collections::HashMap::new();
        for p in &pending {
            if p.kind == RelationType::TalksWith {
                self.attend(out, &starts, p, &mut added);
                continue;
            }
            if p.kind == RelationType::MemberOf {
                // The body the text has stated most memberships of up to this sentence, the
                // first of equals: what it is about ("the accession" of Timor-Leste to ASEAN,
                // not the WTO it also joined). One pass: the pending are in text order too.
                while seen < out.len() && out[seen].sentence.start <= p.sentence.start {
                    if out[seen].kind == RelationType::MemberOf {
                        let b = out[seen].args[1];
                        let n = bodies.entry(b).or_insert(0);
                        *n += 1;
                        if body.is_none_or(|(_, m)| *n > m) {
                            body = Some((b, *n));
                        }
                    }
                    seen += 1;
                }
                // (Not where its sentence names the body: "SADC, of which Mozambique is a
                // member".)
                let named = out[run(out, p.sentence.start)].iter().any(|r| {
                    r.kind == RelationType::MemberOf
                        && r.sentence == p.sentence
                        && r.args[0] == p.mediator
                });
                if let Some((b, _)) = body.filter(|&(b, _)| b != p.mediator && !named) {
                    added.push(self.resolved(p, vec![p.mediator, b]));
                }
                continue;
            }
            let side = own(p.mediator);
            // Its sentence already gave this mediator its parties.
            if out[run(out, p.sentence.start)].iter().any(|r| {
                r.kind == RelationType::MediatesBetween
                    && r.sentence == p.sentence
                    && r.args[0] == p.mediator
            }) {
                continue;
            }
            let upto = starts.partition_point(|&s| s <= p.sentence.start);
            let back = if p.fresh { 1 } else { FRAME_WINDOW };
            let window = &starts[upto.saturating_sub(back)..upto];
            // (Of the mediator's own side neither by name nor by what its people lead: "Anwar
            // met Hun Manet and Phumtham" is no frame for Malaysia, their talks are.)
            let pair = |r: &super::Relation| {
                if r.args.len() != 2
                    || r.args.contains(&p.mediator)
                    || r.args.iter().any(|x| p.co.contains(x))
                {
                    return None;
                }
                let (a, b) = (lift(r.args[0], p.person), lift(r.args[1], p.person));
                let apart = |x: EntityRef| x != p.mediator && !p.co.contains(&x) && Some(x) != side;
                (a != b && apart(a) && apart(b)).then_some((a, b))
            };
            let frame = window.iter().rev().find_map(|&s| {
                FRAMES.iter().find_map(|&kind| {
                    out[run(out, s)]
                        .iter()
                        .find(|r| r.sentence.start == s && r.kind == kind && pair(r).is_some())
                })
            });
            let Some(f) = frame else {
                continue;
            };
            // Every pair of the frame's match: "Egypt, Ethiopia and Sudan agreed … after talks
            // hosted by the United States" is a mediation between each two of the three. Not
            // of a meeting, where a host of several is no broker between each two.
            let pairs: Vec<(&super::Relation, (EntityRef, EntityRef))> = out
                [run(out, f.sentence.start)]
            .iter()
            .filter(|r| {
                r.kind == f.kind
                    && r.trigger == f.trigger
                    && r.rule == f.rule
                    && (f.kind != RelationType::TalksWith || std::ptr::eq(*r, f))
            })
            .filter_map(|r| pair(r).map(|ab| (r, ab)))
            .collect();
            let party = |e: &EntityRef| {
                pairs
                    .iter()
                    .any(|(r, (a, b))| r.args.contains(e) || e == a || e == b)
            };
            if !p.named.iter().all(party) {
                continue;
            }
            for (_, (a, b)) in pairs {
                added.push(self.resolved(p, vec![p.mediator, a, b]));
            }
        }
        if added.is_empty() {
            return;
        }
        // The document's mediations and talks, to leave out one it already has (a set: once
        // per document, where a scan per added one was quadratic).
        let mut known: std::collections::HashSet<(RelationType, Vec<EntityRef>)> = out
            .iter()
            .filter(|o| {
                matches!(
                    o.kind,
                    RelationType::MediatesBetween
                        | RelationType::TalksWith
                        | RelationType::MemberOf
                )
            })
            .map(|o| (o.kind, super::norm_args(o.kind, &o.args)))
            .collect();
        for r in added {
            if known.insert((r.kind, super::norm_args(r.kind, &r.args))) {
                out.push(r);
            }
        }
        // Back in text order; the sort is stable, so a sentence's relations keep theirs.
        out.sort_by_key(|r| r.sentence.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    /// Every sentence's tokens, as the relation stage reads them (without counted groups).
    fn views(p: &Pipeline, text: &str) -> Vec<Vec<Token>> {
        let a = p.analyze(text, None);
        let rules = p.rules().token_rules();
        let mut at = crate::relate::Cursor::default();
        let mut out = Vec::new();
        for s in &a.sentences {
            let mut items = Vec::new();
            crate::relate::sentence_items(p.gazetteer(), text, &a.resolved, s, &mut at, &mut items);
            let mut tokens = Vec::new();
            view::tokens(&rules.lexicon, text, s.clone(), &items, &mut tokens);
            out.push(tokens);
        }
        out
    }

    /// Checks the automaton against the backtracker alone (every predicate tested with
    /// `Pred::matches`, nothing pruned) on one sentence, for every rule and every start:
    /// the automaton names exactly the (rule, start) pairs where the backtracker matches,
    /// and its guided run there gives the same end and captures. Returns the matches.
    fn agree(rules: &TokenRules, tokens: &[Token], cache: &mut Cache) -> usize {
        let lex = &rules.lexicon;
        let n = tokens.len();
        let w = rules.preds.words().max(1);
        let mut bits = vec![0u64; n * w];
        for (t, b) in tokens.iter().zip(bits.chunks_exact_mut(w)) {
            rules.preds.eval(t, lex, b);
            for p in 0..rules.preds.words() as u32 * 64 {
                if (p as usize) < rules.preds.list_len() {
                    let bit = b[p as usize / 64] >> (p % 64) & 1 != 0;
                    assert_eq!(bit, rules.preds.get(p).matches(t, lex), "{t:?} {p}");
                }
            }
        }
        let clause = |p: usize| p == 0 || pattern::is_boundary(&tokens[p - 1]);
        let (mut trace, mut starts) = (automaton::Trace::default(), Vec::new());
        // Every rule, not only those whose trigger is present: the automaton must agree
        // with the backtracker on each.
        let all = vec![u64::MAX; rules.order.len().div_ceil(64)];
        cache.run(
            &rules.automaton,
            &bits,
            w,
            n,
            &all,
            clause,
            &mut trace,
            &mut starts,
        );
        let mut reference = |p: u32, pos: usize| match p {
            pattern::START => pattern::is_boundary(&tokens[pos]),
            p => rules.preds.get(p).matches(&tokens[pos], lex),
        };
        let mut fast = |p: u32, pos: usize| match p {
            pattern::START => pattern::is_boundary(&tokens[pos]),
            p => bits[pos * w + p as usize / 64] >> (p % 64) & 1 != 0,
        };
        let (mut scratch, mut matches) = (Scratch::default(), 0);
        for rule in &rules.rules {
            for start in 0..n {
                let mut old_caps = vec![usize::MAX; rule.names.len() * 2];
                let old = pattern::run(
                    &rules.prog,
                    &mut reference,
                    start..n,
                    rule.start..rule.end,
                    &mut old_caps,
                    &mut scratch,
                    |_, _| true,
                );
                let found = starts.contains(&(rule.nfa, start as u32));
                assert_eq!(
                    old.is_some(),
                    found,
                    "rule {} at {start} in {tokens:?}",
                    rule.id
                );
                if old.is_none() {
                    continue;
                }
                matches += 1;
                let mut caps = vec![usize::MAX; rule.names.len() * 2];
                let live =
                    |pc: u32, pos: usize| cache.live(&rules.automaton, &trace, pos, rule.nfa, pc);
                let new = pattern::run(
                    &rules.prog,
                    &mut fast,
                    start..n,
                    rule.start..rule.end,
                    &mut caps,
                    &mut scratch,
                    live,
                );
                assert_eq!(
                    (old, &old_caps),
                    (new, &caps),
                    "rule {} at {start}",
                    rule.id
                );
            }
        }
        matches
    }

    #[test]
    fn automaton_agrees_with_the_backtracker_on_rule_examples() {
        let p = Pipeline::builder().build().unwrap();
        let rules = p.rules().token_rules();
        let mut text = String::new();
        for r in rules.rules() {
            for e in &r.examples {
                text.push_str(&e.text);
                text.push('\n');
            }
            for c in &r.counterexamples {
                text.push_str(c);
                text.push('\n');
            }
        }
        let mut cache = Cache::default();
        let matches: usize = views(&p, &text)
            .iter()
            .map(|t| agree(rules, t, &mut cache))
            .sum();
        assert!(matches > 500, "only {matches} matches");
    }

    #[test]
    fn automaton_agrees_with_the_backtracker_on_random_sentences() {
        let p = Pipeline::builder().build().unwrap();
        let rules = p.rules().token_rules();
        // Words from the rules' examples (their triggers, function words and names), a few
        // names and marks of their own, in random orders.
        let mut vocab: Vec<String> = rules
            .rules()
            .iter()
            .flat_map(|r| r.examples.iter().map(|e| e.text.as_str()))
            .flat_map(str::split_whitespace)
            .map(|w| w.trim_end_matches('.').to_string())
            .filter(|w| !w.is_empty())
            .collect();
        vocab.sort();
        vocab.dedup();
        for w in [
            "Russia",
            "Ukraine",
            "Turkey",
            "Israel's",
            "Iranian",
            "Iran-backed",
            "NATO",
            "President",
            "Vladimir Putin",
            "and",
            ",",
            "the",
            "not",
            "which",
            ";",
            "(",
            ")",
            "between",
            "with",
            "as well as",
            "both",
            "former",
            "Qatar",
            "Hamas",
        ] {
            vocab.push(w.to_string());
        }
        // A fixed xorshift: the same sentences every run.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut cache = Cache::default();
        let (mut matches, mut sentences) = (0, 0);
        for _ in 0..300 {
            let len = 3 + next(30);
            let words: Vec<&str> = (0..len)
                .map(|_| vocab[next(vocab.len())].as_str())
                .collect();
            let text = words.join(" ");
            for t in views(&p, &text) {
                matches += agree(rules, &t, &mut cache);
                sentences += 1;
            }
        }
        assert!(
            sentences >= 300 && matches > 50,
            "{sentences} sentences, {matches} matches"
        );
    }
}
