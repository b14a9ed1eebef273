//! Ideas: drafts only their author sees, published ideas whose title and teaser are public
//! and whose full description is for members.

// Form server functions take one argument per form field (ActionForm posts them flat,
// with and without JavaScript); the `server` macro's generated code needs the allow here.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
pub(crate) mod db;
pub mod labels;
mod pages;

pub use pages::{DeleteIdeaPage, EditIdeaPage, MarketPage, MyIdeasPage, NewIdeaPage};

use crate::domain::{ContentLanguage, IdeaStatus, Maturity, OrganisationType, Tag};
use crate::error::AppError;
use crate::shared::IdeaCard;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u64 = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketData {
    pub ideas: Vec<IdeaCard>,
    pub page: u64,
    pub pages: u64,
    /// Matches found; with `more`, only the first `search::ranked::WINDOW` were ranked.
    pub total: u64,
    pub more: bool,
    pub topic: Option<Tag>,
    /// What the market was narrowed by, as understood (unknown values dropped).
    pub filter: MarketFilter,
}

/// What the market is narrowed to: the search words and filters of `/ideas?…`. Read
/// leniently from a URL: a value that is not one of the choices is ignored, so a shared
/// or hand-made link still shows ideas rather than an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketFilter {
    pub q: Option<String>,
    pub topic: Option<String>,
    pub language: Option<ContentLanguage>,
    pub maturity: Option<Maturity>,
    pub organisation_type: Option<OrganisationType>,
    pub region: Option<String>,
    /// Only ideas whose authors are open to partners.
    pub partners: bool,
}

impl MarketFilter {
    /// Longer search texts are cut (only the first words count anyway).
    pub const MAX_TEXT: usize = 200;
    /// The URL parameters the market reads.
    pub const KEYS: &'static [&'static str] = &[
        "q", "topic", "lang", "maturity", "org", "region", "partners",
    ];

    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| {
            get(key)
                .map(|v| v.trim().chars().take(Self::MAX_TEXT).collect::<String>())
                .filter(|v| !v.is_empty())
        };
        Self {
            q: text("q"),
            topic: text("topic"),
            language: text("lang").and_then(|v| ContentLanguage::parse(&v).ok()),
            maturity: text("maturity").and_then(|v| Maturity::parse(&v).ok()),
            organisation_type: text("org").and_then(|v| OrganisationType::parse(&v).ok()),
            region: text("region"),
            partners: text("partners").is_some_and(|v| v != "0" && v != "false"),
        }
    }

    /// Whether anything narrows the market.
    pub fn is_narrowed(&self) -> bool {
        *self != Self::default()
    }

    /// The link to one page of this market; every filter is kept.
    pub fn href(&self, page: u64) -> String {
        let mut query = form_pairs(self);
        if page > 1 {
            query.push(("page", page.to_string()));
        }
        if query.is_empty() {
            return "/".to_owned();
        }
        let pairs: Vec<String> = query
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::components::urlencode(&v)))
            .collect();
        format!("/ideas?{}", pairs.join("&"))
    }
}

fn form_pairs(f: &MarketFilter) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(q) = &f.q {
        out.push(("q", q.clone()));
    }
    if let Some(t) = &f.topic {
        out.push(("topic", t.clone()));
    }
    if let Some(l) = f.language {
        out.push(("lang", l.key().to_owned()));
    }
    if let Some(m) = f.maturity {
        out.push(("maturity", m.key().to_owned()));
    }
    if let Some(o) = f.organisation_type {
        out.push(("org", o.key().to_owned()));
    }
    if let Some(r) = &f.region {
        out.push(("region", r.clone()));
    }
    if f.partners {
        out.push(("partners", "1".to_owned()));
    }
    out
}

/// One idea as the current viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaView {
    pub card: IdeaCard,
    pub status: IdeaStatus,
    /// Sanitised HTML of the description: `None` for anonymous visitors.
    pub description_html: Option<String>,
    pub sought: Vec<Tag>,
    /// Must-have expertise: members only, like `sought`.
    pub required: Vec<Tag>,
    /// Link target for the author's profile: members only.
    pub author_id: Option<String>,
    pub is_owner: bool,
    /// The owner or a member of the idea's group.
    pub can_edit: bool,
    /// A member with a confirmed address: the community's panels (group, comments, helpers).
    pub viewer_verified: bool,
    /// Logged in, address not confirmed: the page says so where the description would be.
    pub viewer_unconfirmed: bool,
    pub updated_at: DateTime<Utc>,
    pub revision: i32,
    /// A published idea's stage, calls and progress timeline (public).
    pub progress: Option<crate::showcase::Progress>,
}

/// The editor's contents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IdeaForm {
    pub id: Option<String>,
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub topics: String,
    pub sought: String,
    pub required: String,
    pub maturity: String,
    pub language: String,
    pub revision: i32,
    /// The member's save from an older revision, merged into the contents above.
    pub merge: Option<crate::revisions::MergeView>,
    /// Where the idea stands (`None`: a new idea), for what the editor says about saving.
    pub status: Option<IdeaStatus>,
}

/// A row of "my ideas".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyIdea {
    pub id: String,
    /// False for the ideas of groups the member belongs to.
    pub owned: bool,
    pub title: String,
    pub status: IdeaStatus,
    pub maturity: Maturity,
    pub language: ContentLanguage,
    pub updated_at: DateTime<Utc>,
}

/// The market, searched and filtered. The parameters are those of `/ideas?…`.
#[server(endpoint = "market")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn market(
    page: Option<u64>,
    q: Option<String>,
    topic: Option<String>,
    lang: Option<String>,
    maturity: Option<String>,
    org: Option<String>,
    region: Option<String>,
    partners: Option<String>,
) -> Result<MarketData, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let state = AppState::get()?;
    let page = page.unwrap_or(1).clamp(1, 10_000);
    let filter = MarketFilter::from_query(|key| match key {
        "q" => q.clone(),
        "topic" => topic.clone(),
        "lang" => lang.clone(),
        "maturity" => maturity.clone(),
        "org" => org.clone(),
        "region" => region.clone(),
        "partners" => partners.clone(),
        _ => None,
    });
    db::market(&state.db, &viewer, &filter, page).await
}

#[server(endpoint = "get_idea")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_idea(id: String) -> Result<IdeaView, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let id = crate::shared::parse_id(&id)?;
    db::view(&AppState::get()?, &viewer, id).await
}

#[server(endpoint = "my_ideas")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_ideas() -> Result<Vec<MyIdea>, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    db::by_author(&AppState::get()?.db, me.id).await
}

#[server(endpoint = "idea_for_edit")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn idea_for_edit(id: String) -> Result<IdeaForm, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let id = crate::shared::parse_id(&id)?;
    let l = crate::backend::request_locale();
    db::for_edit(&AppState::get()?.db, &viewer, id, l).await
}

#[server(endpoint = "save_idea")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_idea(
    id: Option<String>,
    title: String,
    teaser: String,
    description: String,
    topics: String,
    sought: String,
    required: Option<String>,
    maturity: String,
    language: Option<String>,
    revision: Option<i32>,
) -> Result<String, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    // A client that does not say writes in the language it uses the site in.
    let language = language.unwrap_or_else(|| {
        crate::backend::written_in(crate::backend::request_locale())
            .key()
            .to_owned()
    });
    let valid = crate::domain::idea::ValidIdea::try_from(crate::domain::idea::IdeaFields {
        title,
        teaser,
        description,
        topics,
        sought,
        required: required.unwrap_or_default(),
        maturity,
        language,
    })?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let id = match id.filter(|s| !s.is_empty()) {
        Some(id) => {
            let id = crate::shared::parse_id(&id)?;
            // An edit must say which revision it started from (the editor always does).
            let revision = revision.ok_or(AppError::BadRequest)?;
            db::update(&state, me.id, id, valid, revision).await?;
            id
        }
        None => db::create(&state, me.id, valid).await?,
    };
    leptos_axum::redirect(&format!("/ideas/{id}"));
    Ok(id.to_string())
}

#[server(endpoint = "set_published")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_published(id: String, publish: bool) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    // Publishing is joining the community; taking one's own idea back is not.
    let me = if publish {
        viewer.member()?
    } else {
        viewer.account()?
    };
    let idea = crate::shared::parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::set_published(&state, me.id, idea, publish).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}"));
    Ok(())
}

#[server(endpoint = "delete_idea")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_idea(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let idea = crate::shared::parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::delete(&state, me.id, idea).await?;
    leptos_axum::redirect("/me/ideas?deleted=1");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(pairs: &[(&str, &str)]) -> MarketFilter {
        MarketFilter::from_query(|k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn unknown_filter_values_are_ignored_and_long_text_is_cut() {
        let f = filter(&[
            ("maturity", "finished"),
            ("org", "guild"),
            ("lang", "xx"),
            ("partners", "0"),
            ("q", "   "),
        ]);
        assert_eq!(f, MarketFilter::default());
        assert!(!f.is_narrowed());
        let long = "x".repeat(10_000);
        let f = filter(&[("q", &long)]);
        assert_eq!(f.q.unwrap().chars().count(), MarketFilter::MAX_TEXT);
    }

    #[test]
    fn links_keep_every_filter_and_read_back_the_same() {
        let f = filter(&[
            ("q", "Städte & Verwaltung"),
            ("topic", "open-data"),
            ("lang", "de"),
            ("maturity", "rough_idea"),
            ("org", "municipality"),
            ("region", "Leipzig"),
            ("partners", "1"),
        ]);
        let href = f.href(2);
        assert!(href.starts_with("/ideas?q=St%C3%A4dte%20%26%20Verwaltung&"));
        assert!(href.ends_with("&page=2"));
        let query = href.split_once('?').unwrap().1;
        let pairs: Vec<(String, String)> = form_urlencoded_pairs(query);
        let back = MarketFilter::from_query(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, f);
        assert_eq!(MarketFilter::default().href(1), "/");
    }

    /// Percent-decoding of a query string (test helper; the router does this for pages).
    fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| {
                let mut bytes = Vec::new();
                let raw = v.as_bytes();
                let mut i = 0;
                while i < raw.len() {
                    if raw[i] == b'%' {
                        bytes.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                        i += 3;
                    } else {
                        bytes.push(raw[i]);
                        i += 1;
                    }
                }
                (k.to_owned(), String::from_utf8(bytes).unwrap())
            })
            .collect()
    }
}
