use super::{SaveProfile, get_profile, my_profile};
use crate::components::VerifyReminder;
use crate::components::suggestions::{TOPIC_SUGGESTIONS, TopicSuggestions};
use crate::components::{
    Checkbox, CommunityNote, ErrorPanel, FormErrors, MyArea, MyAreaNav, Select, TextArea,
    TextField, action_error,
};
use crate::domain::{ContactPolicy, ContentLanguage, OrganisationType, Tag};
use crate::i18n::*;
use crate::ideas::IdeaCardView;
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The member's own area: profile editor and links to their ideas and account.
#[component]
pub fn MePage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let action = ServerAction::<SaveProfile>::new();
    let form = Resource::new(|| (), |_| my_profile());
    let error = action_error(action);
    // A save redirects here with `saved`: the form shows what was stored.
    let saved = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("saved")
        .is_some();
    view! {
        <Title text=texts::page_title(l, td_string!(l, profile.my_title))/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = match session.member().await {
                    Ok(me) => me,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let f = match form.await {
                    Ok(f) => f,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let types = OrganisationType::ALL.iter().map(|t| (t.key(), texts::organisation_type(l, *t))).collect::<Vec<_>>();
                let languages = ContentLanguage::ALL.iter().map(|c| (c.key(), c.endonym())).collect::<Vec<_>>();
                let policies = ContactPolicy::ALL.iter().map(|p| (p.key(), texts::contact_policy(l, *p))).collect::<Vec<_>>();
                view! {
                    <div class="me">
                        <MyAreaNav current=MyArea::Profile profile_id=me.id.clone()/>
                        {(!me.verified).then(|| view! { <VerifyReminder/> })}
                        <section class="panel">
                            <h1>{td_string!(l, profile.my_title)}</h1>
                            <p class="lead">{td_string!(l, profile.lead)}</p>
                            <Show when=move || saved>
                                <div class="alert alert-success" role="status"><p>{td_string!(l, profile.saved)}</p></div>
                            </Show>
                            <FormErrors error/>
                            <ActionForm action=action attr:class="form">
                                <fieldset>
                                    <legend>{td_string!(l, profile.about_you)}</legend>
                                    <TextField label=td_string!(l, profile.display_name) name="display_name" value=f.display_name required=true autocomplete="name" error/>
                                    <Checkbox label=td_string!(l, profile.show_name) name="show_name_publicly" checked=f.show_name_publicly
                                        hint=td_string!(l, profile.show_name_hint)/>
                                    <TextField label=td_string!(l, profile.organisation) name="organisation_name" value=f.organisation_name autocomplete="organization" error/>
                                    <Select label=td_string!(l, profile.org_type) name="organisation_type" options=types selected=f.organisation_type error/>
                                    <TextField label=td_string!(l, profile.role) name="role" value=f.role autocomplete="organization-title" error/>
                                    <TextField label=td_string!(l, profile.region) name="region" value=f.region hint=td_string!(l, profile.region_hint) error/>
                                    <TextArea label=td_string!(l, profile.bio) name="bio" value=f.bio rows=4 error/>
                                    <TextArea label=td_string!(l, profile.experience) name="experience" value=f.experience rows=4 error/>
                                    <Select label=td_string!(l, profile.language) name="language" options=languages selected=f.language
                                        hint=td_string!(l, profile.language_hint) error/>
                                </fieldset>
                                <fieldset>
                                    <legend>{td_string!(l, profile.interests)}</legend>
                                    <TopicSuggestions/>
                                    <TextField label=td_string!(l, profile.ai_topics) name="interests" value=f.interests list=TOPIC_SUGGESTIONS
                                        hint=td_string!(l, profile.interests_hint) error/>
                                    <TextField label=td_string!(l, profile.offered) name="offered" value=f.offered list=TOPIC_SUGGESTIONS
                                        hint=td_string!(l, profile.offered_hint) error/>
                                    <TextField label=td_string!(l, profile.required) name="required" value=f.required list=TOPIC_SUGGESTIONS
                                        hint=td_string!(l, profile.required_hint) error/>
                                    <TextField label=td_string!(l, profile.sought) name="sought" value=f.sought list=TOPIC_SUGGESTIONS
                                        hint=td_string!(l, profile.commas) error/>
                                    <Checkbox label=td_string!(l, profile.open) name="open_to_partners" checked=f.open_to_partners/>
                                    <Checkbox label=td_string!(l, profile.hide_from_matching) name="hide_from_matching" checked=f.hide_from_matching
                                        hint=td_string!(l, profile.hide_from_matching_hint)/>
                                </fieldset>
                                <fieldset>
                                    <legend>{td_string!(l, profile.contact_legend)}</legend>
                                    <Select label=td_string!(l, profile.contact_policy) name="contact_policy" options=policies selected=f.contact_policy
                                        hint=td_string!(l, profile.contact_policy_hint) error/>
                                </fieldset>
                                <button class="button primary" type="submit">{td_string!(l, profile.save)}</button>
                            </ActionForm>
                        </section>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

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
            {move || Suspend::new(async move {
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
                        {(!p.is_me).then(|| view! { <crate::contacts::ContactPanel person_id=p.id.clone() name=p.display_name.clone()/> })}
                        {(!p.is_me).then(|| view! { <crate::groups::InvitePanel person_id=p.id.clone() name=p.display_name.clone()/> })}
                        {(!p.is_me).then(|| view! {
                            <crate::moderation::ReportNotice/>
                            <crate::moderation::ReportForm kind=crate::domain::ReportTarget::Profile target=p.id.clone() next=format!("/profiles/{}", p.id)/>
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
