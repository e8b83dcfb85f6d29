//! The gazetteer parser on arbitrary files: an error or a gazetteer, never a panic; whatever
//! loads must also build a matcher.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relgraph::Gazetteer;
use relgraph::__private::Matcher;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(g) = Gazetteer::builder().defaults(false).add_str("fuzz.tsv", text).build() {
        let m = Matcher::new(&g).expect("a loaded gazetteer builds a matcher");
        let _ = m.find(text);
    }
});
