use super::{
    ApproveSubmission, CallSummary, EntryOption, EntryStatus, SaveCall, SaveSubmission,
    StartSubmission, SubmissionView, WithdrawSubmission, call_editor, get_call, get_submission,
    list_calls, weight_field,
};
use crate::components::{
    Checkbox, CommunityNote, ErrorPanel, FormErrors, Select, TextArea, TextField, action_error,
    query_flag,
};
use crate::domain::{CallField, CallKind, Phase, Teaser};
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The checkbox that makes a call ask `f`.
fn ask_name(f: CallField) -> &'static str {
    match f {
        CallField::Problem => "ask_problem",
        CallField::TargetGroup => "ask_target_group",
        CallField::AiUse => "ask_ai_use",
        CallField::CommonGood => "ask_common_good",
        CallField::DataEthics => "ask_data_ethics",
        CallField::Team => "ask_team",
        CallField::Plan => "ask_plan",
        CallField::Budget => "ask_budget",
    }
}

/// "Open · closes 31 Mar 2027, 18:00 (Berlin time), in 3 days 4 hours" and the like.
#[component]
fn CallDates(c: CallSummary) -> impl IntoView {
    let l = texts::locale();
    let line = match c.phase {
        Phase::Upcoming => td_string!(
            l,
            calls.opens_on,
            date = texts::zoned_date_time(l, &c.opens_at)
        )
        .to_string(),
        Phase::Open => td_string!(
            l,
            calls.closes_on,
            date = texts::zoned_date_time(l, &c.closes_at),
            left = crate::contest::labels::countdown(l, c.now, c.closes_at)
        )
        .to_string(),
        Phase::Jury => td_string!(
            l,
            calls.results_on,
            date = texts::zoned_date_time(l, &c.results_at)
        )
        .to_string(),
        Phase::Decided => td_string!(
            l,
            calls.closed_on,
            date = texts::zoned_date_time(l, &c.closes_at)
        )
        .to_string(),
    };
    view! {
        <p class="muted call-dates">
            <span class="badge">{crate::contest::labels::phase(l, c.phase)}</span>" "{line}
        </p>
    }
}

#[component]
fn CallCard(c: CallSummary) -> impl IntoView {
    let l = texts::locale();
    let href = format!("/calls/{}", c.id);
    let amount =
        td_string!(l, calls.up_to, amount = texts::prize(l, c.max_amount_cents)).to_string();
    view! {
        <li class="card call">
            <p class="muted">{crate::contest::labels::call_kind(l, c.kind)}" · "{amount}</p>
            <p class="card-title"><a href=href>{c.title.clone()}</a></p>
            <CallDates c/>
        </li>
    }
}

#[component]
fn CallList(title: &'static str, id: &'static str, calls: Vec<CallSummary>) -> impl IntoView {
    (!calls.is_empty()).then(|| {
        view! {
            <section aria-labelledby=id>
                <h2 id=id>{title}</h2>
                <ul class="cards" role="list">
                    {calls.into_iter().map(|c| view! { <CallCard c/> }).collect::<Vec<_>>()}
                </ul>
            </section>
        }
    })
}

/// `/calls`: the contest and funding calls, open, upcoming and past. Public, no script.
#[component]
pub fn CallsPage() -> impl IntoView {
    let l = texts::locale();
    let calls = Resource::new(|| (), |_| list_calls());
    view! {
        <Title text=texts::page_title(l, td_string!(l, calls.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let o = match calls.await {
                    Ok(o) => o,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let none = o.open.is_empty() && o.upcoming.is_empty() && o.past.is_empty();
                view! {
                    <div class="calls">
                        <h1>{td_string!(l, calls.title)}</h1>
                        <p class="lead">{td_string!(l, calls.intro)}</p>
                        {o.admin.then(|| view! { <p><a class="button primary" href="/calls/new">{td_string!(l, calls.new)}</a></p> })}
                        {none.then(|| view! { <p class="muted">{td_string!(l, calls.none)}</p> })}
                        <CallList title=td_string!(l, calls.open_calls) id="open-calls" calls=o.open/>
                        <CallList title=td_string!(l, calls.upcoming_calls) id="upcoming-calls" calls=o.upcoming/>
                        <CallList title=td_string!(l, calls.past_calls) id="past-calls" calls=o.past/>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

fn entry_status(l: Locale, s: EntryStatus) -> &'static str {
    match s {
        EntryStatus::Draft => td_string!(l, calls.status_draft),
        EntryStatus::Submitted => td_string!(l, calls.status_submitted),
        EntryStatus::Withdrawn => td_string!(l, calls.status_withdrawn),
    }
}

#[component]
fn EntryItem(
    call_id: String,
    e: EntryOption,
    start: ServerAction<StartSubmission>,
) -> impl IntoView {
    let l = texts::locale();
    let idea_id = e.idea_id.clone();
    let what = match (e.submission, e.refusal) {
        (Some((id, status)), _) => view! {
            <span class="badge">{entry_status(l, status)}</span>" "
            <a href=format!("/submissions/{id}")>{td_string!(l, calls.open_submission)}</a>
        }
        .into_any(),
        (None, Some(r)) => view! { <span class="muted">{texts::refusal(l, r)}</span> }.into_any(),
        (None, None) => view! {
            <ActionForm action=start attr:class="inline-form">
                <input type="hidden" name="call" value=call_id/>
                <input type="hidden" name="idea" value=idea_id/>
                <button class="button small primary" type="submit">{td_string!(l, calls.enter)}</button>
            </ActionForm>
            {e.from_contest.map(|contest| view! {
                <span class="muted">{td_string!(l, calls.from_contest, contest).to_string()}</span>
            })}
        }
        .into_any(),
    };
    view! {
        <li class="card">
            <p class="card-title"><a href=format!("/ideas/{}", e.idea_id)>{e.idea_title}</a></p>
            <div class="card-actions">{what}</div>
        </li>
    }
}

/// While a call is open: the member's groups' ideas, each entered or with its button.
fn open_entries(
    l: Locale,
    id: &str,
    entries: Option<Vec<EntryOption>>,
    unconfirmed: bool,
    start: ServerAction<StartSubmission>,
    error: Signal<Option<crate::error::AppError>>,
) -> AnyView {
    match entries {
        None if unconfirmed => view! { <crate::components::VerifyReminder/> }.into_any(),
        None => view! {
            <p><a href=format!("/login?next=/calls/{id}")>{td_string!(l, calls.log_in_to_enter)}</a></p>
        }
        .into_any(),
        Some(list) if list.is_empty() => view! {
            <p class="muted">{td_string!(l, calls.no_groups)}" "<a href="/ideas/new">{td_string!(l, calls.write_idea)}</a></p>
        }
        .into_any(),
        Some(list) => {
            let id = id.to_owned();
            view! {
                <CommunityNote/>
                <FormErrors error/>
                <ul class="cards" role="list">
                    {list.into_iter().map(|e| view! { <EntryItem call_id=id.clone() e start/> }).collect::<Vec<_>>()}
                </ul>
            }
            .into_any()
        }
    }
}

/// Before or after the entry period: only the submissions the member's groups made, if any.
fn past_entries(l: Locale, entries: Option<Vec<EntryOption>>) -> AnyView {
    let mine = entries
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| e.submission.map(|(id, status)| (e.idea_title, id, status)))
        .collect::<Vec<_>>();
    (!mine.is_empty())
        .then(|| {
            view! {
                <h3>{td_string!(l, calls.your_entries)}</h3>
                <ul class="cards" role="list">
                    {mine.into_iter().map(|(title, id, status)| view! {
                        <li class="card">
                            <p class="card-title">{title}</p>
                            <div class="card-actions">
                                <span class="badge">{entry_status(l, status)}</span>" "
                                <a href=format!("/submissions/{id}")>{td_string!(l, calls.open_submission)}</a>
                            </div>
                        </li>
                    }).collect::<Vec<_>>()}
                </ul>
            }
        })
        .into_any()
}

/// What the call's phase allows: prepare (upcoming), enter (open), wait for the jury
/// (closed), see the winners (decided).
#[component]
fn PhaseSection(c: CallSummary, entries: AnyView) -> impl IntoView {
    let l = texts::locale();
    let (title, text) = match c.phase {
        Phase::Upcoming => (
            td_string!(l, calls.prepare_title),
            td_string!(
                l,
                calls.prepare_text,
                date = texts::zoned_date_time(l, &c.opens_at)
            )
            .to_string(),
        ),
        Phase::Open => (
            td_string!(l, calls.your_groups),
            td_string!(l, calls.how_it_works).to_string(),
        ),
        Phase::Jury => (
            td_string!(l, calls.review_title),
            td_string!(
                l,
                calls.review_text,
                closed = texts::zoned_date_time(l, &c.closes_at),
                results = texts::zoned_date_time(l, &c.results_at)
            )
            .to_string(),
        ),
        Phase::Decided => (
            td_string!(l, calls.decided_title),
            td_string!(
                l,
                calls.decided_text,
                date = texts::zoned_date_time(l, &c.results_at)
            )
            .to_string(),
        ),
    };
    let winners = (c.phase == Phase::Decided).then(|| {
        view! {
            <crate::jury::WinnersOf call=c.id.clone()/>
            <p><a href=format!("/calls/{}/results", c.id)>{td_string!(l, calls.see_results)}</a></p>
        }
    });
    view! {
        <section aria-labelledby="phase-title" class="phase">
            <h2 id="phase-title">{title}</h2>
            <p class="hint">{text}</p>
            {winners}
            {entries}
        </section>
    }
}

/// `/calls/:id`: a call, public; a member enters one of their groups' ideas from here.
#[component]
pub fn CallPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let call = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_call,
    );
    let start = ServerAction::<StartSubmission>::new();
    let error = action_error(start);
    let saved = query_flag("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let v = match call.await {
                    Ok(v) => v,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let c = v.call.clone();
                let id = c.id.clone();
                let dates = [
                    (td_string!(l, calls.opens), texts::zoned_date_time(l, &c.opens_at)),
                    (td_string!(l, calls.closes), texts::zoned_date_time(l, &c.closes_at)),
                    (td_string!(l, calls.jury_until), texts::zoned_date_time(l, &c.jury_until)),
                    (td_string!(l, calls.results), texts::zoned_date_time(l, &c.results_at)),
                ];
                let entries = match c.phase {
                    Phase::Open => open_entries(l, &id, v.entries.clone(), v.unconfirmed, start, error),
                    _ => past_entries(l, v.entries.clone()),
                };
                view! {
                    <Title text=texts::page_title(l, &c.title)/>
                    <article class="call-page">
                        <p class="muted"><a href="/calls">{td_string!(l, calls.title)}</a>" · "{crate::contest::labels::call_kind(l, c.kind)}</p>
                        <h1>{c.title.clone()}</h1>
                        {saved.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, calls.saved)}</p></div> })}
                        <CallDates c=c.clone()/>
                        {v.admin.then(|| view! { <p><a class="button small" href=format!("/calls/{}/edit", c.id)>{td_string!(l, calls.edit)}</a></p> })}
                        {v.juror.then(|| view! { <p><a class="button primary" href=format!("/jury/{}", c.id)>{td_string!(l, calls.jury_queue)}</a></p> })}
                        <dl class="facts">
                            <dt>{td_string!(l, calls.amount)}</dt>
                            <dd>{td_string!(l, calls.up_to, amount = texts::prize(l, c.max_amount_cents)).to_string()}</dd>
                            {dates.into_iter().map(|(k, d)| view! { <dt>{k}</dt><dd>{d}</dd> }).collect::<Vec<_>>()}
                        </dl>
                        <div class="prose" inner_html=v.description_html.clone()></div>
                        {(!v.fields.is_empty()).then(|| view! {
                            <h2>{td_string!(l, calls.questions)}</h2>
                            <ul>{v.fields.iter().map(|f| view! { <li>{texts::call_field(l, *f)}</li> }).collect::<Vec<_>>()}</ul>
                        })}
                        <PhaseSection c=c.clone() entries/>
                        {v.admin.then(|| view! { <crate::jury::JuryPanel call=c.id.clone()/> })}
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/calls/new` and `/calls/:id/edit`: admins only (others get the error page).
#[component]
pub fn CallEditorPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let form = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        call_editor,
    );
    let save = ServerAction::<SaveCall>::new();
    let error = action_error(save);
    view! {
        <Title text=texts::page_title(l, td_string!(l, calls.editor))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let f = match form.await {
                    Ok(f) => f,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let kinds = CallKind::ALL.iter().map(|k| (k.key(), crate::contest::labels::call_kind(l, *k))).collect::<Vec<_>>();
                let asks = CallField::ALL.iter().map(|field| {
                    let checked = f.fields.contains(field);
                    view! { <Checkbox label=texts::call_field(l, *field) name=ask_name(*field) checked/> }
                }).collect::<Vec<_>>();
                let weights = f.weights.iter().map(|(c, w)| view! {
                    <TextField label=texts::criterion(l, *c) name=weight_field(*c) kind="number" value=w.to_string() required=true error/>
                }).collect::<Vec<_>>();
                view! {
                    <div class="call-editor">
                        <h1>{td_string!(l, calls.editor)}</h1>
                        <FormErrors error/>
                        <ActionForm action=save attr:class="form">
                            <input type="hidden" name="id" value=f.id.clone()/>
                            <Select label=td_string!(l, calls.kind) name="kind" options=kinds selected=f.kind.clone() error/>
                            <TextField label=td_string!(l, calls.title_de) name="title_de" value=f.title_de.clone() required=true maxlength=120 error/>
                            <TextField label=td_string!(l, calls.title_en) name="title_en" value=f.title_en.clone() required=true maxlength=120 error/>
                            <TextArea label=td_string!(l, calls.description_de) name="description_de" value=f.description_de.clone() required=true rows=8
                                hint=td_string!(l, calls.markdown_hint) error/>
                            <TextArea label=td_string!(l, calls.description_en) name="description_en" value=f.description_en.clone() required=true rows=8
                                hint=td_string!(l, calls.markdown_hint) error/>
                            <fieldset class="fieldset">
                                <legend>{td_string!(l, calls.schedule)}</legend>
                                <p class="hint">{td_string!(l, calls.zone_hint, zone = texts::zone_name()).to_string()}</p>
                                <TextField label=td_string!(l, calls.opens) name="opens_at" kind="datetime-local" value=f.opens_at.clone() required=true error/>
                                <TextField label=td_string!(l, calls.closes) name="closes_at" kind="datetime-local" value=f.closes_at.clone() required=true error/>
                                <TextField label=td_string!(l, calls.jury_until) name="jury_until" kind="datetime-local" value=f.jury_until.clone() required=true error/>
                                <TextField label=td_string!(l, calls.results) name="results_at" kind="datetime-local" value=f.results_at.clone() required=true error/>
                            </fieldset>
                            <TextField label=td_string!(l, calls.max_amount) name="max_amount" value=f.max_amount.clone() required=true
                                hint=td_string!(l, calls.max_amount_hint) error/>
                            <fieldset class="fieldset">
                                <legend>{td_string!(l, calls.questions)}</legend>
                                {asks}
                            </fieldset>
                            <fieldset class="fieldset">
                                <legend>{td_string!(l, calls.criteria)}</legend>
                                <p class="hint">{td_string!(l, calls.weights_hint)}</p>
                                {weights}
                            </fieldset>
                            <button class="button primary" type="submit">{td_string!(l, calls.save)}</button>
                        </ActionForm>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The answer a field's name carries in the submission form.
fn answer_name(f: CallField) -> &'static str {
    f.key()
}

#[component]
fn SubmissionForm(
    s: SubmissionView,
    save: ServerAction<SaveSubmission>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let l = texts::locale();
    let answers = s
        .answers
        .iter()
        .map(|(f, a)| {
            let (label, name, value) = (texts::call_field(l, *f), answer_name(*f), a.clone());
            if *f == CallField::Budget {
                view! { <TextField label name value hint=td_string!(l, calls.budget_hint) error/> }
                    .into_any()
            } else {
                view! { <TextArea label name value rows=5 error/> }.into_any()
            }
        })
        .collect::<Vec<_>>();
    view! {
        <ActionForm action=save attr:class="form">
            <input type="hidden" name="id" value=s.id.clone()/>
            <input type="hidden" name="version" value=s.version.to_string()/>
            <TextField label=td_string!(l, idea.title) name="title" value=s.title.clone() required=true maxlength=120 error/>
            <TextArea label=td_string!(l, idea.teaser) name="teaser" value=s.teaser.clone() required=true rows=3 counter=Teaser::MAX error/>
            <TextArea label=td_string!(l, idea.description) name="description" value=s.description.clone() rows=10 error/>
            {answers}
            <p class="hint">{td_string!(l, calls.save_hint)}</p>
            <button class="button primary" type="submit">{td_string!(l, calls.save_version)}</button>
        </ActionForm>
    }
}

/// The version as read-only text (after the deadline).
#[component]
fn SubmissionText(s: SubmissionView) -> impl IntoView {
    let l = texts::locale();
    let answers = s
        .answers
        .into_iter()
        .map(|(f, a)| {
            view! {
                <dt>{texts::call_field(l, f)}</dt>
                <dd class="pre-line">{if f == CallField::Budget && !a.is_empty() {
                    a.parse::<i64>().map(|e| texts::prize(l, e * 100)).unwrap_or(a)
                } else {
                    a
                }}</dd>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <dl class="facts submission-text">
            <dt>{td_string!(l, idea.title)}</dt><dd>{s.title}</dd>
            <dt>{td_string!(l, idea.teaser)}</dt><dd class="pre-line">{s.teaser}</dd>
            <dt>{td_string!(l, idea.description)}</dt><dd class="pre-line">{s.description}</dd>
            {answers}
        </dl>
    }
}

/// `/submissions/:id`: the group's entry to a call. Members of the group only.
#[component]
pub fn SubmissionPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let entry = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_submission,
    );
    let save = ServerAction::<SaveSubmission>::new();
    let approve = ServerAction::<ApproveSubmission>::new();
    let withdraw = ServerAction::<WithdrawSubmission>::new();
    let errors = [action_error(approve), action_error(withdraw)];
    let save_error = action_error(save);
    let error = Signal::derive(move || errors.iter().find_map(|e| e.get()));
    let flag = [
        ("started", td_string!(l, calls.started)),
        ("saved", td_string!(l, calls.version_saved)),
        ("approved", td_string!(l, calls.approved)),
        ("withdrawn", td_string!(l, calls.withdrawn)),
    ]
    .into_iter()
    .find(|(k, _)| query_flag(k))
    .map(|(_, text)| text);
    view! {
        <Title text=texts::page_title(l, td_string!(l, calls.submission))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let s = match entry.await {
                    Ok(s) => s,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let status = match (s.status, s.submitted_version) {
                    (EntryStatus::Submitted, Some(v)) if v == s.version => td_string!(l, calls.counts_this).to_string(),
                    (EntryStatus::Submitted, Some(v)) => td_string!(l, calls.counts_older, version = v).to_string(),
                    (EntryStatus::Withdrawn, _) => td_string!(l, calls.is_withdrawn).to_string(),
                    _ => td_string!(l, calls.not_yet).to_string(),
                };
                let waiting = s.approvals.iter().filter(|a| !a.approved).count();
                let approvals = s.approvals.iter().map(|a| view! {
                    <li>
                        <a href=format!("/profiles/{}", a.person.id)>{a.person.name.clone()}</a>" · "
                        {if a.approved { td_string!(l, calls.has_approved) } else { td_string!(l, calls.waiting) }}
                    </li>
                }).collect::<Vec<_>>();
                let open = s.locked.is_none();
                let (approve_id, withdraw_id) = (s.id.clone(), s.id.clone());
                let version = s.version.to_string();
                let edited = td_string!(l, calls.edited, version = s.version, name = s.edited_by.clone().unwrap_or_default(), date = texts::zoned_date_time(l, &s.edited_at)).to_string();
                view! {
                    <article class="submission">
                        <CommunityNote/>
                        <p class="muted"><a href=format!("/calls/{}", s.call.id)>{s.call.title.clone()}</a></p>
                        <h1>{td_string!(l, calls.submission)}": "{s.title.clone()}</h1>
                        {flag.map(|text| view! { <div class="alert alert-success" role="status"><p>{text}</p></div> })}
                        <FormErrors error/>
                        <CallDates c=s.call.clone()/>
                        // Another member's approval, save or withdrawal shows here at once.
                        <crate::components::islands::LiveRegion region="#approval".to_owned() about=Some(s.id.clone())/>
                        <section class="panel" id="approval" aria-labelledby="approval-title">
                            <h2 id="approval-title">{td_string!(l, calls.approval)}</h2>
                            <p class="submission-status"><strong>{status}</strong></p>
                            <p class="muted">{edited}</p>
                            <ul class="approvals">{approvals}</ul>
                            <div class="approval-actions">
                            {(open && !s.i_approved).then(|| view! {
                                <ActionForm action=approve attr:class="inline-form">
                                    <input type="hidden" name="id" value=approve_id/>
                                    <input type="hidden" name="version" value=version/>
                                    <button class="button primary" type="submit">{td_string!(l, calls.approve, version = s.version).to_string()}</button>
                                </ActionForm>
                            })}
                            {(open && s.i_approved && waiting > 0).then(|| view! { <p class="muted">{if texts::is_one(l, waiting as u64) { td_string!(l, calls.waiting_for_1).to_string() } else { td_string!(l, calls.waiting_for_n, count = waiting).to_string() }}</p> })}
                            {(open && s.status != EntryStatus::Withdrawn).then(|| view! {
                                <ActionForm action=withdraw attr:class="inline-form">
                                    <input type="hidden" name="id" value=withdraw_id/>
                                    <button class="button small danger" type="submit">{td_string!(l, calls.withdraw)}</button>
                                </ActionForm>
                            })}
                            </div>
                            {s.locked.map(|r| view! { <p class="muted">{texts::refusal(l, r)}</p> })}
                        </section>
                        <section aria-labelledby="content-title">
                            <h2 id="content-title">{td_string!(l, calls.content, version = s.version).to_string()}</h2>
                            {if open {
                                view! { <SubmissionForm s=s.clone() save error=save_error/> }.into_any()
                            } else {
                                view! { <SubmissionText s=s.clone()/> }.into_any()
                            }}
                        </section>
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}
