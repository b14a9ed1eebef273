use super::{
    AnswerInvitation, GroupSummary, HandOver, InvitationView, Invite, LeaveGroup, RemoveMember,
    Role, WithdrawInvitation, get_group, invite_options, my_groups,
};
use crate::components::{ErrorPanel, FormErrors, MyArea, MyAreaNav, action_error, query_flag};
use crate::i18n::*;
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;

/// The inside of a one-button plain form: hidden fields and the submit button.
#[component]
fn ButtonFields(
    fields: Vec<(&'static str, String)>,
    label: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        {fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect::<Vec<_>>()}
        <button class=format!("button small {class}") type="submit">{label}</button>
    }
}

/// On an idea's page, for members: who is in the group and how many seats are open; the
/// owner manages invitations and members, a member can leave.
#[component]
pub fn GroupPanel(idea: String) -> impl IntoView {
    let l = texts::locale();
    let group = Resource::new(move || idea.clone(), get_group);
    let withdraw = ServerAction::<WithdrawInvitation>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let hand_over = ServerAction::<HandOver>::new();
    let leave = ServerAction::<LeaveGroup>::new();
    let errors = [
        action_error(withdraw),
        action_error(remove),
        action_error(hand_over),
        action_error(leave),
    ];
    let error = Signal::derive(move || errors.iter().find_map(|e| e.get()));
    let (joined, handed_over) = (query_flag("joined"), query_flag("handed_over"));
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let g = match group.await {
                    Ok(g) => g,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let owner = g.role == Role::Owner;
                let idea = g.idea_id.clone();
                let seats = g.seats_left;
                // The group talks once it has a partner (its conversation shares the idea's id).
                let talk = (!g.members.is_empty() && g.role != Role::Outsider).then(|| view! {
                    <p><a class="button small" href=format!("/me/messages/{idea}")>{td_string!(l, groups.talk)}</a></p>
                });
                let members = g.members.clone().into_iter().map(|p| {
                    let tools = owner.then(|| {
                        let fields = vec![("idea", idea.clone()), ("member", p.id.clone())];
                        let handing = fields.clone();
                        view! {
                            <ActionForm action=hand_over attr:class="inline-form"><ButtonFields fields=handing label=td_string!(l, groups.hand_over)/></ActionForm>
                            <ActionForm action=remove attr:class="inline-form"><ButtonFields fields label=td_string!(l, groups.remove) class="danger"/></ActionForm>
                        }
                    });
                    view! {
                        <li><a href=format!("/profiles/{}", p.id)>{p.name}</a>" "{tools}</li>
                    }
                }).collect::<Vec<_>>();
                let invitations = g.invitations.clone().into_iter().map(|i| view! {
                    <li>
                        <a href=format!("/profiles/{}", i.person.id)>{i.person.name}</a>
                        " · "{td_string!(l, groups.open_until, date = texts::date(l, &i.expires_at)).to_string()}" "
                        <ActionForm action=withdraw attr:class="inline-form"><ButtonFields fields=vec![("id", i.id)] label=td_string!(l, groups.withdraw)/></ActionForm>
                    </li>
                }).collect::<Vec<_>>();
                view! {
                    <section class="panel group" id="group" aria-labelledby="group-title">
                        <h2 id="group-title">{td_string!(l, groups.title)}</h2>
                        {joined.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, groups.joined)}</p></div> })}
                        {handed_over.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, groups.handed_over)}</p></div> })}
                        <FormErrors error/>
                        <ul class="group-members">
                            <li><a href=format!("/profiles/{}", g.owner.id)>{g.owner.name.clone()}</a>" "<span class="badge">{td_string!(l, groups.owner)}</span></li>
                            {members}
                        </ul>
                        {talk}
                        <p class="muted">{if seats == 0 {
                            td_string!(l, groups.full).to_string()
                        } else {
                            td_string!(l, groups.seats_left, n = seats).to_string()
                        }}</p>
                        {(owner && !invitations.is_empty()).then(|| view! {
                            <h3>{td_string!(l, groups.invited)}</h3>
                            <ul class="group-invitations">{invitations}</ul>
                        })}
                        {(owner && seats > 0).then(|| view! { <p class="muted">{td_string!(l, groups.how_to_invite)}" "<a href="/me/matches">{td_string!(l, groups.find_people)}</a></p> })}
                        {(g.role == Role::Member).then(|| view! {
                            <ActionForm action=leave attr:class="inline-form"><ButtonFields fields=vec![("idea", idea.clone())] label=td_string!(l, groups.leave) class="danger"/></ActionForm>
                        })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// On a member's profile: invite them into the group of one of the viewer's ideas.
#[component]
pub fn InvitePanel(
    person_id: String,
    name: String,
    /// Where the form returns to (else the profile).
    #[prop(optional)]
    next: Option<String>,
) -> impl IntoView {
    let l = texts::locale();
    let id = person_id.clone();
    let options = Resource::new(move || id.clone(), invite_options);
    let action = ServerAction::<Invite>::new();
    let error = action_error(action);
    let invited = query_flag("invited");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let o = match options.await {
                    Ok(o) => o,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let days = o.days;
                // Nothing to offer someone who owns no idea.
                if o.ideas.is_empty() {
                    return ().into_any();
                }
                let open: Vec<(String, String)> = o.ideas.iter()
                    .filter(|(_, _, refusal)| refusal.is_none())
                    .map(|(id, title, _)| (id.clone(), title.clone()))
                    .collect();
                let not_now = o.ideas.into_iter().filter_map(|(_, title, refusal)| {
                    refusal.map(|r| view! { <li>{title}": "{texts::refusal(l, r)}</li> })
                }).collect::<Vec<_>>();
                view! {
                    <section class="panel invite" id="invite" aria-labelledby="invite-title">
                        <h2 id="invite-title">{td_string!(l, groups.invite_title, name = name.clone()).to_string()}</h2>
                        {invited.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, groups.invitation_sent)}</p></div> })}
                        <FormErrors error/>
                        {(!open.is_empty()).then(|| view! {
                            <ActionForm action=action attr:class="form">
                                <input type="hidden" name="person" value=person_id.clone()/>
                                {next.map(|n| view! { <input type="hidden" name="next" value=format!("{n}#invite")/> })}
                                <div class="field">
                                    <label for="invite-idea">{td_string!(l, groups.which_idea)}</label>
                                    <select id="invite-idea" name="idea">
                                        {open.into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect::<Vec<_>>()}
                                    </select>
                                </div>
                                <p class="hint">{td_string!(l, groups.invite_hint, days = days).to_string()}</p>
                                <button class="button primary" type="submit">{td_string!(l, groups.invite)}</button>
                            </ActionForm>
                        })}
                        {(!not_now.is_empty()).then(|| view! { <ul class="muted">{not_now}</ul> })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn InvitationItem(i: InvitationView, answer: ServerAction<AnswerInvitation>) -> impl IntoView {
    let l = texts::locale();
    let (accept_id, decline_id) = (i.id.clone(), i.id.clone());
    view! {
        <li class="card invitation">
            <p class="card-title"><a href=format!("/ideas/{}", i.idea_id)>{i.idea_title.clone()}</a></p>
            <p class="muted">
                {td_string!(l, groups.invited_by, name = i.person.name.clone()).to_string()}
                " · "{td_string!(l, groups.open_until, date = texts::date(l, &i.expires_at)).to_string()}
            </p>
            <div class="actions">
                <ActionForm action=answer attr:class="inline-form"><ButtonFields fields=vec![("id", accept_id), ("answer", "accept".into())] label=td_string!(l, groups.accept) class="primary"/></ActionForm>
                <ActionForm action=answer attr:class="inline-form"><ButtonFields fields=vec![("id", decline_id), ("answer", "decline".into())] label=td_string!(l, groups.decline)/></ActionForm>
            </div>
        </li>
    }
}

#[component]
fn GroupItem(g: GroupSummary) -> impl IntoView {
    let l = texts::locale();
    view! {
        <li class="card">
            <p class="card-title"><a href=format!("/ideas/{}#group", g.idea_id)>{g.title}</a></p>
            <p class="muted">
                {if g.owned {
                    td_string!(l, groups.you_own).to_string()
                } else {
                    td_string!(l, groups.owned_by, name = g.owner_name).to_string()
                }}
                " · "{td_string!(l, groups.size, n = g.size).to_string()}
            </p>
        </li>
    }
}

/// `/me/groups`: invitations to answer and the groups the member belongs to.
#[component]
pub fn MyGroupsPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let data = Resource::new(|| (), |_| my_groups());
    let answer = ServerAction::<AnswerInvitation>::new();
    let error = action_error(answer);
    let (declined, left) = (query_flag("declined"), query_flag("left"));
    view! {
        <Title text=texts::page_title(l, td_string!(l, groups.nav))/>
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
                    <div class="me groups">
                        <MyAreaNav current=MyArea::Groups profile_id=me.id.clone()/>
                        <h1>{td_string!(l, groups.nav)}</h1>
                        {declined.then(|| view! { <div class="alert" role="status"><p>{td_string!(l, groups.declined)}</p></div> })}
                        {left.then(|| view! { <div class="alert" role="status"><p>{td_string!(l, groups.left)}</p></div> })}
                        <FormErrors error/>
                        {(!d.invitations.is_empty()).then(|| view! {
                            <section aria-labelledby="invitations">
                                <h2 id="invitations">{td_string!(l, groups.invitations)}</h2>
                                <ul class="cards" role="list">
                                    {d.invitations.clone().into_iter().map(|i| view! { <InvitationItem i answer/> }).collect::<Vec<_>>()}
                                </ul>
                            </section>
                        })}
                        <section aria-labelledby="my-groups">
                            <h2 id="my-groups">{td_string!(l, groups.mine)}</h2>
                            {if d.groups.is_empty() {
                                view! { <p class="muted">{td_string!(l, groups.none)}" "<a href="/me/matches">{td_string!(l, groups.find_people)}</a></p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards" role="list">
                                        {d.groups.clone().into_iter().map(|g| view! { <GroupItem g/> }).collect::<Vec<_>>()}
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
