use super::{
    CallMention, DeleteUpdate, PostUpdate, Progress, SaveRetrospective, SetStage, ShowcaseItem,
    UpdateView, get_retrospective, showcase,
};
use crate::components::{
    ErrorPanel, FormErrors, Select, TextArea, TextField, action_error, query_flag,
};
use crate::domain::{RetroText, Stage};
use crate::i18n::*;
use crate::shared::IdeaCardView;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
fn StageBadge(stage: Stage) -> impl IntoView {
    let l = texts::locale();
    view! { <span class=format!("badge stage stage-{}", stage.key())>{crate::showcase::labels::stage(l, stage)}</span> }
}

/// The calls an idea went into, winners marked.
#[component]
fn CallMentions(calls: Vec<CallMention>) -> impl IntoView {
    let l = texts::locale();
    (!calls.is_empty()).then(|| {
        view! {
            <p class="call-mentions">
                {td_string!(l, showcase.entered)}" "
                {calls.into_iter().enumerate().map(|(i, c)| view! {
                    {(i > 0).then_some(", ")}
                    <a href=format!("/calls/{}", c.id)>{c.title}</a>
                    {c.won.then(|| view! { " "<span class="badge badge-winner">{td_string!(l, showcase.winner)}</span> })}
                }).collect::<Vec<_>>()}
            </p>
        }
    })
}

/// The progress part of a published idea's page: its stage, the calls it went into, a
/// successful failure's retrospective and the group's updates, newest first. Public; the
/// group's forms are plain posts.
#[component]
pub fn ProgressSection(p: Progress) -> impl IntoView {
    let l = texts::locale();
    let post = ServerAction::<PostUpdate>::new();
    let stage = ServerAction::<SetStage>::new();
    let delete = ServerAction::<DeleteUpdate>::new();
    let post_error = action_error(post);
    let error = {
        let (stage, delete) = (action_error(stage), action_error(delete));
        Signal::derive(move || stage.get().or_else(|| delete.get()))
    };
    let notice = if query_flag("posted") {
        Some(td_string!(l, showcase.posted))
    } else if query_flag("staged") {
        Some(td_string!(l, showcase.staged))
    } else if query_flag("retrospective") {
        Some(td_string!(l, showcase.retro_saved))
    } else {
        None
    };
    let content = {
        let id = p.idea_id.clone();
        let retro_href = format!("/ideas/{id}/retrospective");
        let (post_id, stage_id) = (id.clone(), id.clone());
        let tools = p.can_post.then(move || {
                        let options = vec![
                            ("", td_string!(l, showcase.as_facts)),
                            (Stage::InImplementation.key(), crate::showcase::labels::stage(l, Stage::InImplementation)),
                            (Stage::Completed.key(), crate::showcase::labels::stage(l, Stage::Completed)),
                        ];
                        let declared = p
                            .declared
                            .filter(|s| *s != Stage::SuccessfulFailure)
                            .map(|s| s.key().to_owned())
                            .unwrap_or_default();
                        let failed = p.stage == Stage::SuccessfulFailure;
                        view! {
                            <div class="progress-tools">
                                <details class="disclosure" open=post_error.get_untracked().is_some()>
                                    <summary>{td_string!(l, showcase.post_title)}</summary>
                                    <ActionForm action=post>
                                        <FormErrors error=post_error/>
                                        <input type="hidden" name="idea" value=post_id/>
                                        <TextArea label=td_string!(l, showcase.body) name="body" rows=4 required=true
                                            hint=td_string!(l, showcase.body_hint) error=post_error/>
                                        <TextField label=td_string!(l, showcase.link) name="link" kind="url"
                                            hint=td_string!(l, showcase.link_hint) maxlength=500 error=post_error/>
                                        <button class="button primary" type="submit">{td_string!(l, showcase.post)}</button>
                                    </ActionForm>
                                </details>
                                <details class="disclosure">
                                    <summary>{td_string!(l, showcase.declare_title)}</summary>
                                    <ActionForm action=stage>
                                        <input type="hidden" name="idea" value=stage_id/>
                                        <Select label=td_string!(l, showcase.stage_label) name="stage" options selected=declared
                                            hint=td_string!(l, showcase.declare_hint) error/>
                                        <button class="button" type="submit">{td_string!(l, showcase.declare)}</button>
                                    </ActionForm>
                                    <p>
                                        <a href=retro_href.clone()>
                                            {if failed { td_string!(l, showcase.failure_edit) } else { td_string!(l, showcase.failure_link) }}
                                        </a>
                                    </p>
                                </details>
                            </div>
                        }
                    });
        let retro = p.retrospective.clone().map(|r| {
            view! {
                <section class="retrospective" aria-labelledby="retro-heading">
                    <h3 id="retro-heading">{td_string!(l, showcase.retro_title)}</h3>
                    <h4>{td_string!(l, showcase.tried)}</h4>
                    <div class="prose" inner_html=r.tried_html></div>
                    <h4>{td_string!(l, showcase.why_not)}</h4>
                    <div class="prose" inner_html=r.why_not_html></div>
                    <h4>{td_string!(l, showcase.learned)}</h4>
                    <div class="prose" inner_html=r.learned_html></div>
                </section>
            }
        });
        let updates = if p.updates.is_empty() {
            view! { <p class="muted">{td_string!(l, showcase.no_updates)}</p> }.into_any()
        } else {
            view! {
                            <ol class="timeline" role="list">
                                {p.updates.into_iter().map(|u| view! { <Update u delete/> }).collect::<Vec<_>>()}
                            </ol>
                        }.into_any()
        };
        view! {
            <h2 id="progress-heading">{td_string!(l, showcase.progress)}</h2>
            {notice.map(|n| view! { <div class="alert alert-success" role="status"><p>{n}</p></div> })}
            <FormErrors error/>
            <p>{td_string!(l, showcase.stage_label)}": "<StageBadge stage=p.stage/></p>
            <CallMentions calls=p.calls/>
            {retro}
            {tools}
            <h3>{td_string!(l, showcase.timeline)}</h3>
            {updates}
        }
    };
    view! {
        <section id="progress" class="progress" aria-labelledby="progress-heading">{content}</section>
    }
}

#[component]
fn Update(u: UpdateView, delete: ServerAction<DeleteUpdate>) -> impl IntoView {
    let l = texts::locale();
    let date = texts::date_time(l, &u.created_at);
    let anchor = format!("u-{}", u.id);
    view! {
        <li class="update" id=anchor>
            <p class="comment-meta">
                <time datetime=u.created_at.to_rfc3339()>{date}</time>
                {u.author.map(|a| view! { " · "{a} })}
            </p>
            <div class="prose" inner_html=u.body_html></div>
            {u.link.map(|href| {
                let shown = href.clone();
                view! { <p><a href=href rel="nofollow ugc noopener" class="external">{shown}</a></p> }
            })}
            {u.can_delete.then(|| view! {
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=u.id.clone()/>
                    <button class="button small danger" type="submit">{td_string!(l, showcase.delete)}</button>
                </ActionForm>
            })}
        </li>
    }
}

/// `/ideas/:id/retrospective`: the group writes how its idea ended, for others to learn.
#[component]
pub fn RetrospectivePage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let form = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_retrospective,
    );
    let save = ServerAction::<SaveRetrospective>::new();
    let error = action_error(save);
    view! {
        <Title text=texts::page_title(l, td_string!(l, showcase.retro_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let f = match form.await {
                    Ok(f) => f,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let back = format!("/ideas/{}#progress", f.idea_id);
                view! {
                    <article class="narrow">
                        <p class="breadcrumb"><a href=back.clone()>{f.idea_title.clone()}</a></p>
                        <h1>{td_string!(l, showcase.retro_title)}</h1>
                        <p>{td_string!(l, showcase.retro_intro)}</p>
                        <ActionForm action=save>
                            <FormErrors error/>
                            <input type="hidden" name="idea" value=f.idea_id.clone()/>
                            <TextArea label=td_string!(l, showcase.tried) name="tried" value=f.tried rows=5 required=true error/>
                            <TextArea label=td_string!(l, showcase.why_not) name="why_not" value=f.why_not rows=5 required=true error/>
                            <TextArea label=td_string!(l, showcase.learned) name="learned" value=f.learned rows=5 required=true error/>
                            <p class="hint">{td_string!(l, showcase.retro_hint, max = RetroText::MAX).to_string()}</p>
                            <div class="toolbar">
                                <button class="button primary" type="submit">{td_string!(l, showcase.retro_save)}</button>
                                <a class="button" href=back>{td_string!(l, showcase.back)}</a>
                            </div>
                        </ActionForm>
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn ShowcaseCard(item: ShowcaseItem) -> impl IntoView {
    let l = texts::locale();
    view! {
        <li class="showcase-item">
            <p class="showcase-stage"><StageBadge stage=item.stage/></p>
            <IdeaCardView card=item.card/>
            <CallMentions calls=item.calls/>
            {item.lesson.map(|t| view! { <p class="lesson"><strong>{td_string!(l, showcase.lesson)}</strong>" "{t}</p> })}
            {item.latest_update.map(|d| view! {
                <p class="muted">{if texts::is_one(l, item.updates) {
                    td_string!(l, showcase.updates_1, date = texts::date(l, &d)).to_string()
                } else {
                    td_string!(l, showcase.updates_n, n = texts::number(l, item.updates), date = texts::date(l, &d)).to_string()
                }}</p>
            })}
        </li>
    }
}

/// `/showcase`: public, server-rendered; the filters are a plain GET form.
#[component]
pub fn ShowcasePage() -> impl IntoView {
    let l = texts::locale();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("stage"), q.get("call"))
        },
        |(stage, call)| showcase(stage, call),
    );
    view! {
        <Title text=texts::page_title(l, td_string!(l, showcase.title))/>
        <h1>{td_string!(l, showcase.title)}</h1>
        <p class="lead">{td_string!(l, showcase.intro)}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let s = match data.await {
                    Ok(s) => s,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let stages: Vec<(&'static str, &'static str)> = Stage::ALL
                    .iter()
                    .filter(|s| s.in_showcase())
                    .map(|s| (s.key(), crate::showcase::labels::stage(l, *s)))
                    .collect();
                let stage = s.stage.map(|s| s.key().to_owned()).unwrap_or_default();
                let call = s.call.clone().unwrap_or_default();
                view! {
                    <form method="get" action="/showcase" class="filters" role="search"
                        aria-label=td_string!(l, showcase.filters)>
                        <div class="field">
                            <label for="stage">{td_string!(l, showcase.stage_label)}</label>
                            <select id="stage" name="stage">
                                <option value="">{td_string!(l, showcase.any_stage)}</option>
                                {stages.into_iter().map(|(k, t)| view! { <option value=k selected=k == stage>{t}</option> }).collect::<Vec<_>>()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="call">{td_string!(l, showcase.call)}</label>
                            <select id="call" name="call">
                                <option value="">{td_string!(l, showcase.any_call)}</option>
                                {s.calls.iter().map(|(id, t)| view! { <option value=id.clone() selected=*id == call>{t.clone()}</option> }).collect::<Vec<_>>()}
                            </select>
                        </div>
                        <button class="button" type="submit">{td_string!(l, showcase.apply)}</button>
                    </form>
                    {if s.items.is_empty() {
                        view! { <p class="muted">{td_string!(l, showcase.none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="showcase" role="list">
                                {s.items.into_iter().map(|item| view! { <ShowcaseCard item/> }).collect::<Vec<_>>()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
    }
}
