//! Formats relgraph does not read, recognised by their first bytes (magic numbers) or, for a
//! file met in a folder scan, by its extension, so the user is told what the file is and how
//! to make text of it instead of "invalid UTF-8".

use std::path::Path;

use super::scan::extension;

/// A format that is refused by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// PDF (`%PDF-`).
    Pdf,
    /// Word 2007+ (a ZIP holding `word/`).
    Docx,
    /// OpenDocument text (a ZIP whose `mimetype` is `application/vnd.oasis.opendocument.*`).
    OpenDocument,
    /// Another Office Open XML file: Excel or PowerPoint.
    OfficeXml,
    /// Word 97-2003 and other legacy Office files (OLE compound file, `D0 CF 11 E0`).
    LegacyOffice,
    /// Rich Text Format (`{\rtf`).
    Rtf,
    /// PNG, JPEG, GIF or WebP.
    Image(&'static str),
    /// gzip, bzip2, xz or zstd.
    Compressed(&'static str),
    /// A ZIP archive that is none of the above.
    Zip,
    /// UTF-16 text (a UTF-16 byte-order mark).
    Utf16,
}

const OLE: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

impl Refused {
    /// The format `head` (the first bytes of an input, a few KiB) starts with, if it is one
    /// relgraph refuses. `path`'s extension tells apart what the bytes cannot (a ZIP without
    /// its telling entry in the head).
    pub fn by_magic(head: &[u8], path: Option<&Path>) -> Option<Refused> {
        let ext = path.and_then(extension);
        let ext = ext.as_deref();
        let kind = match head {
            [b'%', b'P', b'D', b'F', b'-', ..] => Refused::Pdf,
            [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => {
                if contains(head, b"application/vnd.oasis.opendocument") {
                    Refused::OpenDocument
                } else if contains(head, b"word/") {
                    Refused::Docx
                } else if contains(head, b"xl/") || contains(head, b"ppt/") {
                    Refused::OfficeXml
                } else {
                    match Refused::by_extension_name(ext) {
                        Some(k @ (Refused::Docx | Refused::OpenDocument | Refused::OfficeXml)) => k,
                        _ => Refused::Zip,
                    }
                }
            }
            _ if head.starts_with(OLE) => Refused::LegacyOffice,
            [b'{', b'\\', b'r', b't', b'f', ..] => Refused::Rtf,
            [0x89, b'P', b'N', b'G', ..] => Refused::Image("PNG"),
            [0xff, 0xd8, 0xff, ..] => Refused::Image("JPEG"),
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Refused::Image("GIF"),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
                Refused::Image("WebP")
            }
            [0x1f, 0x8b, ..] => Refused::Compressed("gzip"),
            [b'B', b'Z', b'h', ..] => Refused::Compressed("bzip2"),
            [0xfd, b'7', b'z', b'X', b'Z', 0, ..] => Refused::Compressed("xz"),
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Refused::Compressed("zstd"),
            [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => Refused::Utf16,
            _ => return None,
        };
        Some(kind)
    }

    /// The refused format `path`'s extension (any case) names, if any.
    pub fn by_extension(path: &Path) -> Option<Refused> {
        Refused::by_extension_name(extension(path).as_deref())
    }

    fn by_extension_name(ext: Option<&str>) -> Option<Refused> {
        Some(match ext? {
            "pdf" => Refused::Pdf,
            "docx" => Refused::Docx,
            "odt" | "ods" | "odp" => Refused::OpenDocument,
            "xlsx" | "pptx" => Refused::OfficeXml,
            "doc" | "xls" | "ppt" => Refused::LegacyOffice,
            "rtf" => Refused::Rtf,
            "png" => Refused::Image("PNG"),
            "jpg" | "jpeg" => Refused::Image("JPEG"),
            "gif" => Refused::Image("GIF"),
            "webp" => Refused::Image("WebP"),
            "gz" | "tgz" => Refused::Compressed("gzip"),
            "bz2" => Refused::Compressed("bzip2"),
            "xz" => Refused::Compressed("xz"),
            "zst" => Refused::Compressed("zstd"),
            "zip" => Refused::Zip,
            _ => return None,
        })
    }

    /// The format's name as users know it.
    pub fn name(self) -> &'static str {
        match self {
            Refused::Pdf => "PDF",
            Refused::Docx => "Word (DOCX)",
            Refused::OpenDocument => "OpenDocument",
            Refused::OfficeXml => "an Office (XLSX/PPTX) file",
            Refused::LegacyOffice => "Word (DOC) or another legacy Office file",
            Refused::Rtf => "RTF",
            Refused::Image(n) => n,
            Refused::Compressed(n) => n,
            Refused::Zip => "a ZIP archive",
            Refused::Utf16 => "UTF-16 text",
        }
    }

    /// The message for an input named `file`: what it is and how to make text of it, e.g.
    /// "PDF is not supported; convert it to text first, e.g. `pdftotext article.pdf`".
    pub fn message(self, file: &str) -> String {
        let convert = |how: String| {
            format!(
                "{} is not supported; convert it to text first, e.g. `{how}`",
                self.name()
            )
        };
        match self {
            Refused::Pdf => convert(format!("pdftotext {file}")),
            Refused::Docx | Refused::OpenDocument | Refused::Rtf => {
                convert(format!("pandoc -t plain {file}"))
            }
            Refused::OfficeXml | Refused::LegacyOffice => {
                convert(format!("libreoffice --headless --convert-to txt {file}"))
            }
            Refused::Image(n) => format!("{n} image: not text; skipped"),
            Refused::Compressed(n) => format!("{n}-compressed; decompress it first"),
            Refused::Zip => "a ZIP archive; decompress it first (`unzip`)".into(),
            Refused::Utf16 => {
                format!("UTF-16 text is not supported; convert it first, e.g. `iconv -f UTF-16 -t UTF-8 {file}`")
            }
        }
    }

    /// The reason in a folder scan's summary, where the files are counted by extension.
    pub fn short_reason(self) -> String {
        match self {
            Refused::Image(_) => "not text".into(),
            Refused::Compressed(_) | Refused::Zip => "an archive; decompress it first".into(),
            _ => self.message("FILE"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn magic(head: &[u8], name: &str) -> Option<Refused> {
        Refused::by_magic(head, Some(Path::new(name)))
    }

    #[test]
    fn formats_are_known_by_their_first_bytes_whatever_their_name() {
        assert_eq!(magic(b"%PDF-1.7\n%\xe2\xe3", "a.txt"), Some(Refused::Pdf));
        let docx =
            b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml...PK\x03\x04word/document.xml";
        assert_eq!(magic(docx, "a"), Some(Refused::Docx));
        let odt = b"PK\x03\x04\x14\0\0\0\0\0mimetypeapplication/vnd.oasis.opendocument.text";
        assert_eq!(magic(odt, "a.txt"), Some(Refused::OpenDocument));
        assert_eq!(magic(b"PK\x03\x04\x14\0", "a.docx"), Some(Refused::Docx));
        assert_eq!(magic(b"PK\x03\x04\x14\0", "a.zip"), Some(Refused::Zip));
        assert_eq!(magic(b"PK\x03\x04\x14\0", "a"), Some(Refused::Zip));
        assert_eq!(
            magic(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", "a.doc"),
            Some(Refused::LegacyOffice)
        );
        assert_eq!(magic(b"{\\rtf1\\ansi", "a"), Some(Refused::Rtf));
        assert_eq!(
            magic(b"\x89PNG\r\n\x1a\n", "a"),
            Some(Refused::Image("PNG"))
        );
        assert_eq!(
            magic(b"\xff\xd8\xff\xe0", "a"),
            Some(Refused::Image("JPEG"))
        );
        assert_eq!(magic(b"GIF89a", "a"), Some(Refused::Image("GIF")));
        assert_eq!(
            magic(b"RIFF\x10\0\0\0WEBPVP8 ", "a"),
            Some(Refused::Image("WebP"))
        );
        assert_eq!(
            magic(b"\x1f\x8b\x08\0", "a.txt"),
            Some(Refused::Compressed("gzip"))
        );
        assert_eq!(magic(b"\xff\xfeh\0i\0", "a.txt"), Some(Refused::Utf16));
    }

    #[test]
    fn text_json_and_html_are_not_refused() {
        for head in [
            &b"Turkey and Israel met."[..],
            b"{\"id\":\"a\",\"text\":\"x\"}",
            b"<!DOCTYPE html><html>",
            b"\xef\xbb\xbfPublished Dec 22, 2020",
            b"",
            b"PK",
            b"%PDF",
        ] {
            assert_eq!(magic(head, "a.pdf"), None, "{head:?}");
        }
    }

    #[test]
    fn messages_name_the_format_and_the_way_out() {
        assert_eq!(
            Refused::Pdf.message("article.pdf"),
            "PDF is not supported; convert it to text first, e.g. `pdftotext article.pdf`"
        );
        assert!(Refused::Docx
            .message("a.docx")
            .starts_with("Word (DOCX) is not supported"));
        assert!(Refused::Docx.message("a.docx").contains("pandoc -t plain"));
        assert!(Refused::OpenDocument
            .message("a.odt")
            .contains("pandoc -t plain"));
        assert!(Refused::Compressed("gzip")
            .message("a.gz")
            .contains("decompress it first"));
        assert_eq!(
            Refused::by_extension(Path::new("A.PDF")),
            Some(Refused::Pdf)
        );
        assert_eq!(Refused::by_extension(Path::new("a.txt")), None);
    }
}
