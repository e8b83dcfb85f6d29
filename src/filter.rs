//! One graph filter for every output format: entity types, minimum edge weight, and the top
//! entities by degree. Applied to the [`Graph`] before any writer runs, so every format shows
//! the same graph.

use std::collections::{BTreeMap, BTreeSet};

use crate::gazetteer::EntityType;
use crate::graph::Graph;
use crate::text::Date;

/// A window of document dates (`--since`, `--until`), both ends included; a partial date
/// stands for its whole period ( `--until 2020-12` is up to 31 December), and a document dated
/// by month or year is in the window when its period overlaps it. With either end set, an
/// undated document is outside.
///
/// ```
/// use relgraph::{filter::DateWindow, Date};
/// let d = |s| Date::parse(s).ok();
/// let w = DateWindow { since: d("2020-12"), until: d("2021-01-15") };
/// assert!(w.contains(d("2020-12-01")) && w.contains(d("2021")) && w.contains(d("2021-01-15")));
/// assert!(!w.contains(d("2020-11-30")) && !w.contains(d("2021-01-16")) && !w.contains(None));
/// assert!(DateWindow::default().contains(None));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateWindow {
    /// First day kept.
    pub since: Option<Date>,
    /// Last day kept.
    pub until: Option<Date>,
}

/// Why a [`DateWindow`] cannot be made or applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WindowError {
    /// The window ends before it starts.
    #[error("--since {since} is after --until {until}: no document could be kept")]
    Empty {
        /// The first day asked for.
        since: Date,
        /// The last day asked for.
        until: Date,
    },
    /// The graph keeps no ledger ([`Graph::drop_ledger`]), so the dates of its documents,
    /// and which counts are theirs, are unknown.
    #[error(
        "the graph keeps no document ledger (it was made with --no-ledger), so the dates of \
         its documents are unknown and a date window cannot be applied to it; make it without \
         --no-ledger, or with --since/--until"
    )]
    NoLedger,
}

impl DateWindow {
    /// The window from `since` to `until` (both included), refused if it holds no day.
    ///
    /// ```
    /// use relgraph::{filter::DateWindow, Date};
    /// let d = |s| Date::parse(s).ok();
    /// assert!(DateWindow::new(d("2020-12"), d("2020-12")).is_ok());
    /// assert!(DateWindow::new(d("2021"), d("2020-12-31")).is_err());
    /// ```
    pub fn new(since: Option<Date>, until: Option<Date>) -> Result<DateWindow, WindowError> {
        if let (Some(s), Some(u)) = (since, until) {
            if s.first_day() > u.last_day() {
                return Err(WindowError::Empty { since: s, until: u });
            }
        }
        Ok(DateWindow { since, until })
    }

    /// Whether document result `doc` is kept, by its date (a date that does not parse is
    /// no date, as [`Graph::add`] reads it).
    pub fn keeps(&self, doc: &crate::DocResult) -> bool {
        self.is_open() || self.contains(doc.date.as_deref().and_then(|d| Date::parse(d).ok()))
    }

    /// Takes the documents outside the window out of `graph`, each by its date in the
    /// graph's ledger: their share of every count, their items in the capped lists, the
    /// edges and entities only they gave, and their months in the edges' timelines (which
    /// are rebuilt from the documents left). Returns how many were taken out.
    ///
    /// Counts and timelines are then those of the window exactly; a capped list keeps the
    /// items it held of the documents left, which may be fewer than a graph made of the
    /// window's documents alone holds (an item past a cap was never kept). A graph without
    /// a ledger is refused ([`WindowError::NoLedger`]) unless the window is open.
    ///
    /// ```
    /// use relgraph::{filter::DateWindow, Date, Document, Graph, Pipeline};
    /// let p = Pipeline::builder().build().unwrap();
    /// let mut g = Graph::new();
    /// for (id, date) in [("a", "2020-11-03"), ("b", "2020-12-22")] {
    ///     let doc = Document::new(id, "Turkey and Israel held talks.");
    ///     g.add(&p.process(&doc.with_date(Date::parse(date).ok())));
    /// }
    /// let december = DateWindow::new(Date::parse("2020-12").ok(), None).unwrap();
    /// assert_eq!(december.apply(&mut g), Ok(1));
    /// let edge = g.edges().next().unwrap();
    /// assert_eq!(edge.evidence_total, 1);
    /// assert_eq!(edge.timeline.as_ref().unwrap().first.to_string(), "2020-12-22");
    /// ```
    pub fn apply(&self, graph: &mut Graph) -> Result<usize, WindowError> {
        if self.is_open() {
            return Ok(0);
        }
        if !graph.keeps_ledger() {
            return Err(WindowError::NoLedger);
        }
        Ok(graph.retain_documents(|_, entry| self.contains(entry.date)))
    }

    /// Whether the window keeps everything (no end set).
    pub fn is_open(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether a document dated `date` is kept.
    pub fn contains(&self, date: Option<Date>) -> bool {
        if self.is_open() {
            return true;
        }
        let Some(d) = date else {
            return false;
        };
        self.since.is_none_or(|s| d.last_day() >= s.first_day())
            && self.until.is_none_or(|u| d.first_day() <= u.last_day())
    }

    /// `--since 2020-12 --until 2021-01`, as the provenance shows it.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.since {
            parts.push(format!("--since {s}"));
        }
        if let Some(u) = self.until {
            parts.push(format!("--until {u}"));
        }
        parts.join(" ")
    }
}

/// The first `n` entities of `ranked` that each have a relation (among `edges`) with
/// another one kept: walking down the ranking, an entity is kept once it is linked to one
/// kept already, or to ones met before it and not yet kept (the best-ranked of those first),
/// as long as the `n` allow; an entity linked to none of those waits for a later one.
fn top_linked<'g>(
    ranked: &[(&'g str, (usize, usize))],
    edges: &[&'g crate::graph::Edge],
    n: usize,
) -> BTreeSet<&'g str> {
    let rank: BTreeMap<&str, usize> = ranked.iter().enumerate().map(|(i, r)| (r.0, i)).collect();
    let mut partners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges {
        let (s, t) = (e.key.source(), e.key.target());
        if s != t && rank.contains_key(s) && rank.contains_key(t) {
            partners.entry(s).or_default().insert(t);
            partners.entry(t).or_default().insert(s);
        }
    }
    let mut kept: BTreeSet<&str> = BTreeSet::new();
    let mut waiting: BTreeSet<&str> = BTreeSet::new();
    for &(id, _) in ranked {
        if kept.len() >= n {
            break;
        }
        let mine = partners.get(id);
        let linked = mine.is_some_and(|p| p.iter().any(|x| kept.contains(x)));
        let mut waiting_partners: Vec<&str> = mine
            .map(|p| p.iter().copied().filter(|x| waiting.contains(x)).collect())
            .unwrap_or_default();
        waiting_partners.sort_by_key(|x| rank[x]);
        if linked || (!waiting_partners.is_empty() && kept.len() + 2 <= n) {
            kept.insert(id);
            for w in waiting_partners {
                if kept.len() >= n {
                    break;
                }
                kept.insert(w);
                waiting.remove(w);
            }
        } else {
            waiting.insert(id);
        }
    }
    kept
}

/// What to keep of a graph. The default keeps everything.
///
/// ```
/// use relgraph::{filter::GraphFilter, Document, Graph, Pipeline, EntityType};
/// let p = Pipeline::builder().build().unwrap();
/// let mut g = Graph::new();
/// g.add(&p.process(&Document::new("d", "Azeri President Ilham Aliyev met Turkish President Recep Tayyip Erdoğan.")));
/// let only_countries = GraphFilter { types: Some([EntityType::Country].into()), ..Default::default() };
/// let f = only_countries.apply(g);
/// assert!(f.nodes().all(|n| n.kind == EntityType::Country));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphFilter {
    /// Keep only entities of these types (and the relations between them).
    pub types: Option<BTreeSet<EntityType>>,
    /// Keep only relations with at least this many pieces of evidence; when above 1, entities
    /// left without any relation are dropped too.
    pub min_weight: usize,
    /// Keep only the N entities with the most relations (degree; ties by the total weight
    /// of their relations, then by id), after the filters above, and the relations among
    /// them; an entity of the N left without a relation among them is dropped too, so the
    /// result has no orphan.
    pub top: Option<usize>,
    /// Drop entities without any relation (after the filters above).
    pub drop_isolates: bool,
}

impl GraphFilter {
    /// Whether the filter keeps everything.
    pub fn is_identity(&self) -> bool {
        self.types.is_none() && self.min_weight <= 1 && self.top.is_none() && !self.drop_isolates
    }

    /// Whether entities of `kind` pass the type filter.
    pub fn keeps_type(&self, kind: EntityType) -> bool {
        self.types.as_ref().is_none_or(|t| t.contains(&kind))
    }

    /// A human-readable description (`types=PERSON,COUNTRY min-weight=2 top=10`), empty for
    /// the identity filter.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.types {
            let t: Vec<&str> = t.iter().map(|t| t.as_str()).collect();
            parts.push(format!("types={}", t.join(",")));
        }
        if self.min_weight > 1 {
            parts.push(format!("min-weight={}", self.min_weight));
        }
        if let Some(n) = self.top {
            parts.push(format!("top={n}"));
        }
        if self.drop_isolates {
            parts.push("drop-isolates".into());
        }
        parts.join(" ")
    }

    /// The filtered graph (documents and unresolved mentions are kept as they are). Filters
    /// in place: a graph can be most of a process's memory, and a copy would double it.
    pub fn apply(&self, mut graph: Graph) -> Graph {
        if self.is_identity() {
            return graph;
        }
        let keep = self.kept_nodes(&graph);
        graph.retain(
            |n| keep.contains(&n.id),
            |e| {
                e.evidence_total >= self.min_weight
                    && keep.contains(e.key.source())
                    && keep.contains(e.key.target())
            },
        );
        graph
    }

    /// Ids of the nodes the filter keeps, without changing the graph.
    pub fn kept_nodes(&self, graph: &Graph) -> BTreeSet<String> {
        let node_ok: BTreeSet<&str> = graph
            .nodes()
            .filter(|n| self.keeps_type(n.kind))
            .map(|n| n.id.as_str())
            .collect();
        let edges: Vec<_> = graph
            .edges()
            .filter(|e| {
                e.evidence_total >= self.min_weight
                    && node_ok.contains(e.key.source())
                    && node_ok.contains(e.key.target())
            })
            .collect();
        let mut keep: BTreeSet<&str> = if self.min_weight > 1 {
            edges
                .iter()
                .flat_map(|e| [e.key.source(), e.key.target()])
                .collect()
        } else {
            node_ok
        };
        if let Some(n) = self.top {
            // (relations, their total weight) per entity.
            let mut degree: BTreeMap<&str, (usize, usize)> =
                keep.iter().map(|id| (*id, (0, 0))).collect();
            for e in &edges {
                for (i, id) in [e.key.source(), e.key.target()].into_iter().enumerate() {
                    if i == 1 && id == e.key.source() {
                        continue;
                    }
                    let d = degree.entry(id).or_default();
                    d.0 += 1;
                    d.1 += e.evidence_total;
                }
            }
            let mut ranked: Vec<(&str, (usize, usize))> = degree.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            keep = top_linked(&ranked, &edges, n);
        }
        if self.top.is_some() || self.drop_isolates {
            // Only entities with a relation among those kept: none left an orphan.
            let linked: BTreeSet<&str> = edges
                .iter()
                .filter(|e| keep.contains(e.key.source()) && keep.contains(e.key.target()))
                .flat_map(|e| [e.key.source(), e.key.target()])
                .collect();
            keep.retain(|id| linked.contains(id));
        }
        keep.into_iter().map(String::from).collect()
    }
}
