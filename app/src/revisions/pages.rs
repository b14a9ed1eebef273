use super::{Change, Comparison, DiscardUnmerged, MergeView, idea_history};
use crate::components::{ErrorPanel, FormErrors, action_error};
use crate::domain::IdeaField;
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/ideas/:id/history`: every revision (who, when, what changed) and the differences
/// between any two, chosen with a plain GET form, so each comparison is a link.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let query = use_query_map();
    let history = Resource::new(
        move || {
            let q = query.read();
            let number = |k: &str| q.get(k).and_then(|v| v.trim().parse::<i32>().ok());
            (
                params.read().get("id").unwrap_or_default(),
                number("from"),
                number("to"),
            )
        },
        |(id, from, to)| idea_history(id, from, to),
    );
    view! {
        <Title text=texts::page_title(l, td_string!(l, revisions.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let h = match history.await {
                    Ok(h) => h,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let id = h.idea_id.clone();
                let (from, to) = h.comparison.as_ref().map_or((0, 0), |c| (c.from, c.to));
                let oldest = h.revisions.last().map(|r| r.number).unwrap_or(1);
                let rows = h.revisions.iter().map(|r| {
                    let n = r.number;
                    let changed = if r.changed.is_empty() {
                        if n == 1 {
                            td_string!(l, revisions.created).to_owned()
                        } else {
                            td_string!(l, revisions.first_recorded).to_owned()
                        }
                    } else {
                        r.changed.iter().map(|f| crate::revisions::labels::idea_field(l, *f)).collect::<Vec<_>>().join(", ")
                    };
                    let step = (n > oldest || h.more).then(|| format!("/ideas/{id}/history?from={}&to={n}", n - 1));
                    view! {
                        <tr>
                            <th scope="row">{td_string!(l, revisions.number, n = n).to_string()}</th>
                            <td>
                                <input type="radio" name="from" value=n.to_string() checked={n == from}
                                    aria-label=td_string!(l, revisions.compare_from, n = n).to_string()/>
                                " "
                                <input type="radio" name="to" value=n.to_string() checked={n == to}
                                    aria-label=td_string!(l, revisions.compare_to, n = n).to_string()/>
                            </td>
                            <td>{r.editor.clone().unwrap_or_else(|| td_string!(l, revisions.former_member).to_owned())}</td>
                            <td>{texts::date_time(l, &r.at)}</td>
                            <td>{changed}{step.map(|href| view! { " · " <a href=href>{td_string!(l, revisions.show_changes)}</a> })}</td>
                        </tr>
                    }
                }).collect::<Vec<_>>();
                view! {
                    <article class="panel history">
                        <p class="breadcrumb"><a href=format!("/ideas/{id}")>{h.title.clone()}</a></p>
                        <h1>{td_string!(l, revisions.heading)}</h1>
                        <p class="lead">{td_string!(l, revisions.lead)}</p>
                        {h.comparison.clone().map(|c| view! { <ComparisonView c language=h.language.key()/> })}
                        <form method="get" action=format!("/ideas/{id}/history")>
                            <table class="table">
                                <caption>{td_string!(l, revisions.caption)}</caption>
                                <thead><tr>
                                    <th scope="col">{td_string!(l, revisions.revision)}</th>
                                    <th scope="col">{td_string!(l, revisions.compare)}</th>
                                    <th scope="col">{td_string!(l, revisions.who)}</th>
                                    <th scope="col">{td_string!(l, revisions.when)}</th>
                                    <th scope="col">{td_string!(l, revisions.what)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                            {h.more.then(|| view! { <p class="muted">{td_string!(l, revisions.more, n = super::History::SHOWN).to_string()}</p> })}
                            <p><button class="button" type="submit">{td_string!(l, revisions.compare_selected)}</button></p>
                        </form>
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn ComparisonView(c: Comparison, language: &'static str) -> impl IntoView {
    let l = texts::locale();
    view! {
        <section class="comparison" aria-labelledby="comparison-heading">
            <h2 id="comparison-heading">{td_string!(l, revisions.comparing, from = c.from, to = c.to).to_string()}</h2>
            {if c.fields.is_empty() {
                view! { <p class="muted">{td_string!(l, revisions.no_differences)}</p> }.into_any()
            } else {
                c.fields.into_iter().map(|f| {
                    let parts = f.parts.into_iter().map(|p| match p.change {
                        Change::Same => view! { <span>{p.text}</span> }.into_any(),
                        Change::Added => view! { <ins><span class="visually-hidden">{td_string!(l, revisions.added)}" "</span>{p.text}</ins> }.into_any(),
                        Change::Removed => view! { <del><span class="visually-hidden">{td_string!(l, revisions.removed)}" "</span>{p.text}</del> }.into_any(),
                    }).collect::<Vec<_>>();
                    // Choices read in the interface language; the idea's own text in its own.
                    let lang = (!matches!(f.field, IdeaField::Maturity | IdeaField::Language)).then_some(language);
                    view! {
                        <h3>{crate::revisions::labels::idea_field(l, f.field)}</h3>
                        <p class="diff" lang=lang>{parts}</p>
                    }
                }).collect::<Vec<_>>().into_any()
            }}
        </section>
    }
}

/// Above the editor when the member's save started from an older revision: who saved
/// meanwhile, what was combined, and both versions wherever the member has to decide.
#[component]
pub fn MergePanel(idea: String, merge: MergeView) -> impl IntoView {
    let l = texts::locale();
    let discard = ServerAction::<DiscardUnmerged>::new();
    let discard_error = action_error(discard);
    let who = if merge.editors.is_empty() {
        td_string!(l, revisions.someone).to_owned()
    } else {
        merge.editors.join(", ")
    };
    let compare = format!(
        "/ideas/{idea}/history?from={}&to={}",
        merge.base, merge.current
    );
    let decide = !merge.conflicts.is_empty();
    view! {
        <section class="alert alert-warning merge" aria-labelledby="merge-heading">
            <h2 id="merge-heading" class="alert-title">{td_string!(l, revisions.not_saved)}</h2>
            <p>{td_string!(l, revisions.meanwhile, who = &who, base = merge.base, current = merge.current).to_string()}
                " " <a href=compare>{td_string!(l, revisions.see_changes)}</a></p>
            <p>{if decide { td_string!(l, revisions.decide) } else { td_string!(l, revisions.combined) }}</p>
            {merge.conflicts.into_iter().map(|c| {
                let value = |v: &str| crate::revisions::labels::idea_field_value(l, c.field, v);
                view! {
                    <div class="conflict">
                        <h3>{crate::revisions::labels::idea_field(l, c.field)}</h3>
                        {(c.field == IdeaField::Description).then(|| view! { <p class="hint">{td_string!(l, revisions.markers)}</p> })}
                        <div class="versions">
                            <div><h4>{crate::revisions::labels::merge_label(l, true)}</h4><pre>{value(&c.mine)}</pre></div>
                            <div><h4>{crate::revisions::labels::merge_label(l, false)}</h4><pre>{value(&c.theirs)}</pre></div>
                        </div>
                    </div>
                }
            }).collect::<Vec<_>>()}
            <FormErrors error=discard_error/>
            <ActionForm action=discard>
                <input type="hidden" name="id" value=idea/>
                <button class="button" type="submit">{td_string!(l, revisions.discard)}</button>
            </ActionForm>
        </section>
    }
}
