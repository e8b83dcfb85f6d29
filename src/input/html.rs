//! An HTML page as the text a reader sees, and what its markup says about it (title, date,
//! address, publisher).
//!
//! Parsed by `scraper` (html5ever, the HTML5 parsing algorithm browsers use): any bytes give a
//! tree, so invalid markup is read the way a browser would read it and never fails. The text is
//! what is visible: scripts, styles, templates, forms, embedded frames and graphics, navigation,
//! asides and the page's header and footer are dropped (a `<header>` inside an `<article>` is
//! the story's own and kept); block elements (paragraphs, headings, list items, table cells,
//! `<div>`s…) end a paragraph, so sentences from two blocks never run together, and `<br>` ends
//! a line; whitespace runs are one space; entities are decoded. Offsets of evidence are into
//! this text.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use crate::text::Date;

/// The text and metadata of an HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The visible text, paragraphs separated by a blank line.
    pub text: String,
    /// `<title>`.
    pub title: Option<String>,
    /// The publication date the markup gives (`article:published_time`, `datePublished`,
    /// `<meta name="date">`, a `<time datetime>` in the article, …).
    pub date: Option<Date>,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
    /// `og:site_name`.
    pub source: Option<String>,
}

/// Elements whose content is never shown as the story's text.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "aside", "form", "svg", "iframe",
    "button", "select", "canvas", "object", "embed", "math", "audio", "video",
];

/// Elements that end a paragraph before and after them.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Deepest nesting of elements read. The HTML5 tree builder checks the open elements for
/// every tag, so its time grows with the nesting depth times the number of tags: 100 000
/// nested `<div>`s (500 KB) took 40 s. News pages nest a few dozen deep.
pub const MAX_DEPTH: usize = 1024;

/// Reads a page; the error is for a page nested deeper than [`MAX_DEPTH`].
pub fn read(source: &str) -> Result<Page, String> {
    let depth = nesting(source);
    if depth > MAX_DEPTH {
        return Err(format!(
            "HTML nested {depth} elements deep (more than {MAX_DEPTH}); skipped"
        ));
    }
    let html = Html::parse_document(source);
    let mut page = Page {
        text: visible_text(&html),
        ..Page::default()
    };
    metadata(&html, &mut page);
    Ok(page)
}

/// Elements without content or whose end tag may be left out: never counted as nesting.
const UNNESTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "rt", "rp", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is raw text: a `<` in them opens no tag.
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed",
];

/// How deep the page's tags nest, counted in one pass over the source (start tags minus end
/// tags, comments and raw text skipped): a bound the tree builder's depth does not exceed
/// by much for pages that close their elements.
fn nesting(source: &str) -> usize {
    let b = source.as_bytes();
    let find = |from: usize, needle: &[u8]| {
        b[from.min(b.len())..]
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
            .map(|i| from + i)
    };
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(lt) = b[i..].iter().position(|&c| c == b'<').map(|p| i + p) {
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = find(i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let close = b.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        let name = source[start..start + len].to_ascii_lowercase();
        let end = b[start..]
            .iter()
            .position(|&c| c == b'>')
            .map(|p| start + p);
        let self_closing = end.is_some_and(|e| b[e - 1] == b'/');
        i = end.map_or(b.len(), |e| e + 1);
        if close {
            if !UNNESTED.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW.contains(&name.as_str()) {
            let closing = format!("</{name}");
            i = find(i, closing.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if !self_closing && !UNNESTED.contains(&name.as_str()) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// What separates the next word from the last one written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Line,
    Paragraph,
}

/// Text written word by word, with the widest gap asked for since the last word.
struct Writer {
    text: String,
    gap: Gap,
}

impl Writer {
    fn gap(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    fn text(&mut self, s: &str) {
        if s.starts_with(char::is_whitespace) {
            self.gap(Gap::Space);
        }
        for word in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            if !self.text.is_empty() {
                self.text.push_str(match self.gap {
                    Gap::None => "",
                    Gap::Space => " ",
                    Gap::Line => "\n",
                    Gap::Paragraph => "\n\n",
                });
            }
            self.text.push_str(word);
            self.gap = Gap::Space;
        }
        if !s.ends_with(char::is_whitespace) {
            self.gap = Gap::None;
        }
    }
}

/// Whether the element is never shown: dropped by name, `hidden`, `aria-hidden="true"`, or a
/// page header or footer (outside any `<article>`; an article's own `<header>` is kept).
fn dropped(el: ElementRef<'_>, in_article: bool) -> bool {
    let v = el.value();
    let name = v.name();
    DROPPED.contains(&name)
        || v.attr("hidden").is_some()
        || v.attr("aria-hidden")
            .is_some_and(|a| a.eq_ignore_ascii_case("true"))
        || (name == "header" && !in_article)
        || name == "footer"
}

/// The visible text, walked without recursion (any nesting depth).
fn visible_text(html: &Html) -> String {
    let mut out = Writer {
        text: String::new(),
        gap: Gap::None,
    };
    // The element being skipped, until it closes.
    let mut skipping = None;
    let mut articles = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.text(t),
                    Node::Element(e) => {
                        let el = ElementRef::wrap(node).expect("an element");
                        if dropped(el, articles > 0) {
                            skipping = Some(node.id());
                            continue;
                        }
                        match e.name() {
                            "br" => out.gap(Gap::Line),
                            "article" => articles += 1,
                            _ => {}
                        }
                        if BLOCKS.contains(&e.name()) {
                            out.gap(Gap::Paragraph);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if e.name() == "article" {
                        articles -= 1;
                    }
                    if BLOCKS.contains(&e.name()) {
                        out.gap(Gap::Paragraph);
                    }
                }
            }
        }
    }
    out.text
}

/// Whitespace runs as one space, trimmed; `None` when nothing is left.
fn collapse(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// A date as pages write it: `YYYY[-MM[-DD]]` with an optional time (RFC 3339), or with `/`.
fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    Date::parse(s)
        .or_else(|_| Date::parse(&s.replace('/', "-")))
        .ok()
}

/// How much a date source is trusted: lower is better.
fn date_rank(key: &str) -> Option<u8> {
    Some(match key {
        "article:published_time" => 0,
        "datepublished" => 1,
        "og:published_time" | "article.published" | "published_time" => 2,
        "date" | "pubdate" | "publishdate" | "publish-date" | "publication_date" => 3,
        "dc.date.issued" | "dcterms.issued" | "dc.date" | "dcterms.date" | "dcterms.created" => 4,
        "sailthru.date" | "parsely-pub-date" | "citation_publication_date" => 5,
        _ => return None,
    })
}

/// Rank of a `<time datetime>` in the article (below every `<meta>`).
const TIME_RANK: u8 = 6;

/// Title, date, address and publisher from the page's markup.
fn metadata(html: &Html, page: &mut Page) {
    let mut best: Option<(u8, Date)> = None;
    let mut offer = |rank: u8, value: Option<&str>| {
        if best.is_some_and(|(r, _)| r <= rank) {
            return;
        }
        if let Some(d) = value.and_then(parse_date) {
            best = Some((rank, d));
        }
    };
    let mut og_url = None;
    for node in html.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let v = el.value();
        match v.name() {
            "title" if page.title.is_none() => {
                page.title = collapse(&el.text().collect::<String>());
            }
            "meta" => {
                let content = v.attr("content");
                for key in ["property", "name", "itemprop"] {
                    let Some(k) = v.attr(key) else { continue };
                    let k = k.trim().to_ascii_lowercase();
                    match k.as_str() {
                        "og:url" if og_url.is_none() => og_url = content.and_then(collapse),
                        "og:site_name" if page.source.is_none() => {
                            page.source = content.and_then(collapse)
                        }
                        _ => {
                            if let Some(rank) = date_rank(&k) {
                                offer(rank, content);
                            }
                        }
                    }
                }
            }
            "link" if page.url.is_none() => {
                let canonical = v.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    page.url = v.attr("href").and_then(collapse);
                }
            }
            "time" => {
                let published = v
                    .attr("itemprop")
                    .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"));
                let in_article = el
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| a.value().name() == "article");
                if published {
                    offer(1, v.attr("datetime"));
                } else if in_article || v.attr("pubdate").is_some() {
                    offer(TIME_RANK, v.attr("datetime"));
                }
            }
            _ => {}
        }
    }
    page.url = page.url.take().or(og_url);
    page.date = best.map(|(_, d)| d);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(source: &str) -> Page {
        read(source).unwrap()
    }

    #[test]
    fn nesting_counts_elements_that_stay_open() {
        assert_eq!(nesting("<div><div><p>a<p>b<br><img src=x/></div></div>"), 2);
        assert_eq!(
            nesting("<script>if (a<b) { '<div><div>' }</script><div>"),
            1
        );
        assert_eq!(nesting("<!-- <div><div> --><div/><span>x</span>"), 1);
        assert_eq!(nesting("a < b and <"), 0);
    }

    #[test]
    fn scripts_styles_and_page_chrome_are_dropped() {
        let page = parsed(
            "<html><head><title>T</title><style>p { color: red }</style>\
             <script>var x = 'Russia invaded';</script></head><body>\
             <header>Site menu</header><nav>Home | World</nav>\
             <article><header><h1>Egypt brokers a truce</h1></header>\
             <p>Egypt brokered a truce.</p><aside>Related: other story</aside>\
             <noscript>Enable JS</noscript><template>hidden</template>\
             <form>Subscribe <input></form><svg><text>chart</text></svg>\
             <p hidden>secret</p><div aria-hidden=\"true\">icon</div></article>\
             <footer>Copyright</footer><script>track()</script></body></html>",
        );
        assert_eq!(
            page.text,
            "Egypt brokers a truce\n\nEgypt brokered a truce."
        );
    }

    #[test]
    fn blocks_break_paragraphs_and_inline_elements_do_not() {
        let page = parsed(
            "<p>Turkey <b>backed</b> Azer<i>baijan</i>.</p><p>Qatar mediated</p>\
             <div>Talks<br>resumed</div><ul><li>one</li><li>two</li></ul>\
             <table><tr><td>Egypt</td><td>Israel</td></tr></table>",
        );
        assert_eq!(
            page.text,
            "Turkey backed Azerbaijan.\n\nQatar mediated\n\nTalks\nresumed\n\none\n\ntwo\n\nEgypt\n\nIsrael"
        );
    }

    #[test]
    fn whitespace_collapses_and_entities_decode() {
        let page =
            parsed("<p>  Tom &amp; Jerry\n\n  met&nbsp;in   Caf&eacute; &#8220;Z&#x201D; </p>");
        assert_eq!(page.text, "Tom & Jerry met in Café “Z”");
    }

    #[test]
    fn title_date_url_and_site_come_from_the_markup() {
        let page = parsed(
            "<html><head><title>\n  Truce agreed | Wire\n</title>\
             <meta property=\"article:modified_time\" content=\"2021-01-05\">\
             <meta name=\"date\" content=\"2020-12-21\">\
             <meta property=\"article:published_time\" content=\"2020-12-22T10:00:00Z\">\
             <meta property=\"og:url\" content=\"https://og.example/a\">\
             <link rel=\"alternate canonical\" href=\"https://wire.example/a\">\
             <meta property=\"og:site_name\" content=\"Wire\"></head><body>x</body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("Truce agreed | Wire"));
        assert_eq!(
            page.date.map(|d| d.to_string()).as_deref(),
            Some("2020-12-22")
        );
        assert_eq!(page.url.as_deref(), Some("https://wire.example/a"));
        assert_eq!(page.source.as_deref(), Some("Wire"));
    }

    #[test]
    fn a_time_in_the_article_dates_a_page_without_meta_dates() {
        let page = parsed(
            "<meta property=\"og:url\" content=\"https://og.example/a\">\
             <time datetime=\"2019-01-01\">site launch</time>\
             <article><time datetime=\"2020/12/22\">Dec 22</time><p>x</p></article>",
        );
        assert_eq!(
            page.date.map(|d| d.to_string()).as_deref(),
            Some("2020-12-22")
        );
        assert_eq!(page.url.as_deref(), Some("https://og.example/a"));
        let page = parsed("<meta name=\"date\" content=\"yesterday\"><p>x</p>");
        assert_eq!(page.date, None, "a date that is no date is ignored");
        let page = parsed("<meta itemprop=\"datePublished\" content=\"2020-12\"><p>x</p>");
        assert_eq!(page.date.map(|d| d.to_string()).as_deref(), Some("2020-12"));
    }

    #[test]
    fn invalid_markup_and_deep_nesting_never_fail() {
        for s in [
            "",
            "<",
            "<p>unclosed <b>bold <i>both</p> after</b>",
            "</div></div><p>x",
            "<script>never closed",
            "<!-- comment",
            "<title>a</title><title>b</title>",
            "\u{0}<p>\u{0}</p>",
            "<div/><div/><p><p><p><li><li><img><br></div></div></div>",
        ] {
            read(s).unwrap();
        }
        let deep = "<div>".repeat(MAX_DEPTH) + "deep" + &"</div>".repeat(MAX_DEPTH);
        assert_eq!(read(&deep).unwrap().text, "deep");
        let deeper = "<div><b>".repeat(100_000) + "deep";
        let e = read(&deeper).unwrap_err();
        assert!(e.contains("nested 200000 elements deep"), "{e}");
        assert_eq!(
            parsed("<p>unclosed <b>bold <i>both</p> after</b>").text,
            "unclosed bold both\n\nafter"
        );
    }
}
