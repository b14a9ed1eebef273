//! `/ideas/:id`: one idea with the community's panels around it — its group, similar
//! ideas and people who could help (for the owner), its progress and its comments. The
//! idea itself (what a viewer may read of it) is the ideas feature's (`ideas::get_idea`).

use crate::comments::CommentsSection;
use crate::components::{
    CommunityNote, ErrorPanel, FormErrors, TagChips, VerifyReminder, action_error,
};
use crate::domain::{IdeaStatus, ReportTarget};
use crate::groups::GroupPanel;
use crate::i18n::*;
use crate::ideas::{SetPublished, get_idea};
use crate::matching::IdeaHelpers;
use crate::moderation::{ReportForm, ReportNotice};
use crate::search::pages::SimilarIdeas;
use crate::shared::MaturityBadge;
use crate::showcase::ProgressSection;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// One idea. Anonymous visitors get title and teaser only: the server never sends them
/// the description (see `ideas::db::view`).
#[component]
pub fn IdeaPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let publish = ServerAction::<SetPublished>::new();
    let publish_error = action_error(publish);
    let idea = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_idea,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{td_string!(l, idea.loading)}</p> }>
            {Suspend::new(async move {
                let v = match idea.await {
                    Ok(v) => v,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let id = v.card.id.clone();
                let title = v.card.title.clone();
                let published = v.status == IdeaStatus::Published;
                let date = v.card.published_at.as_ref().map(|d| texts::date(l, d));
                let author = match (v.author_id.clone(), v.card.author_name.clone()) {
                    (Some(aid), Some(name)) => Some(view! { <a href=format!("/profiles/{aid}")>{name}</a> }.into_any()),
                    (None, Some(name)) => Some(view! { <span>{name}</span> }.into_any()),
                    _ => None,
                };
                // The owner and the group edit; only the owner publishes and deletes.
                let is_owner = v.is_owner;
                let held = v.status == IdeaStatus::Held;
                let owner_tools = v.can_edit.then(|| {
                    let edit = format!("/ideas/{id}/edit");
                    let delete = format!("/ideas/{id}/delete");
                    let id2 = id.clone();
                    view! {
                        <aside class="owner-tools" aria-label=td_string!(l, idea.your_idea)>
                            <p>
                                <span class=if published { "badge badge-published" } else { "badge badge-draft" }>
                                    {if published { {td_string!(l, idea.published)} } else if held { {td_string!(l, moderation.held_text)} } else { {td_string!(l, idea.draft_notice)} }}
                                </span>
                            </p>
                            {(!v.viewer_verified && !published).then(|| view! { <VerifyReminder/> })}
                            <FormErrors error=publish_error/>
                            <div class="toolbar">
                                <a class="button" href=edit>{td_string!(l, idea.edit)}</a>
                                <a class="button" href=format!("/ideas/{id}/history")>{td_string!(l, revisions.history)}</a>
                                {(is_owner && !held).then(|| view! {
                                    <ActionForm action=publish>
                                        <input type="hidden" name="id" value=id2/>
                                        <input type="hidden" name="publish" value=(!published).to_string()/>
                                        <button class="button primary" type="submit">{if published { {td_string!(l, idea.unpublish)} } else { {td_string!(l, idea.publish)} }}</button>
                                    </ActionForm>
                                    <a class="button danger" href=delete>{td_string!(l, idea.delete)}</a>
                                })}
                            </div>
                        </aside>
                    }
                });
                let body = match v.description_html.clone() {
                    Some(html) => view! {
                        <section class="description" aria-label=td_string!(l, idea.description)>
                            <CommunityNote text=td_string!(l, idea.members_only_part)/>
                            {if html.trim().is_empty() {
                                view! { <p class="muted">{td_string!(l, idea.no_description)}</p> }.into_any()
                            } else {
                                view! { <div class="prose" lang=v.card.language.key() inner_html=html></div> }.into_any()
                            }}
                            {(!v.required.is_empty()).then(|| view! {
                                <h2>{td_string!(l, idea.required_title)}</h2>
                                <TagChips tags=v.required.clone()/>
                            })}
                            {(!v.sought.is_empty()).then(|| view! {
                                <h2>{td_string!(l, idea.sought_title)}</h2>
                                <TagChips tags=v.sought.clone()/>
                            })}
                        </section>
                    }.into_any(),
                    None if v.viewer_unconfirmed => view! {
                        <section class="members-only">
                            <h2>{td_string!(l, idea.read_full)}</h2>
                            <VerifyReminder/>
                        </section>
                    }.into_any(),
                    None => view! {
                        <section class="members-only">
                            <h2>{td_string!(l, idea.read_full)}</h2>
                            <p>{td_string!(l, idea.members_text)}</p>
                            <p>
                                <a class="button primary" href=format!("/register?next=/ideas/{id}")>{td_string!(l, idea.create_account)}</a>
                                " "
                                <a class="button" href=format!("/login?next=/ideas/{id}")>{td_string!(l, idea.log_in)}</a>
                            </p>
                        </section>
                    }.into_any(),
                };
                view! {
                    <Title text=texts::page_title(l, &title)/>
                    <Meta name="description" content=v.card.teaser.clone()/>
                    <article class="idea">
                        <p class="breadcrumb"><a href="/">{td_string!(l, idea.market)}</a></p>
                        <header class="idea-head">
                            <p><MaturityBadge maturity=v.card.maturity/></p>
                            <h1 lang=v.card.language.key()>{title.clone()}</h1>
                            <p class="idea-teaser" lang=v.card.language.key()>{v.card.teaser.clone()}</p>
                            <TagChips tags=v.card.topics.clone() link=true/>
                            <p class="muted">{match (author, date) {
                                (Some(a), Some(d)) => view! { {a}" · "{td_string!(l, idea.published_on)}" "{d} }.into_any(),
                                (Some(a), None) => a,
                                (None, Some(d)) => view! { {td_string!(l, idea.published_first)}" "{d} }.into_any(),
                                (None, None) => ().into_any(),
                            }}</p>
                        </header>
                        {owner_tools}
                        // Members may report someone else's idea (or comments under it: the
                        // outcome of either shows here) to the admins.
                        {(v.author_id.is_some() && v.viewer_verified).then(|| view! { <ReportNotice/> })}
                        {(v.author_id.is_some() && v.viewer_verified && !v.can_edit).then(|| view! {
                            <ReportForm kind=ReportTarget::Idea target=id.clone() next=format!("/ideas/{id}")/>
                        })}
                        {body}
                        // The community's panels: for members with a confirmed address.
                        {(v.author_id.is_some() && v.viewer_verified).then(|| view! { <GroupPanel idea=id.clone()/> })}
                        // Before publishing: similar ideas whose authors might rather be joined.
                        {(v.is_owner && v.viewer_verified && !published).then(|| view! { <SimilarIdeas id=id.clone()/> })}
                        {(v.is_owner && v.viewer_verified).then(|| view! { <IdeaHelpers id=id.clone()/> })}
                        {v.progress.clone().map(|p| view! { <ProgressSection p/> })}
                        {(v.author_id.is_some() && v.viewer_verified).then(|| view! { <CommentsSection idea=id.clone()/> })}
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}
