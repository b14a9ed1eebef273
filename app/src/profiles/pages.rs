use super::{SaveProfile, my_profile};
use crate::components::VerifyReminder;
use crate::components::suggestions::{TOPIC_SUGGESTIONS, TopicSuggestions};
use crate::components::{
    Checkbox, ErrorPanel, FormErrors, MyArea, MyAreaNav, Select, TextArea, TextField, action_error,
    query_flag,
};
use crate::domain::{ContactPolicy, ContentLanguage, OrganisationType};
use crate::i18n::*;
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;

/// The member's own area: profile editor and links to their ideas and account.
#[component]
pub fn MePage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let action = ServerAction::<SaveProfile>::new();
    let form = Resource::new(|| (), |_| my_profile());
    let error = action_error(action);
    // A save redirects here with `saved`: the form shows what was stored.
    let saved = query_flag("saved");
    view! {
        <Title text=texts::page_title(l, td_string!(l, profile.my_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
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
                let policies = ContactPolicy::ALL.iter().map(|p| (p.key(), crate::profiles::labels::contact_policy(l, *p))).collect::<Vec<_>>();
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
