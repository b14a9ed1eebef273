use super::{
    DeleteIdea, IdeaForm, MarketFilter, MyIdea, SaveIdea, idea_for_edit, market, my_ideas,
};
use crate::components::islands::{DraftKeeper, IslandScripts, LiveSearchInput};
use crate::components::suggestions::{TOPIC_SUGGESTIONS, TopicSuggestions};
use crate::components::{
    CommunityNote, ErrorPanel, FormErrors, MyArea, MyAreaNav, Select, TextArea, TextField,
    action_error, query_flag,
};
use crate::domain::{ContentLanguage, Description, IdeaStatus, Maturity, OrganisationType, Teaser};
use crate::i18n::*;
use crate::session::use_session;
use crate::shared::IdeaCardView;
use crate::texts;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The public ideas market: server-rendered, links and GET forms only, so it works fully
/// without JavaScript, is indexable, and every search is a shareable URL (`/ideas?q=…`).
#[component]
pub fn MarketPage() -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (
            q.get("page").and_then(|p| p.parse::<u64>().ok()),
            MarketFilter::from_query(|k| q.get(k)),
        )
    };
    crate::components::redirect_to_clean_link(MarketFilter::KEYS, |q, page| {
        MarketFilter::from_query(|k| q.get(k)).href(page)
    });
    let data = Resource::new(params, |(page, f)| {
        market(
            page,
            f.q.clone(),
            f.topic.clone(),
            f.language.map(|c| c.key().to_owned()),
            f.maturity.map(|c| c.key().to_owned()),
            f.organisation_type.map(|c| c.key().to_owned()),
            f.region.clone(),
            f.partners.then(|| "1".to_owned()),
        )
    });
    view! {
        <Title text=texts::page_title(l, td_string!(l, market.title))/>
        <Meta name="description" content=td_string!(l, market.description)/>
        <section class="hero">
            <h1>{t!(i18n, market.hero)}</h1>
            <p class="lead">{t!(i18n, market.lead)}</p>
            <p class="hero-actions">
                <a class="button primary" href="/ideas/new">{t!(i18n, market.share)}</a>
                <a class="button" href="/register">{t!(i18n, market.join)}</a>
            </p>
        </section>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, market.loading)}</p> }>
            {Suspend::new(async move {
                match data.await {
                    Ok(m) => {
                        let filter = m.filter.clone();
                        let heading = match (&filter.q, &m.topic) {
                            (Some(q), _) => td_string!(l, market.results_for, query = q).to_string(),
                            (None, Some(t)) => td_string!(l, market.on_topic, topic = &t.label).to_string(),
                            (None, None) => td_string!(l, market.newest).to_string(),
                        };
                        let count = if m.more {
                            td_string!(l, market.count_more, count = texts::number(l, m.total)).to_string()
                        } else {
                            if texts::is_one(l, m.total) {
                                td_string!(l, market.count_1).to_string()
                            } else {
                                td_string!(l, market.count_n, n = texts::number(l, m.total)).to_string()
                            }
                        };
                        let narrowed = filter.is_narrowed();
                        view! {
                            <SearchForm filter=filter.clone()/>
                            <section class="market" aria-labelledby="market-heading">
                                <div class="market-head">
                                    <h2 id="market-heading">{heading}</h2>
                                    <p class="muted" role="status">{count}
                                        {m.topic.is_some().then(|| view! { " · " <a href=MarketFilter { topic: None, ..filter.clone() }.href(1)>{t!(i18n, market.all_topics)}</a> })}
                                    </p>
                                </div>
                                <LanguageFilter filter=filter.clone()/>
                                {if m.ideas.is_empty() {
                                    view! {
                                        <div class="empty">
                                            <p>{if narrowed { td_string!(l, market.no_results) } else { td_string!(l, market.empty) }}</p>
                                            <p class="toolbar center">
                                                <a class="button primary" href="/ideas/new">{t!(i18n, market.be_first)}</a>
                                                // A narrowed market that is empty offers the way back to all ideas.
                                                {narrowed.then(|| view! {
                                                    <a class="button" href="/">{t!(i18n, market.show_all)}</a>
                                                })}
                                            </p>
                                        </div>
                                    }.into_any()
                                } else {
                                    view! {
                                        <ul class="cards" role="list">
                                            {m.ideas.into_iter().map(|c| view! { <li><IdeaCardView card=c/></li> }).collect::<Vec<_>>()}
                                        </ul>
                                    }.into_any()
                                }}
                                <Pagination page=m.page pages=m.pages filter/>
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The market's search: a plain GET form, so results are a link anyone can share.
#[component]
fn SearchForm(filter: MarketFilter) -> impl IntoView {
    let l = texts::locale();
    let option = move |key: &'static str, label: &'static str, current: Option<&'static str>| {
        let selected = current == Some(key);
        view! { <option value=key selected=selected>{label}</option> }
    };
    let maturity = filter.maturity.map(|m| m.key());
    let org = filter.organisation_type.map(|o| o.key());
    // Open when a filter in it is set, so what narrows the results is visible.
    let filters_open = filter.maturity.is_some()
        || filter.organisation_type.is_some()
        || filter.region.is_some()
        || filter.partners;
    // On a results page, the results follow the typing (an island); the landing market
    // stays a page without any script (and so cacheable and free for visitors).
    let query = filter.q.clone().unwrap_or_default();
    let placeholder = td_string!(l, market.search_placeholder);
    let search_input = if filter.q.is_some() {
        view! {
            <LiveSearchInput id="market-q".to_owned() name="q".to_owned() value=query
                placeholder=placeholder.to_owned() maxlength=MarketFilter::MAX_TEXT
                results="section.market".to_owned()/>
            <IslandScripts/>
        }
        .into_any()
    } else {
        view! {
            <input id="market-q" type="search" name="q" value=query
                maxlength=MarketFilter::MAX_TEXT placeholder=placeholder/>
        }
        .into_any()
    };
    view! {
        <search class="market-search">
            <form method="get" action="/ideas" class="search-form">
                <div class="search-line">
                    <label for="market-q">{td_string!(l, market.search_label)}</label>
                    {search_input}
                    <button class="button primary" type="submit">{td_string!(l, market.search)}</button>
                </div>
                {filter.topic.clone().map(|t| view! { <input type="hidden" name="topic" value=t/> })}
                {filter.language.map(|c| view! { <input type="hidden" name="lang" value=c.key()/> })}
                <details class="search-filters" open=filters_open>
                    <summary>{td_string!(l, market.filters)}</summary>
                    <div class="filter-grid">
                        <div class="field">
                            <label for="market-maturity">{td_string!(l, market.maturity)}</label>
                            <select id="market-maturity" name="maturity">
                                <option value="">{td_string!(l, market.any)}</option>
                                {Maturity::ALL.iter().map(|m| option(m.key(), texts::maturity(l, *m), maturity)).collect::<Vec<_>>()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="market-org">{td_string!(l, market.org)}</label>
                            <select id="market-org" name="org">
                                <option value="">{td_string!(l, market.any)}</option>
                                {OrganisationType::ALL.iter().map(|o| option(o.key(), texts::organisation_type(l, *o), org)).collect::<Vec<_>>()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="market-region">{td_string!(l, market.region)}</label>
                            <input id="market-region" type="text" name="region" value=filter.region.clone().unwrap_or_default() maxlength=MarketFilter::MAX_TEXT/>
                        </div>
                        <div class="field field-check">
                            <input id="market-partners" type="checkbox" name="partners" value="1" checked=filter.partners/>
                            <label for="market-partners">{td_string!(l, market.partners)}</label>
                        </div>
                    </div>
                </details>
            </form>
        </search>
    }
}

/// Links (no JavaScript needed) that narrow the market to ideas written in one language.
#[component]
fn LanguageFilter(filter: MarketFilter) -> impl IntoView {
    let l = texts::locale();
    let link = move |language: Option<ContentLanguage>, text: &'static str| {
        let current = filter.language == language;
        let href = MarketFilter {
            language,
            ..filter.clone()
        }
        .href(1);
        view! {
            <li><a href=href aria-current=current.then_some("true") lang=language.map(|c| c.key())>{text}</a></li>
        }
    };
    view! {
        <nav class="filter" aria-label=td_string!(l, market.language_filter)>
            <span class="muted">{td_string!(l, market.written_in)}</span>
            <ul role="list">
                {link(None, td_string!(l, market.all_languages))}
                {ContentLanguage::ALL.iter().map(|c| link(Some(*c), c.endonym())).collect::<Vec<_>>()}
            </ul>
        </nav>
    }
}

#[component]
fn Pagination(page: u64, pages: u64, filter: MarketFilter) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let href = move |p: u64| filter.href(p);
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=td_string!(l, market.pages)>
                {(page > 1).then(|| view! { <a rel="prev" href=href(page - 1)>{t!(i18n, market.newer)}</a> })}
                <span aria-current="page">{td_string!(l, market.page_of, page = texts::number(l, page), pages = texts::number(l, pages)).to_string()}</span>
                {(page < pages).then(|| view! { <a rel="next" href=href(page + 1)>{t!(i18n, market.older)}</a> })}
            </nav>
        }
    })
}

#[component]
pub fn NewIdeaPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    view! {
        <Title text=texts::page_title(l, td_string!(l, idea.new_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match session.member().await {
                    Ok(me) => view! { <IdeaEditor form=IdeaForm::default() member=me.id/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditIdeaPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let params = use_params_map();
    let form = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        idea_for_edit,
    );
    view! {
        <Title text=texts::page_title(l, td_string!(l, idea.edit_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match (form.await, session.member().await) {
                    (Ok(f), Ok(me)) => view! { <IdeaEditor form=f member=me.id/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The idea form. Inside `DraftKeeper` (an island): what is typed is kept on this device
/// and a save made offline is sent when the network is back (`drafts`).
#[component]
fn IdeaEditor(form: IdeaForm, member: String) -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<SaveIdea>::new();
    let error = action_error(action);
    let (heading, submit) = if form.id.is_some() {
        ({ td_string!(l, idea.edit_heading) }, {
            td_string!(l, idea.save_changes)
        })
    } else {
        ({ td_string!(l, idea.share_heading) }, {
            td_string!(l, idea.save_draft)
        })
    };
    // What saving does depends on where the idea stands.
    let lead = match form.status {
        None => td_string!(l, idea.lead),
        Some(IdeaStatus::Published) => td_string!(l, idea.lead_published),
        Some(IdeaStatus::Held) => td_string!(l, idea.lead_held),
        Some(_) => td_string!(l, idea.lead_draft),
    };
    let language_options = ContentLanguage::ALL
        .iter()
        .map(|c| (c.key(), c.endonym()))
        .collect::<Vec<_>>();
    // A new idea is most likely written in the language the author uses the site in.
    let language = if form.language.is_empty() {
        l.as_str().to_owned()
    } else {
        form.language.clone()
    };
    // After a stale save the fields show the merge, not the text that was refused.
    let merge = form.merge.clone();
    if merge.is_some() && matches!(error.get_untracked(), Some(crate::error::AppError::Stale)) {
        provide_context(crate::components::IgnoreEcho);
    }
    let merging = merge.is_some();
    let merge_panel = form
        .id
        .clone()
        .zip(merge)
        .map(|(idea, merge)| view! { <crate::revisions::MergePanel idea merge/> });
    let maturity_options = Maturity::ALL
        .iter()
        .map(|m| (m.key(), texts::maturity(l, *m)))
        .collect::<Vec<_>>();
    let selected = if form.maturity.is_empty() {
        Maturity::RoughIdea.key().to_owned()
    } else {
        form.maturity.clone()
    };
    view! {
        <CommunityNote/>
        <section class="panel">
            <h1>{heading}</h1>
            <p class="lead">{lead}</p>
            <FormErrors error/>
            {form.id.clone().map(|idea| view! {
                <crate::components::islands::SavedMeanwhile idea text=td_string!(l, drafts.saved_meanwhile).to_owned()/>
            })}
            {merge_panel}
            // The keeper and the teaser's counter are islands (the member's header loads the
            // scripts).
            <DraftKeeper member idea=form.id.clone() merging texts=crate::drafts::texts::DraftTexts::of(l)>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="id" value=form.id.clone().unwrap_or_default()/>
                <input type="hidden" name="revision" value=form.revision.to_string()/>
                <TextField label=td_string!(l, idea.title) name="title" value=form.title required=true maxlength=120 error/>
                <TextArea label=td_string!(l, idea.teaser) name="teaser" value=form.teaser required=true rows=3 counter=Teaser::MAX
                    hint=td_string!(l, idea.teaser_hint) error/>
                <TextArea label=td_string!(l, idea.description) name="description" value=form.description rows=12
                    hint=td_string!(l, idea.description_hint) error/>
                <TopicSuggestions/>
                <TextField label=td_string!(l, idea.topics) name="topics" value=form.topics list=TOPIC_SUGGESTIONS
                    hint=td_string!(l, idea.topics_hint) error/>
                <TextField label=td_string!(l, idea.required) name="required" value=form.required list=TOPIC_SUGGESTIONS
                    hint=td_string!(l, idea.required_hint) error/>
                <TextField label=td_string!(l, idea.sought) name="sought" value=form.sought list=TOPIC_SUGGESTIONS
                    hint=td_string!(l, idea.sought_hint) error/>
                <Select label=td_string!(l, idea.maturity) name="maturity" options=maturity_options selected=selected error/>
                <Select label=td_string!(l, idea.language) name="language" options=language_options selected=language error/>
                <p class="muted">{td_string!(l, idea.description_max, max = texts::number(l, Description::MAX as u64)).to_string()}</p>
                <button class="button primary" type="submit">{submit}</button>
            </ActionForm>
            </DraftKeeper>
        </section>
    }
}

#[component]
pub fn DeleteIdeaPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let form = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        idea_for_edit,
    );
    let action = ServerAction::<DeleteIdea>::new();
    let error = action_error(action);
    view! {
        <Title text=texts::page_title(l, td_string!(l, idea.delete_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match form.await {
                    Ok(f) => {
                        let id = f.id.clone().unwrap_or_default();
                        let back = format!("/ideas/{id}");
                        view! {
                            <section class="panel narrow">
                                <h1>{td_string!(l, idea.delete_question)}</h1>
                                <p>{td_string!(l, idea.delete_text, title = &f.title).to_string()}</p>
                                <FormErrors error/>
                                <ActionForm action=action attr:class="toolbar">
                                    <input type="hidden" name="id" value=id/>
                                    <button class="button danger" type="submit">{td_string!(l, idea.yes_delete)}</button>
                                    <a class="button" href=back>{td_string!(l, idea.cancel)}</a>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn MyIdeasPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let ideas = Resource::new(|| (), |_| my_ideas());
    let deleted = query_flag("deleted");
    view! {
        <Title text=texts::page_title(l, td_string!(l, idea.my_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let me = match session.member().await {
                    Ok(me) => me,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let list = match ideas.await {
                    Ok(list) => list,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <MyAreaNav current=MyArea::Ideas profile_id=me.id/>
                    <section class="panel">
                        <div class="section-head">
                            <h1>{td_string!(l, idea.my_ideas)}</h1>
                            <a class="button primary" href="/ideas/new">{td_string!(l, idea.new)}</a>
                        </div>
                        {deleted.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, idea.deleted)}</p></div> })}
                        {if list.is_empty() {
                            view! {
                                <div class="empty">
                                    <p>{td_string!(l, idea.none_yet)}</p>
                                    <p><a class="button primary" href="/ideas/new">{td_string!(l, idea.write_first)}</a></p>
                                </div>
                            }.into_any()
                        } else {
                            view! { <MyIdeasTable list/> }.into_any()
                        }}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The member's ideas as a table; on phones each row becomes a block (see main.css).
#[component]
fn MyIdeasTable(list: Vec<MyIdea>) -> impl IntoView {
    let l = texts::locale();
    view! {
        <table class="table" role="table">
            <caption class="visually-hidden">{td_string!(l, idea.caption)}</caption>
            <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">{td_string!(l, idea.title)}</th><th scope="col" role="columnheader">{td_string!(l, idea.status)}</th><th scope="col" role="columnheader">{td_string!(l, idea.changed)}</th></tr></thead>
            <tbody role="rowgroup">
                {list.into_iter().map(|i| {
                    let published = i.status == IdeaStatus::Published;
                    view! {
                        <tr role="row">
                            <td role="cell">
                                <a href=format!("/ideas/{}", i.id) lang=i.language.key()>{i.title}</a>
                                {(!i.owned).then(|| view! { " " <span class="badge">{td_string!(l, groups.member_badge)}</span> })}
                            </td>
                            <td role="cell"><span class=if published { "badge badge-published" } else { "badge badge-draft" }>{crate::ideas::labels::status(l, i.status)}</span></td>
                            <td role="cell">{texts::date(l, &i.updated_at)}</td>
                        </tr>
                    }
                }).collect::<Vec<_>>()}
            </tbody>
        </table>
    }
}
