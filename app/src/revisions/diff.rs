//! Readable differences between two versions of a text, word by word (similar).

use super::{Change, DiffPart};
use similar::{ChangeTag, TextDiff};

/// `old` → `new` as runs of kept, removed and added text. Neighbouring words of the same
/// kind are joined, so a changed sentence reads as one removal and one addition.
pub fn words(old: &str, new: &str) -> Vec<DiffPart> {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Delete => Change::Removed,
            ChangeTag::Insert => Change::Added,
        };
        match parts.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                change: kind,
                text: change.value().to_owned(),
            }),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[DiffPart]) -> String {
        parts
            .iter()
            .map(|p| match p.change {
                Change::Same => p.text.clone(),
                Change::Removed => format!("[-{}]", p.text),
                Change::Added => format!("{{+{}}}", p.text),
            })
            .collect()
    }

    #[test]
    fn a_changed_word_shows_as_removed_and_added() {
        let parts = words("Benches for the old town", "Benches for the whole town");
        assert_eq!(render(&parts), "Benches for the [-old]{+whole} town");
    }

    #[test]
    fn equal_texts_are_one_kept_run() {
        let parts = words("same text\nhere", "same text\nhere");
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].change, Change::Same);
    }
}
