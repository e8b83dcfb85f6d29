//! The JSON Lines reader on arbitrary bytes (invalid UTF-8, overlong lines, broken JSON): every
//! record is a document or an error naming its line, never a panic; with `lossy` too.
#![no_main]

use std::io::Cursor;
use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use relgraph::__private::{from_reader, InputFormat, ReadOptions};

fuzz_target!(|data: &[u8]| {
    for lossy in [false, true] {
        let options = ReadOptions {
            format: InputFormat::Jsonl,
            lossy,
            max_document_bytes: 1024,
            ..ReadOptions::default()
        };
        let reader = Box::new(Cursor::new(data.to_vec()));
        let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
        for d in from_reader(PathBuf::from("fuzz.jsonl"), reader, &options) {
            match d {
                // The limit counts input bytes; lossy decoding turns each invalid byte into a
                // 3-byte U+FFFD, so a decoded text may be up to three times as long.
                Ok(doc) => assert!(doc.text.len() <= if lossy { 3 * 1024 } else { 1024 }),
                Err(e) => {
                    if let relgraph::Error::Input { line: Some(l), .. } = e {
                        assert!(l >= 1 && l <= lines, "line {l} of {lines}");
                    }
                }
            }
        }
    }
});
