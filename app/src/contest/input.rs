//! Forms → valid values: a call from the admin's form, a submission's version from the
//! group's form. Every field error at once, in the page's language by `texts::invalid`.

use super::{CallForm, weight_field};
use crate::domain::contest::{MAX_EUROS, euros_input};
use crate::domain::jury::weight;
use crate::domain::{
    Answer, CallField, CallKind, CallText, CallTitle, Criterion, Description, FieldErrors,
    IdeaTitle, Invalid, Schedule, Teaser,
};

pub struct ValidCall {
    pub kind: CallKind,
    pub title_de: CallTitle,
    pub title_en: CallTitle,
    pub description_de: CallText,
    pub description_en: CallText,
    pub schedule: Schedule,
    pub max_amount_cents: i64,
    pub fields: Vec<CallField>,
    pub weights: Vec<(Criterion, u8)>,
}

impl ValidCall {
    /// The form's fields, and the criteria's weights as typed.
    pub fn parse(f: &CallForm, weights: [(Criterion, String); 4]) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let weights: Vec<(Criterion, u8)> = weights
            .into_iter()
            .filter_map(|(c, raw)| e.check(weight_field(c), weight(&raw)).map(|w| (c, w)))
            .collect();
        // The jury needs something to score.
        if e.is_empty() && weights.iter().all(|(_, w)| *w == 0) {
            e.check::<()>(weight_field(Criterion::CommonGood), Err(Invalid::Required));
        }
        let kind = e.check("kind", CallKind::parse(&f.kind));
        let title_de = e.check("title_de", CallTitle::parse(&f.title_de));
        let title_en = e.check("title_en", CallTitle::parse(&f.title_en));
        let description_de = e.check("description_de", CallText::parse(&f.description_de));
        let description_en = e.check("description_en", CallText::parse(&f.description_en));
        let schedule =
            match Schedule::parse(&f.opens_at, &f.closes_at, &f.jury_until, &f.results_at) {
                Ok(s) => Some(s),
                Err(errors) => {
                    e.0.extend(errors.0);
                    None
                }
            };
        let max = e.check("max_amount", euros_input(&f.max_amount, MAX_EUROS));
        match (
            kind,
            title_de,
            title_en,
            description_de,
            description_en,
            schedule,
            max,
        ) {
            (
                Some(kind),
                Some(title_de),
                Some(title_en),
                Some(dde),
                Some(den),
                Some(s),
                Some(m),
            ) if e.is_empty() => Ok(Self {
                kind,
                title_de,
                title_en,
                description_de: dde,
                description_en: den,
                schedule: s,
                max_amount_cents: m,
                fields: f.fields.clone(),
                weights,
            }),
            _ => Err(e),
        }
    }
}

/// A submission's form as posted: the answers to every question a call may ask (those
/// the call does not ask are ignored).
pub struct RawEntry {
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub answers: [(CallField, Option<String>); 8],
}

pub struct ValidEntry {
    pub title: IdeaTitle,
    pub teaser: Teaser,
    pub description: Description,
    /// By `CallField` key; a budget as whole euros (digits only).
    pub answers: serde_json::Map<String, serde_json::Value>,
}

impl RawEntry {
    /// Valid for a call that asks `fields` and awards at most `max_cents`.
    pub fn parse(self, fields: &[CallField], max_cents: i64) -> Result<ValidEntry, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.check("title", IdeaTitle::parse(&self.title));
        let teaser = e.check("teaser", Teaser::parse(&self.teaser));
        let description = e.check("description", Description::parse(&self.description));
        let mut answers = serde_json::Map::new();
        for (field, raw) in self.answers {
            if !fields.contains(&field) {
                continue;
            }
            let raw = raw.unwrap_or_default();
            let value = if field == CallField::Budget {
                // An empty budget is allowed while drafting; a number must fit the call.
                if raw.trim().is_empty() {
                    Some(String::new())
                } else {
                    e.check(field.key(), euros_input(&raw, max_cents / 100))
                        .map(|cents| (cents / 100).to_string())
                }
            } else {
                e.check(field.key(), Answer::parse(&raw))
                    .map(Answer::into_inner)
            };
            if let Some(v) = value {
                answers.insert(field.key().to_owned(), v.into());
            }
        }
        match (title, teaser, description) {
            (Some(title), Some(teaser), Some(description)) if e.is_empty() => Ok(ValidEntry {
                title,
                teaser,
                description,
                answers,
            }),
            _ => Err(e),
        }
    }
}
