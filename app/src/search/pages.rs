use super::{PeopleFilter, PersonCard, search_people};
use crate::components::{CommunityNote, ErrorPanel};
use crate::domain::OrganisationType;
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/people`: members search members. A GET form, so it works without JavaScript.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let l = texts::locale();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (
            q.get("page").and_then(|p| p.parse::<u64>().ok()),
            PeopleFilter::from_query(|k| q.get(k)),
        )
    };
    crate::components::redirect_to_clean_link(PeopleFilter::KEYS, |q, page| {
        PeopleFilter::from_query(|k| q.get(k)).href(page)
    });
    let data = Resource::new(params, |(page, f)| {
        search_people(
            page,
            f.q.clone(),
            f.organisation_type.map(|o| o.key().to_owned()),
            f.region.clone(),
        )
    });
    view! {
        <Title text=texts::page_title(l, td_string!(l, people.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let f = d.filter.clone();
                let org = f.organisation_type.map(|o| o.key());
                let count = if d.more {
                    td_string!(l, people.count_more, count = texts::number(l, d.total)).to_string()
                } else {
                    if texts::is_one(l, d.total) {
                        td_string!(l, people.count_1).to_string()
                    } else {
                        td_string!(l, people.count_n, n = texts::number(l, d.total)).to_string()
                    }
                };
                let prev = (d.page > 1).then(|| f.href(d.page - 1));
                let next = (d.page < d.pages).then(|| f.href(d.page + 1));
                view! {
                    <section class="people">
                        <h1>{td_string!(l, people.title)}</h1>
                        <CommunityNote/>
                        <search>
                            <form method="get" action="/people" class="search-form">
                                <div class="search-line">
                                    <label for="people-q">{td_string!(l, people.search_label)}</label>
                                    <input id="people-q" type="search" name="q" value=f.q.clone().unwrap_or_default()
                                        maxlength=PeopleFilter::MAX_TEXT placeholder=td_string!(l, people.placeholder)/>
                                    <button class="button primary" type="submit">{td_string!(l, market.search)}</button>
                                </div>
                                <div class="filter-grid">
                                    <div class="field">
                                        <label for="people-org">{td_string!(l, market.org)}</label>
                                        <select id="people-org" name="org">
                                            <option value="">{td_string!(l, market.any)}</option>
                                            {OrganisationType::ALL.iter().map(|o| {
                                                let selected = org == Some(o.key());
                                                view! { <option value=o.key() selected=selected>{texts::organisation_type(l, *o)}</option> }
                                            }).collect::<Vec<_>>()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="people-region">{td_string!(l, market.region)}</label>
                                        <input id="people-region" type="text" name="region" value=f.region.clone().unwrap_or_default() maxlength=PeopleFilter::MAX_TEXT/>
                                    </div>
                                </div>
                            </form>
                        </search>
                        <p class="muted" role="status">{count}</p>
                        {if d.people.is_empty() {
                            view! { <p class="empty">{td_string!(l, people.none)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="cards" role="list">
                                    {d.people.into_iter().map(|p| view! { <li><PersonCardView person=p/></li> }).collect::<Vec<_>>()}
                                </ul>
                            }.into_any()
                        }}
                        {(d.pages > 1).then(|| view! {
                            <nav class="pagination" aria-label=td_string!(l, market.pages)>
                                {prev.map(|h| view! { <a rel="prev" href=h>{td_string!(l, people.previous)}</a> })}
                                <span aria-current="page">{td_string!(l, market.page_of, page = texts::number(l, d.page), pages = texts::number(l, d.pages)).to_string()}</span>
                                {next.map(|h| view! { <a rel="next" href=h>{td_string!(l, people.next)}</a> })}
                            </nav>
                        })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// A member in a list; `children` adds what the list needs (reasons, a dismiss button).
#[component]
pub fn PersonCardView(
    person: PersonCard,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let l = texts::locale();
    let lang = person.language.key();
    let subtitle = [person.role.clone(), person.organisation_name.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <article class="card person">
            <p class="card-meta">
                <span class="badge">{texts::organisation_type(l, person.organisation_type)}</span>
                {(!person.region.is_empty()).then(|| view! { " · "{person.region.clone()} })}
                {person.open_to_partners.then(|| view! { " · " <span class="badge badge-open">{td_string!(l, profile.open_badge)}</span> })}
            </p>
            <h3 class="card-title"><a href=format!("/profiles/{}", person.id)>{person.display_name}</a></h3>
            {(!subtitle.is_empty()).then(|| view! { <p class="card-teaser" lang=lang>{subtitle}</p> })}
            {(!person.offered.is_empty()).then(|| view! {
                <p class="muted">{td_string!(l, people.offers)}" "
                    {person.offered.iter().map(|t| t.label.clone()).collect::<Vec<_>>().join(", ")}
                </p>
            })}
            {children.map(|c| c())}
        </article>
    }
}

/// Published ideas close to the owner's draft: "join instead of compete".
#[component]
pub fn SimilarIdeas(id: String) -> impl IntoView {
    let l = texts::locale();
    let similar = Resource::new(move || id.clone(), super::similar_ideas);
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let ideas = similar.await.unwrap_or_default();
                (!ideas.is_empty()).then(|| view! {
                    <section class="similar" aria-labelledby="similar-heading">
                        <h2 id="similar-heading">{td_string!(l, idea.similar_title)}</h2>
                        <p>{td_string!(l, idea.similar_lead)}</p>
                        <ul class="cards" role="list">
                            {ideas.into_iter().map(|c| view! { <li><crate::shared::IdeaCardView card=c/></li> }).collect::<Vec<_>>()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
