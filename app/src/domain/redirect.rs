//! Where a browser may be sent after logging in: only a path on this site.

/// Longest `next` path followed; anything longer is not a link people click.
const MAX_LEN: usize = 512;

/// Returns `raw` if it is a same-site path that every browser reads the same way, else
/// `None`. Browsers strip tabs and line breaks from a `Location`, treat `\` as `/` and
/// decode `%2F` in places, so `/\t/evil.example` or `/%5Cevil.example` would leave the
/// site: only printable ASCII is accepted, and neither the raw nor the percent-decoded
/// value may start with two slashes (in any spelling) or contain a backslash.
pub fn local_path(raw: &str) -> Option<&str> {
    if raw.len() > MAX_LEN || !raw.starts_with('/') {
        return None;
    }
    // Printable ASCII only: no whitespace, control characters or look-alike slashes.
    if !raw.bytes().all(|b| b.is_ascii_graphic()) || raw.contains('\\') || raw.starts_with("//") {
        return None;
    }
    let decoded = percent_decode(raw);
    if decoded.contains(&b'\\')
        || decoded.starts_with(b"//")
        || decoded.iter().any(u8::is_ascii_control)
    {
        return None;
    }
    Some(raw)
}

/// Decodes `%XX` escapes once (invalid escapes are kept as they are).
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn same_site_paths_are_kept() {
        for ok in [
            "/",
            "/me",
            "/ideas/67e55044-10b1-426f-9247-bb680e5fe0c8/edit",
            "/ideas?topic=open-data&page=2",
            "/profiles/x#ideas",
            "/ideas?q=%C3%BC",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok:?}");
        }
    }

    #[test]
    fn hostile_values_are_refused() {
        let long = format!("/{}", "a".repeat(600));
        for bad in [
            "",
            "me",
            "https://evil.example",
            "javascript:alert(1)",
            "//evil.example",
            "/\t/evil.example",
            "/\r/evil.example",
            "/\n/evil.example",
            "/\u{0}/evil.example",
            " /me",
            "/ /evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "%2F%2Fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%09/evil.example",
            "/%0A",
            "/%0d%0aSet-Cookie:x=1",
            "/\u{2215}evil.example",
            "/\u{ff0f}evil.example",
            "/\u{2044}evil.example",
            "/caf\u{e9}",
            long.as_str(),
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
