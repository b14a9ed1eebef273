use super::{
    AppointJuror, DeclareConflict, DismissJuror, RankItem, SaveScores, SetWinner, get_jury,
    get_ranking, get_results, get_review, jury_queue, score_fields,
};
use crate::components::{
    CommunityNote, ErrorPanel, FormErrors, TextArea, TextField, action_error, echoed, query_flag,
};
use crate::domain::{CallField, Conflict};
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// On a call's page, for admins: the jurors, appointing and dismissing them, the ranking.
#[component]
pub fn JuryPanel(call: String) -> impl IntoView {
    let l = texts::locale();
    let id = call.clone();
    let jury = Resource::new(move || id.clone(), get_jury);
    let appoint = ServerAction::<AppointJuror>::new();
    let dismiss = ServerAction::<DismissJuror>::new();
    let errors = [action_error(appoint), action_error(dismiss)];
    let error = Signal::derive(move || errors.iter().find_map(|e| e.get()));
    let appointed = query_flag("appointed");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let j = match jury.await {
                    Ok(j) => j,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let jurors = j.jurors.into_iter().map(|p| {
                    let call = call.clone();
                    view! {
                    <li>
                        <a href=format!("/profiles/{}", p.id)>{p.name}</a>" "
                        <ActionForm action=dismiss attr:class="inline-form">
                            <input type="hidden" name="call" value=call/>
                            <input type="hidden" name="juror" value=p.id/>
                            <button class="button small danger" type="submit">{td_string!(l, jury.dismiss)}</button>
                        </ActionForm>
                    </li>
                }}).collect::<Vec<_>>();
                let ranking = format!("/calls/{call}/ranking");
                view! {
                    <section class="panel" id="jury" aria-labelledby="jury-title">
                        <h2 id="jury-title">{td_string!(l, jury.title)}</h2>
                        {appointed.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, jury.appointed)}</p></div> })}
                        <FormErrors error/>
                        {if jurors.is_empty() {
                            view! { <p class="muted">{td_string!(l, jury.none)}</p> }.into_any()
                        } else {
                            view! { <ul class="jurors">{jurors}</ul> }.into_any()
                        }}
                        <ActionForm action=appoint attr:class="form">
                            <input type="hidden" name="call" value=call/>
                            <TextField label=td_string!(l, jury.email) name="email" kind="email" hint=td_string!(l, jury.email_hint) error/>
                            <button class="button" type="submit">{td_string!(l, jury.appoint)}</button>
                        </ActionForm>
                        <p><a href=ranking>{td_string!(l, jury.ranking)}</a></p>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/jury/:id`: a juror's queue for a call, with their progress.
#[component]
pub fn QueuePage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let queue = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        jury_queue,
    );
    let (scored, declared) = (query_flag("scored"), query_flag("declared"));
    view! {
        <Title text=texts::page_title(l, td_string!(l, jury.queue))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let q = match queue.await {
                    Ok(q) => q,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let total = q.items.len();
                let items = q.items.into_iter().map(|i| view! {
                    <li class="card">
                        <p class="card-title"><a href=format!("/reviews/{}", i.submission_id)>{i.title}</a></p>
                        <p class="pre-line">{i.teaser}</p>
                        <p><span class="badge">{if i.scored { td_string!(l, jury.scored) } else { td_string!(l, jury.to_score) }}</span></p>
                    </li>
                }).collect::<Vec<_>>();
                view! {
                    <div class="jury-queue">
                        <CommunityNote/>
                        <p class="muted"><a href=format!("/calls/{}", q.call.id)>{q.call.title.clone()}</a></p>
                        <h1>{td_string!(l, jury.queue)}</h1>
                        {scored.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, jury.saved)}</p></div> })}
                        {declared.then(|| view! { <div class="alert" role="status"><p>{td_string!(l, jury.declared)}</p></div> })}
                        <p class="progress-text">{td_string!(l, jury.progress, done = q.scored, total = total).to_string()}</p>
                        <progress max=total.max(1).to_string() value=q.scored.to_string() aria-label=td_string!(l, jury.queue)></progress>
                        {q.closed.map(|r| view! { <p class="muted">{texts::refusal(l, r)}</p> })}
                        <p class="hint">{td_string!(l, jury.conflicts_hint)}</p>
                        <ul class="cards" role="list">{items}</ul>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/reviews/:id`: one entry as the juror reads and scores it.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let review = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_review,
    );
    let save = ServerAction::<SaveScores>::new();
    let declare = ServerAction::<DeclareConflict>::new();
    let error = action_error(save);
    let declare_error = action_error(declare);
    view! {
        <Title text=texts::page_title(l, td_string!(l, jury.review))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let r = match review.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let open = r.closed.is_none();
                let answers = r.answers.iter().map(|(f, a)| view! {
                    <dt>{texts::call_field(l, *f)}</dt>
                    <dd class="pre-line">{if *f == CallField::Budget && !a.is_empty() {
                        a.parse::<i64>().map(|e| texts::prize(l, e * 100)).unwrap_or(a.clone())
                    } else {
                        a.clone()
                    }}</dd>
                }).collect::<Vec<_>>();
                let criteria = r.criteria.iter().map(|c| {
                    let (score_name, comment_name) = score_fields(c.criterion);
                    let label = texts::criterion(l, c.criterion);
                    // A refused post shows the scores as they were sent.
                    let current = echoed(score_name).and_then(|v| v.parse::<u8>().ok()).or(c.score);
                    let choices = (1..=5u8).map(|n| {
                        let id = format!("{score_name}-{n}");
                        view! {
                            <span class="scale-choice">
                                <input type="radio" id=id.clone() name=score_name value=n.to_string() checked=current == Some(n) disabled=!open/>
                                <label for=id>{n.to_string()}</label>
                            </span>
                        }
                    }).collect::<Vec<_>>();
                    view! {
                        <fieldset class="score">
                            <legend>{label}" "<span class="muted">{td_string!(l, jury.weight, n = c.weight).to_string()}</span></legend>
                            <p class="hint" id=format!("{score_name}-hint")>{td_string!(l, jury.scale)}</p>
                            <div class="scale">{choices}</div>
                            <TextArea label=td_string!(l, jury.comment) name=comment_name value=c.comment.clone() rows=2 error/>
                        </fieldset>
                    }
                }).collect::<Vec<_>>();
                let (save_id, conflict_id) = (r.submission_id.clone(), r.submission_id.clone());
                view! {
                    <article class="review">
                        <CommunityNote/>
                        <p class="muted"><a href=format!("/jury/{}", r.call.id)>{td_string!(l, jury.back)}</a></p>
                        <h1>{r.title.clone()}</h1>
                        <dl class="facts submission-text">
                            <dt>{td_string!(l, idea.teaser)}</dt><dd class="pre-line">{r.teaser.clone()}</dd>
                            <dt>{td_string!(l, idea.description)}</dt><dd class="pre-line">{r.description.clone()}</dd>
                            {answers}
                        </dl>
                        <section aria-labelledby="score-title">
                            <h2 id="score-title">{td_string!(l, jury.your_scores)}</h2>
                            <FormErrors error/>
                            {r.closed.map(|reason| view! { <p class="muted">{texts::refusal(l, reason)}</p> })}
                            <ActionForm action=save attr:class="form">
                                <input type="hidden" name="submission" value=save_id/>
                                {criteria}
                                {open.then(|| view! { <button class="button primary" type="submit">{td_string!(l, jury.save)}</button> })}
                            </ActionForm>
                        </section>
                        <section aria-labelledby="conflict-title">
                            <h2 id="conflict-title">{td_string!(l, jury.conflict)}</h2>
                            <p class="hint">{td_string!(l, jury.conflict_hint)}</p>
                            <FormErrors error=declare_error/>
                            <ActionForm action=declare attr:class="inline-form">
                                <input type="hidden" name="submission" value=conflict_id/>
                                <button class="button small danger" type="submit">{td_string!(l, jury.declare)}</button>
                            </ActionForm>
                        </section>
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}

/// A horizontal bar per entry: its weighted mean on the scale 0–5. Drawn on the server;
/// the table beside it carries the same figures for screen readers.
#[component]
fn ScoreChart(items: Vec<RankItem>) -> impl IntoView {
    let l = texts::locale();
    const ROW: usize = 28;
    const LABEL: f64 = 220.0;
    const BAR: f64 = 300.0;
    let height = (items.len() * ROW + 8).to_string();
    let rows = items.into_iter().enumerate().map(|(i, item)| {
        let y = i * ROW + 4;
        let total = item.summary.total.unwrap_or(0.0);
        let title: String = item.title.chars().take(30).collect();
        view! {
            <g>
                <text x="0" y=(y + 17).to_string() class="chart-label">{title}</text>
                <rect x=LABEL.to_string() y=y.to_string() height="20" width=format!("{:.1}", total / 5.0 * BAR)
                    class=if item.summary.disagreement { "chart-bar chart-bar-disputed" } else { "chart-bar" }/>
                <text x=format!("{:.1}", LABEL + total / 5.0 * BAR + 6.0) y=(y + 17).to_string() class="chart-value">{format!("{total:.2}")}</text>
            </g>
        }
    }).collect::<Vec<_>>();
    view! {
        <svg class="chart" role="img" aria-labelledby="chart-title" viewBox=format!("0 0 580 {height}") width="100%" preserveAspectRatio="xMinYMin meet">
            <title id="chart-title">{td_string!(l, jury.chart)}</title>
            {rows}
        </svg>
    }
}

/// `/calls/:id/ranking`: admins only.
#[component]
pub fn RankingPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let ranking = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_ranking,
    );
    let mark = ServerAction::<SetWinner>::new();
    let error = action_error(mark);
    view! {
        <Title text=texts::page_title(l, td_string!(l, jury.ranking))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let r = match ranking.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let heads = r.weights.iter().map(|(c, w)| view! {
                    <th scope="col">{texts::criterion(l, *c)}" ×"{w.to_string()}</th>
                }).collect::<Vec<_>>();
                let weights = r.weights.clone();
                let rows = r.items.clone().into_iter().enumerate().map(|(i, item)| {
                    let cells = weights.iter().map(|(c, _)| {
                        let found = item.summary.criteria.iter().find(|x| x.criterion == *c);
                        match found {
                            Some(x) => {
                                let disputed = x.spread >= crate::domain::jury::DISAGREEMENT;
                                view! {
                                <td class:disputed=disputed>
                                    {format!("{:.2}", x.mean)}" "
                                    <span class="muted">{td_string!(l, jury.spread, n = x.spread).to_string()}</span>
                                </td>
                            }.into_any()
                            }
                            None => view! { <td>"–"</td> }.into_any(),
                        }
                    }).collect::<Vec<_>>();
                    let next = (!item.winner).to_string();
                    let ties = if item.ties.is_empty() {
                        view! { <span class="muted">{td_string!(l, jury.no_ties)}</span> }.into_any()
                    } else {
                        let list = item.ties.iter().map(|t| {
                            let why = match t.reason {
                                Conflict::InGroup => td_string!(l, jury.tie_in_group),
                                Conflict::SameOrganisation => td_string!(l, jury.tie_same_organisation),
                                Conflict::Talked => td_string!(l, jury.tie_talked),
                                Conflict::Declared => td_string!(l, jury.tie_declared),
                            };
                            let since = td_string!(l, jury.tie_since, date = texts::zoned_date_time(l, &t.since)).to_string();
                            view! { <li>{t.juror.clone()}": "{why}" "<span class="muted">"("{since}")"</span></li> }
                        }).collect::<Vec<_>>();
                        view! { <ul class="ties">{list}</ul> }.into_any()
                    };
                    view! {
                        <tr>
                            <td>{(i + 1).to_string()}</td>
                            <th scope="row"><a href=format!("/ideas/{}", item.idea_id)>{item.title.clone()}</a>
                                {item.summary.disagreement.then(|| view! { " "<span class="badge badge-warning">{td_string!(l, jury.disagree)}</span> })}
                                {item.winner.then(|| view! { " "<span class="badge badge-published">{td_string!(l, jury.winner)}</span> })}
                            </th>
                            <td>{item.summary.total.map(|t| format!("{t:.2}")).unwrap_or_else(|| "–".into())}</td>
                            {cells}
                            <td>{item.jurors.to_string()}</td>
                            <td>{ties}</td>
                            <td>
                                <ActionForm action=mark attr:class="inline-form">
                                    <input type="hidden" name="submission" value=item.submission_id.clone()/>
                                    <input type="hidden" name="winner" value=next/>
                                    <button class="button small" type="submit">{if item.winner { td_string!(l, jury.unmark) } else { td_string!(l, jury.mark) }}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect::<Vec<_>>();
                let empty = r.items.is_empty();
                view! {
                    <div class="ranking">
                        <p class="muted"><a href=format!("/calls/{}", r.call.id)>{r.call.title.clone()}</a></p>
                        <h1>{td_string!(l, jury.ranking)}</h1>
                        <FormErrors error/>
                        {if empty {
                            view! { <p class="muted">{td_string!(l, jury.nothing_yet)}</p> }.into_any()
                        } else {
                            view! {
                                <ScoreChart items=r.items.clone()/>
                                <div class="table-wrap">
                                    <table class="table">
                                        <caption>{td_string!(l, jury.caption)}</caption>
                                        <thead><tr>
                                            <th scope="col">"#"</th>
                                            <th scope="col">{td_string!(l, idea.title)}</th>
                                            <th scope="col">{td_string!(l, jury.total)}</th>
                                            {heads}
                                            <th scope="col">{td_string!(l, jury.jurors)}</th>
                                            <th scope="col">{td_string!(l, jury.ties)}</th>
                                            <th scope="col">{td_string!(l, jury.winner)}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/calls/:id/results`: the winners, public from the results date.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let results = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_results,
    );
    view! {
        <Title text=texts::page_title(l, td_string!(l, jury.results))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let r = match results.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let body = if !r.published {
                    view! { <p>{td_string!(l, jury.not_yet, date = texts::zoned_date_time(l, &r.call.results_at)).to_string()}</p> }.into_any()
                } else {
                    view! { <WinnerList winners=r.winners/> }.into_any()
                };
                view! {
                    <div class="results">
                        <p class="muted"><a href=format!("/calls/{}", r.call.id)>{r.call.title.clone()}</a></p>
                        <h1>{td_string!(l, jury.results_of, call = r.call.title.clone()).to_string()}</h1>
                        {body}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The winners of a call, or that there are none.
#[component]
fn WinnerList(winners: Vec<super::Winner>) -> impl IntoView {
    let l = texts::locale();
    if winners.is_empty() {
        return view! { <p class="muted">{td_string!(l, jury.no_winners)}</p> }.into_any();
    }
    view! {
        <ul class="cards" role="list">
            {winners.into_iter().map(|w| view! {
                <li class="card">
                    <p><span class="badge badge-published">{td_string!(l, jury.winner)}</span></p>
                    <p class="card-title"><a href=format!("/ideas/{}", w.idea_id)>{w.title}</a></p>
                    <p class="pre-line">{w.teaser}</p>
                </li>
            }).collect::<Vec<_>>()}
        </ul>
    }
    .into_any()
}

/// A decided call's winners, on its page.
#[component]
pub fn WinnersOf(call: String) -> impl IntoView {
    let results = Resource::new(move || call.clone(), get_results);
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match results.await {
                    Ok(r) if r.published => view! { <WinnerList winners=r.winners/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
