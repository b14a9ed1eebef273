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

/// Where a form sends the member back to: `next` if it is a local path, else `fallback`,
/// with `key=value` added to its query (before any `#fragment`) to say what happened.
/// `value` must be URL-safe (an id, a `1`).
pub fn back_to(next: Option<&str>, fallback: &str, key: &str, value: &str) -> String {
    let target = next.and_then(local_path).unwrap_or(fallback);
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = format!("{path}{sep}{key}={value}");
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(fragment);
    }
    out
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
    use super::{back_to, local_path};

    #[test]
    fn back_to_adds_what_happened_before_the_fragment() {
        assert_eq!(
            back_to(Some("/me/matches"), "/x", "requested", "1"),
            "/me/matches?requested=1"
        );
        assert_eq!(
            back_to(Some("/ideas/a?tab=2#helpers"), "/x", "invited", "7"),
            "/ideas/a?tab=2&invited=7#helpers"
        );
        // Anything but a local path falls back.
        assert_eq!(back_to(Some("//evil.example"), "/me", "k", "1"), "/me?k=1");
        assert_eq!(
            back_to(None, "/profiles/p#invite", "invited", "1"),
            "/profiles/p?invited=1#invite"
        );
    }

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
