use super::score::Reason;
use super::{DismissMatch, IdeaMatch, PersonMatch, idea_helpers, my_matches};
use crate::components::{ErrorPanel, FormErrors, MyArea, MyAreaNav, action_error};
use crate::contacts::RequestContact;
use crate::groups::Invite;
use crate::i18n::*;
use crate::search::pages::PersonCardView;
use crate::session::use_session;
use crate::shared::IdeaCardView;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Whose view a reason is said from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Perspective {
    /// People suggested to a member.
    People,
    /// Ideas suggested to a member.
    Ideas,
    /// People suggested for an idea, shown to its owner.
    Helpers,
}

/// One reason in plain words, in the viewer's language.
fn reason_text(l: Locale, p: Perspective, r: &Reason) -> String {
    use Perspective::*;
    let list = |t: &Vec<String>| t.join(", ");
    match (r, p) {
        (Reason::OffersRequired(t), People) => {
            td_string!(l, matching.people_offers_required, tags = list(t)).to_string()
        }
        (Reason::OffersRequired(t), Ideas) => {
            td_string!(l, matching.idea_needs_required, tags = list(t)).to_string()
        }
        (Reason::OffersRequired(t), Helpers) => {
            td_string!(l, matching.helper_offers_required, tags = list(t)).to_string()
        }
        (Reason::OffersSought(t), People) => {
            td_string!(l, matching.people_offers_sought, tags = list(t)).to_string()
        }
        (Reason::OffersSought(t), Ideas) => {
            td_string!(l, matching.idea_needs_sought, tags = list(t)).to_string()
        }
        (Reason::OffersSought(t), Helpers) => {
            td_string!(l, matching.helper_offers_sought, tags = list(t)).to_string()
        }
        (Reason::SeeksOffered(t), Ideas) => {
            td_string!(l, matching.idea_author_offers, tags = list(t)).to_string()
        }
        (Reason::SeeksOffered(t), _) => {
            td_string!(l, matching.seeks_offered, tags = list(t)).to_string()
        }
        (Reason::SharedInterests(t), Ideas) => {
            td_string!(l, matching.idea_topics, tags = list(t)).to_string()
        }
        (Reason::SharedInterests(t), _) => {
            td_string!(l, matching.shared_interests, tags = list(t)).to_string()
        }
        (Reason::OtherSector(s), People) => td_string!(
            l,
            matching.people_sector,
            sector = texts::organisation_type(l, *s)
        )
        .to_string(),
        (Reason::OtherSector(s), Ideas) => td_string!(
            l,
            matching.idea_sector,
            sector = texts::organisation_type(l, *s)
        )
        .to_string(),
        (Reason::OtherSector(s), Helpers) => td_string!(
            l,
            matching.helper_sector,
            sector = texts::organisation_type(l, *s)
        )
        .to_string(),
        (Reason::SameRegion(region), _) => {
            td_string!(l, matching.same_region, region = region).to_string()
        }
        (Reason::OpenToPartners, Ideas) => td_string!(l, matching.idea_open).to_string(),
        (Reason::OpenToPartners, _) => td_string!(l, matching.open).to_string(),
    }
}

#[component]
fn Reasons(perspective: Perspective, reasons: Vec<Reason>) -> impl IntoView {
    let l = texts::locale();
    view! {
        <div class="reasons">
            <p class="reasons-title">{td_string!(l, matching.why)}</p>
            <ul>
                {reasons.iter().map(|r| view! { <li>{reason_text(l, perspective, r)}</li> }).collect::<Vec<_>>()}
            </ul>
        </div>
    }
}

/// A plain form that dismisses one suggestion for good.
#[component]
fn Dismiss(kind: &'static str, id: String, next: String, name: String) -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<DismissMatch>::new();
    view! {
        <ActionForm action=action attr:class="dismiss">
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="next" value=next/>
            <button class="button small" type="submit"
                aria-label=td_string!(l, matching.dismiss_named, name = name).to_string()>
                {td_string!(l, matching.dismiss)}
            </button>
        </ActionForm>
    }
}

/// The forms a person card offers, created once per list: a contact request, and an
/// invitation into one of the viewer's groups.
#[derive(Clone, Copy)]
struct CardForms {
    contact: ServerAction<RequestContact>,
    invite: ServerAction<Invite>,
}

impl CardForms {
    fn new() -> Self {
        Self {
            contact: ServerAction::new(),
            invite: ServerAction::new(),
        }
    }

    /// Either form's refusal, shown above the list the cards are in.
    fn error(self) -> Signal<Option<crate::error::AppError>> {
        let (a, b) = (action_error(self.contact), action_error(self.invite));
        Signal::derive(move || a.get().or_else(|| b.get()))
    }
}

/// Acting on a match where it is shown: a contact request (a plain form in a disclosure
/// widget) and an invitation, to the idea the list is for (`ideas` of one) or to one of the
/// viewer's ideas with a free seat. Back on the list, the card says what was sent.
#[component]
fn MatchActions(
    person_id: String,
    name: String,
    next: String,
    forms: CardForms,
    ideas: Vec<(String, String)>,
    /// The list is for one idea: invite to it without asking which.
    for_idea: bool,
) -> impl IntoView {
    let l = texts::locale();
    let query = use_query_map().read_untracked();
    let requested = query.get("requested").as_deref() == Some(person_id.as_str());
    let invited = query.get("invited").as_deref() == Some(person_id.as_str());
    let back = format!("{next}#person-{person_id}");
    let note = format!("note-{person_id}");
    let contact = if requested {
        view! { <p class="alert alert-success" role="status">{td_string!(l, contacts.contact_sent, name = name.as_str()).to_string()}</p> }.into_any()
    } else {
        let (to, next, hint) = (person_id.clone(), back.clone(), format!("{note}-hint"));
        view! {
            <details class="quick">
                <summary>{td_string!(l, contacts.contact_here)}</summary>
                <ActionForm action=forms.contact attr:class="form">
                    <input type="hidden" name="to" value=to/>
                    <input type="hidden" name="next" value=next/>
                    <div class="field">
                        <label for=note.clone()>{td_string!(l, contacts.note)}</label>
                        <p class="hint" id=hint.clone()>{td_string!(l, contacts.note_hint)}</p>
                        <textarea id=note name="note" rows="3" required aria-describedby=hint></textarea>
                    </div>
                    <button class="button primary small" type="submit">{td_string!(l, contacts.send_request)}</button>
                </ActionForm>
            </details>
        }.into_any()
    };
    let invite = if invited {
        Some(view! { <p class="alert alert-success" role="status">{td_string!(l, groups.invitation_sent)}</p> }.into_any())
    } else if for_idea {
        ideas.into_iter().next().map(|(idea, _)| view! {
            <ActionForm action=forms.invite attr:class="inline-form">
                <input type="hidden" name="idea" value=idea/>
                <input type="hidden" name="person" value=person_id/>
                <input type="hidden" name="next" value=back/>
                <button class="button small" type="submit">{td_string!(l, groups.invite_here)}</button>
            </ActionForm>
        }.into_any())
    } else {
        let select = format!("invite-{person_id}");
        (!ideas.is_empty()).then(|| view! {
            <details class="quick">
                <summary>{td_string!(l, groups.invite_to)}</summary>
                <ActionForm action=forms.invite attr:class="form">
                    <input type="hidden" name="person" value=person_id/>
                    <input type="hidden" name="next" value=back/>
                    <div class="field">
                        <label for=select.clone()>{td_string!(l, groups.which_idea)}</label>
                        <select id=select name="idea">
                            {ideas.into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect::<Vec<_>>()}
                        </select>
                    </div>
                    <button class="button primary small" type="submit">{td_string!(l, groups.invite)}</button>
                </ActionForm>
            </details>
        }.into_any())
    };
    view! { <div class="match-actions">{contact}{invite}</div> }
}

/// Where a person card's forms lead: the list it is in, and what they may invite to.
#[derive(Clone)]
struct CardContext {
    perspective: Perspective,
    next: String,
    forms: CardForms,
    ideas: Vec<(String, String)>,
}

fn person_item(p: PersonMatch, cx: CardContext) -> impl IntoView {
    let id = p.person.id.clone();
    let name = p.person.display_name.clone();
    let CardContext {
        perspective,
        next,
        forms,
        ideas,
    } = cx;
    let for_idea = perspective == Perspective::Helpers;
    let anchor = format!("person-{id}");
    let (person_id, who, back) = (id.clone(), name.clone(), next.clone());
    view! {
        <li id=anchor>
            <PersonCardView person=p.person>
                <Reasons perspective reasons=p.reasons/>
                <MatchActions person_id name=who next=back forms ideas for_idea/>
                <Dismiss kind="person" id next name/>
            </PersonCardView>
        </li>
    }
}

fn idea_item(m: IdeaMatch) -> impl IntoView {
    let id = m.idea.id.clone();
    let name = m.idea.title.clone();
    view! {
        <li class="match">
            <IdeaCardView card=m.idea/>
            <Reasons perspective=Perspective::Ideas reasons=m.reasons/>
            <Dismiss kind="idea" id next="/me/matches".to_owned() name/>
        </li>
    }
}

/// `/me/matches`: suggestions for the logged-in member, each with its reasons.
#[component]
pub fn MatchesPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let data = Resource::new(|| (), |_| my_matches());
    let forms = CardForms::new();
    let error = forms.error();
    view! {
        <Title text=texts::page_title(l, td_string!(l, matching.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let me = match session.member().await {
                    Ok(me) => me,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <div class="me matches">
                        <MyAreaNav current=MyArea::Matches profile_id=me.id.clone()/>
                        <h1>{td_string!(l, matching.title)}</h1>
                        <p class="lead">{td_string!(l, matching.lead)}</p>
                        {(!d.in_matching).then(|| view! {
                            <div class="alert" role="note"><p>{td_string!(l, matching.hidden)}" "<a href="/me">{td_string!(l, matching.to_profile)}</a></p></div>
                        })}
                        {d.profile_empty.then(|| view! {
                            <div class="alert" role="note"><p>{td_string!(l, matching.fill_profile)}" "<a href="/me">{td_string!(l, matching.to_profile)}</a></p></div>
                        })}
                        <section aria-labelledby="match-people">
                            <h2 id="match-people">{td_string!(l, matching.people)}</h2>
                            <FormErrors error/>
                            {if d.people.is_empty() {
                                view! { <p class="muted">{td_string!(l, matching.no_people)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards" role="list">
                                        {d.people.into_iter().map(|p| person_item(p, CardContext {
                                            perspective: Perspective::People,
                                            next: "/me/matches".to_owned(),
                                            forms,
                                            ideas: d.invite_ideas.clone(),
                                        })).collect::<Vec<_>>()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="match-ideas">
                            <h2 id="match-ideas">{td_string!(l, matching.ideas)}</h2>
                            {if d.ideas.is_empty() {
                                view! { <p class="muted">{td_string!(l, matching.no_ideas)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards" role="list">
                                        {d.ideas.into_iter().map(idea_item).collect::<Vec<_>>()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// "People who could help with this idea", on the idea page of its owner.
#[component]
pub fn IdeaHelpers(id: String) -> impl IntoView {
    let l = texts::locale();
    let next = format!("/ideas/{id}");
    let idea = vec![(id.clone(), String::new())];
    let helpers = Resource::new(move || id.clone(), idea_helpers);
    let forms = CardForms::new();
    let error = forms.error();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                    let people = helpers.await.unwrap_or_default();
                    view! {
                        <section class="helpers" aria-labelledby="helpers-heading">
                            <h2 id="helpers-heading">{td_string!(l, matching.helpers)}</h2>
                            <FormErrors error/>
                            {if people.is_empty() {
                                view! { <p class="muted">{td_string!(l, matching.no_helpers)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards" role="list">
                                        {people.into_iter().map(|p| person_item(p, CardContext {
                                            perspective: Perspective::Helpers,
                                            next: next.clone(),
                                            forms,
                                            ideas: idea.clone(),
                                        })).collect::<Vec<_>>()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    }
                })}
        </Suspense>
    }
}
