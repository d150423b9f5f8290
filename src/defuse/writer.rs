//! A stream that defuses what passes through it, for output where nearly every line may
//! carry outside text (`warroom runbook run`, `warroom runbook plan|lint`).

use std::io::{self, Write};

use super::text;

/// Writes everything as [`text`] would show it: a line break stays, every other control,
/// C1, bidi or line-separator character becomes a visible escape. Bytes that are not UTF-8
/// show as `\xNN`; a character cut between two writes waits for its end.
pub struct Writer<W: Write> {
    inner: W,
    /// The start of a character whose end has not been written yet (at most 3 bytes).
    pending: Vec<u8>,
}

impl<W: Write> Writer<W> {
    pub fn new(inner: W) -> Self {
        Writer {
            inner,
            pending: Vec::new(),
        }
    }

    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut out = String::with_capacity(bytes.len() + 8);
        let mut rest = bytes.as_slice();
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    out.push_str(&text(valid));
                    rest = &[];
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    if let Ok(valid) = std::str::from_utf8(valid) {
                        out.push_str(&text(valid));
                    }
                    match e.error_len() {
                        Some(bad) => {
                            use std::fmt::Write as _;
                            for byte in &after[..bad] {
                                let _ = write!(out, "\\x{byte:02x}");
                            }
                            rest = &after[bad..];
                        }
                        None => {
                            self.pending = after.to_vec();
                            rest = &[];
                        }
                    }
                }
            }
        }
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn through(chunks: &[&[u8]]) -> String {
        let mut w = Writer::new(Vec::new());
        for chunk in chunks {
            w.write_all(chunk).unwrap();
        }
        w.flush().unwrap();
        String::from_utf8(w.into_inner()).unwrap()
    }

    #[test]
    fn escapes_reach_the_stream_visible() {
        assert_eq!(
            through(&[
                b"out: \x1b]52;c;aGk=\x07\n",
                b"\x1b[2Jrm -rf / # \recho ok\n"
            ]),
            "out: \\x1b]52;c;aGk=\\x07\n\\x1b[2Jrm -rf / # \\recho ok\n"
        );
    }

    #[test]
    fn raw_eight_bit_controls_and_bad_bytes_show_as_bytes() {
        assert_eq!(through(&[b"a\x9b2Jb\xff"]), "a\\x9b2Jb\\xff");
    }

    #[test]
    fn a_character_cut_between_writes_is_kept_whole() {
        let rlo = "\u{202e}".as_bytes();
        assert_eq!(through(&[&rlo[..1], &rlo[1..2], &rlo[2..]]), "\\u{202e}");
        assert_eq!(
            through(&["é".as_bytes()[..1].as_ref(), "é".as_bytes()[1..].as_ref()]),
            "é"
        );
    }

    proptest! {
        #[test]
        fn any_chunking_gives_what_the_defuser_gives(
            s in prop::collection::vec(any::<char>(), 0..48).prop_map(|cs| cs.into_iter().collect::<String>()),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
        ) {
            let bytes = s.as_bytes();
            let mut at: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
            at.sort_unstable();
            let mut chunks = Vec::new();
            let mut from = 0;
            for to in at {
                chunks.push(&bytes[from..to]);
                from = to;
            }
            chunks.push(&bytes[from..]);
            prop_assert_eq!(through(&chunks), text(&s).into_owned());
        }
    }
}
