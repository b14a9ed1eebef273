//! Search: the one text-to-terms rule (`text`), the index writes (`index`) and people
//! search (`/people`, members only). The market's search lives with the ideas
//! (`ideas::db::market`) and uses the same terms.

#[cfg(feature = "ssr")]
pub(crate) mod db;
#[cfg(feature = "ssr")]
pub mod index;
pub(crate) mod pages;
#[cfg(feature = "ssr")]
pub mod ranked;
#[cfg(feature = "ssr")]
pub mod text;

pub use pages::PeoplePage;

use crate::domain::{ContentLanguage, OrganisationType, Tag};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PEOPLE_PAGE_SIZE: u64 = 20;

/// A member as people search lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCard {
    pub id: String,
    pub display_name: String,
    pub organisation_name: String,
    pub organisation_type: OrganisationType,
    pub role: String,
    pub region: String,
    pub open_to_partners: bool,
    pub language: ContentLanguage,
    pub offered: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeopleFilter {
    pub q: Option<String>,
    pub organisation_type: Option<OrganisationType>,
    pub region: Option<String>,
}

impl PeopleFilter {
    pub const MAX_TEXT: usize = 200;
    /// The URL parameters people search reads.
    pub const KEYS: &'static [&'static str] = &["q", "org", "region"];

    /// Lenient, like the market's: unknown choices are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| {
            get(key)
                .map(|v| v.trim().chars().take(Self::MAX_TEXT).collect::<String>())
                .filter(|v| !v.is_empty())
        };
        Self {
            q: text("q"),
            organisation_type: text("org").and_then(|v| OrganisationType::parse(&v).ok()),
            region: text("region"),
        }
    }

    pub fn href(&self, page: u64) -> String {
        use crate::components::urlencode;
        let mut pairs = Vec::new();
        if let Some(q) = &self.q {
            pairs.push(format!("q={}", urlencode(q)));
        }
        if let Some(o) = self.organisation_type {
            pairs.push(format!("org={}", o.key()));
        }
        if let Some(r) = &self.region {
            pairs.push(format!("region={}", urlencode(r)));
        }
        if page > 1 {
            pairs.push(format!("page={page}"));
        }
        if pairs.is_empty() {
            "/people".to_owned()
        } else {
            format!("/people?{}", pairs.join("&"))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleData {
    pub people: Vec<PersonCard>,
    pub page: u64,
    pub pages: u64,
    /// Matches found; with `more`, only the first `ranked::WINDOW` were ranked.
    pub total: u64,
    pub more: bool,
    pub filter: PeopleFilter,
}

/// People search: members only (profiles are not public).
#[server(endpoint = "search_people")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn search_people(
    page: Option<u64>,
    q: Option<String>,
    org: Option<String>,
    region: Option<String>,
) -> Result<PeopleData, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let page = page.unwrap_or(1).clamp(1, 10_000);
    let filter = PeopleFilter::from_query(|k| match k {
        "q" => q.clone(),
        "org" => org.clone(),
        "region" => region.clone(),
        _ => None,
    });
    db::people(&AppState::get()?.db, me.id, &filter, page).await
}

/// Published ideas whose title and teaser are close to one of the caller's own ideas.
#[server(endpoint = "similar_ideas")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn similar_ideas(id: String) -> Result<Vec<crate::shared::IdeaCard>, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = crate::shared::parse_id(&id)?;
    db::similar_ideas(&AppState::get()?.db, &viewer, me.id, id).await
}
