//! `/profiles/:id`: another member's profile (`profiles::get_profile`) with the ways to
//! reach them — a contact request, an invitation into one of your groups, a report.

use crate::components::{CommunityNote, ErrorPanel};
use crate::contacts::ContactPanel;
use crate::domain::{ReportTarget, Tag};
use crate::groups::InvitePanel;
use crate::i18n::*;
use crate::moderation::{ReportForm, ReportNotice};
use crate::profiles::get_profile;
use crate::shared::IdeaCardView;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
fn TagSection(title: &'static str, tags: Vec<Tag>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <h2>{title}</h2>
            <ul class="chips" role="list">
                {tags.into_iter().map(|t| view! { <li><span class="chip">{t.label}</span></li> }).collect::<Vec<_>>()}
            </ul>
        }
    })
}

/// Another member's profile. The server refuses anonymous callers (`get_profile`).
#[component]
pub fn ProfilePage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let profile = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_profile,
    );
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let p = match profile.await {
                    Ok(p) => p,
                    Err(e) => return view! { <Title text=texts::page_title(l, td_string!(l, profile.title))/><ErrorPanel error=e/> }.into_any(),
                };
                let subtitle = [p.role.clone(), p.organisation_name.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                let lang = p.language.key();
                let initials: String = p.display_name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
                view! {
                    <Title text=texts::page_title(l, &p.display_name)/>
                    <article class="profile">
                        <CommunityNote/>
                        <header class="profile-head">
                            <div class="avatar" aria-hidden="true">{initials}</div>
                            <div>
                                <h1>{p.display_name.clone()}</h1>
                                {(!subtitle.is_empty()).then(|| view! { <p class="lead" lang=lang>{subtitle}</p> })}
                                <p class="muted">
                                    <span class="badge">{texts::organisation_type(l, p.organisation_type)}</span>
                                    {(!p.region.is_empty()).then(|| view! { " · "{p.region.clone()} })}
                                    {p.open_to_partners.then(|| view! { " · " <span class="badge badge-open">{td_string!(l, profile.open_badge)}</span> })}
                                </p>
                                <p class="muted">{td_string!(l, profile.member_since, date = texts::date(l, &p.member_since)).to_string()}</p>
                                {p.is_me.then(|| view! { <p><a class="button" href="/me">{td_string!(l, profile.edit)}</a></p> })}
                            </div>
                        </header>
                        {(!p.bio.is_empty()).then(|| view! { <section><h2>{td_string!(l, profile.about)}</h2><p class="pre" lang=lang>{p.bio.clone()}</p></section> })}
                        {(!p.experience.is_empty()).then(|| view! { <section><h2>{td_string!(l, profile.experience_title)}</h2><p class="pre" lang=lang>{p.experience.clone()}</p></section> })}
                        {(!p.is_me).then(|| view! { <ContactPanel person_id=p.id.clone() name=p.display_name.clone()/> })}
                        {(!p.is_me).then(|| view! { <InvitePanel person_id=p.id.clone() name=p.display_name.clone()/> })}
                        {(!p.is_me).then(|| view! {
                            <ReportNotice/>
                            <ReportForm kind=ReportTarget::Profile target=p.id.clone() next=format!("/profiles/{}", p.id)/>
                        })}
                        <TagSection title=td_string!(l, profile.interested_in) tags=p.interests.clone()/>
                        <TagSection title=td_string!(l, profile.offers) tags=p.offered.clone()/>
                        <TagSection title=td_string!(l, profile.required_title) tags=p.required.clone()/>
                        <TagSection title=td_string!(l, profile.sought_title) tags=p.sought.clone()/>
                        <section>
                            <h2>{td_string!(l, profile.published)}</h2>
                            {if p.ideas.is_empty() && p.is_me {
                                view! {
                                    <div class="empty">
                                        <p>{td_string!(l, profile.no_ideas_mine)}</p>
                                        <p><a class="button primary" href="/ideas/new">{td_string!(l, idea.write_first)}</a></p>
                                    </div>
                                }.into_any()
                            } else if p.ideas.is_empty() {
                                view! { <p class="muted">{td_string!(l, profile.no_ideas, name = p.display_name.clone()).to_string()}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards" role="list">
                                        {p.ideas.clone().into_iter().map(|c| view! { <li><IdeaCardView card=c/></li> }).collect::<Vec<_>>()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}
