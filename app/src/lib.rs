//! The Civic Innovation Platform's user interface and server functions, shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`).

#![recursion_limit = "512"]

pub mod accounts;
pub mod admin;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod comments;
pub mod components;
pub mod compositions;
pub mod contacts;
pub mod contest;
pub mod domain;
pub mod drafts;
pub mod error;
pub mod feedback;
pub mod groups;
pub mod i18n;
pub mod ideas;
pub mod jury;
pub mod legal;
pub mod matching;
pub mod moderation;
pub mod notifications;
pub mod profiles;
pub mod revisions;
pub mod search;
pub mod session;
pub mod shared;
pub mod showcase;
pub mod texts;
pub mod workshops;

use i18n::*;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

/// The hashed file names of this build's assets, read once at server start.
#[derive(Clone, Debug, Default)]
pub struct AssetNames {
    pub stylesheet: String,
}

/// The HTML document around the app (server only). No script in the head: a member's page
/// loads the islands' JS and WASM in the header (the live notification count), a visitor's
/// page that contains an island beside it (`IslandScripts`); every other page ships none.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands mode: nothing outside an island is serialised for hydration.
    if let Some(sc) = leptos::prelude::Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    provide_context(options.clone());
    let css = use_context::<AssetNames>()
        .map(|a| a.stylesheet)
        .unwrap_or_else(|| format!("/{}/{}.css", options.site_pkg_dir, options.output_name));
    view! {
        <!DOCTYPE html>
        // `lang` is set by the I18nContextProvider to the language the page is rendered in.
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <Stylesheet id="leptos" href=css/>
                <AutoReload options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        // The server picks the language (cookie, else Accept-Language, else German) and the
        // browser takes it over from the hydration data: no flash of the other language.
        <I18nContextProvider>
            <Shell/>
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    provide_session();
    provide_context(components::FieldLabels::default());
    components::provide_refused_action();
    let i18n = use_i18n();
    view! {
        <Meta name="color-scheme" content="light dark"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Title text=td_string!(i18n.get_locale_untracked(), site.name)/>
        // SsrMode::Async on every route: each page arrives complete, so it works with
        // JavaScript off and indexes well.
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, site.skip)}</a>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <components::ErrorPanel error=error::AppError::NotFound/> }>
                    <Route path=path!("/") view=ideas::MarketPage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas") view=ideas::MarketPage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas/new") view=ideas::NewIdeaPage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas/:id") view=compositions::IdeaPage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas/:id/edit") view=ideas::EditIdeaPage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas/:id/delete") view=ideas::DeleteIdeaPage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas/:id/history") view=revisions::HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas/:id/retrospective") view=showcase::RetrospectivePage ssr=SsrMode::Async/>
                    <Route path=path!("/showcase") view=showcase::ShowcasePage ssr=SsrMode::Async/>
                    <Route path=path!("/workshops") view=workshops::WorkshopsPage ssr=SsrMode::Async/>
                    <Route path=path!("/workshops/new") view=workshops::WorkshopEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/workshops/:id") view=workshops::WorkshopPage ssr=SsrMode::Async/>
                    <Route path=path!("/workshops/:id/edit") view=workshops::WorkshopEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=accounts::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=accounts::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=accounts::VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/forgot") view=accounts::ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset") view=accounts::ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/email/confirm") view=accounts::ConfirmEmailChangePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/account") view=accounts::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/account/delete") view=compositions::DeleteAccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/data") view=compositions::MyDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/goodbye") view=accounts::GoodbyePage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=profiles::MePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/ideas") view=ideas::MyIdeasPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/matches") view=matching::MatchesPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/messages") view=contacts::MessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/messages/:id") view=compositions::ConversationPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/groups") view=groups::MyGroupsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/notifications") view=notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/people") view=search::PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/password") view=accounts::PasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/profiles/:id") view=compositions::ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/calls") view=contest::CallsPage ssr=SsrMode::Async/>
                    <Route path=path!("/calls/new") view=contest::CallEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/calls/:id") view=contest::CallPage ssr=SsrMode::Async/>
                    <Route path=path!("/calls/:id/edit") view=contest::CallEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/submissions/:id") view=contest::SubmissionPage ssr=SsrMode::Async/>
                    <Route path=path!("/calls/:id/ranking") view=jury::RankingPage ssr=SsrMode::Async/>
                    <Route path=path!("/calls/:id/results") view=jury::ResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/jury/:id") view=jury::QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/reviews/:id") view=jury::ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/feedback") view=feedback::FeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/reported") view=moderation::ReportedPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=admin::AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/feedback") view=feedback::AdminFeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/moderation") view=moderation::ModerationPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members") view=admin::MembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=admin::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/statistics") view=admin::StatisticsPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=legal::PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/terms") view=legal::TermsPage ssr=SsrMode::Async/>
                    <Route path=path!("/imprint") view=legal::ImprintPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t!(i18n, site.footer)}</p>
                <legal::LegalLinks/>
                <LanguageSwitch/>
            </footer>
        </Router>
    }
}

/// A plain form (no JavaScript needed): the server stores the choice in a cookie and sends
/// the visitor back to the page, now rendered in the chosen language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let current = i18n.get_locale_untracked();
    let options = [(Locale::de, "de"), (Locale::en, "en")];
    view! {
        <form class="language-switch" method="post" action="/api/set_language">
            <label for="language">{t!(i18n, lang.label)}</label>
            <select id="language" name="lang">
                {options
                    .into_iter()
                    .map(|(l, key)| {
                        let name = match l {
                            Locale::de => td_string!(l, lang.de),
                            Locale::en => td_string!(l, lang.en),
                        };
                        view! { <option value=key lang=key selected=l == current>{name}</option> }
                    })
                    .collect::<Vec<_>>()}
            </select>
            <button class="button small" type="submit">{t!(i18n, lang.switch)}</button>
        </form>
    }
}

use session::provide_session;

/// The header's link to `/me/notifications`, with the number of unread ones (live: an
/// island, so every member's page loads the islands' scripts here).
#[component]
fn NotificationsLink(unread: u64) -> impl IntoView {
    let l = texts::locale();
    view! {
        <A href="/me/notifications">
            {td_string!(l, notifications.title)}" "
            <components::islands::UnreadCount unread label=td_string!(l, notifications.unread).to_owned()/>
        </A>
        <components::islands::MemberScripts/>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = session::use_session();
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                " "{t!(i18n, site.name)}
            </A>
            // A menu on phones (a <details>, no script needed); always open on wide screens.
            <details class="menu site-menu">
            <summary>{t!(i18n, nav.menu)}</summary>
            <nav aria-label=td_string!(i18n.get_locale_untracked(), nav.main)>
                <ul role="list">
                    <li><A href="/">{t!(i18n, nav.market)}</A></li>
                    <li><A href="/calls">{t!(i18n, nav.calls)}</A></li>
                    <li><A href="/showcase">{t!(i18n, nav.showcase)}</A></li>
                    <li><A href="/workshops">{t!(i18n, nav.workshops)}</A></li>
                    <Transition fallback=|| ()>
                        {Suspend::new(async move {
                            match session.me.await {
                                Ok(Some(me)) => view! {
                                    <li><A href="/people">{t!(i18n, nav.people)}</A></li>
                                    <li><A href="/me/matches">{t!(i18n, nav.matches)}</A></li>
                                    <li><A href="/me/ideas">{t!(i18n, nav.my_ideas)}</A></li>
                                    <li><NotificationsLink unread=me.unread_notifications/></li>
                                    <li><components::islands::DraftSync member=me.id.clone() texts=crate::drafts::texts::DraftTexts::of(i18n.get_locale_untracked())/></li>
                                    {me.admin.then(|| view! { <li><A href="/admin">{t!(i18n, nav.admin)}</A></li> })}
                                    <li><A href="/me">{me.display_name}</A></li>
                                    <li>
                                        // A plain form: the page reloads, so no member data stays in
                                        // the browser's memory after logging out.
                                        <form method="post" action="/api/logout" class="inline-form">
                                            <button class="linklike" type="submit">{t!(i18n, nav.log_out)}</button>
                                        </form>
                                    </li>
                                }.into_any(),
                                _ => view! {
                                    <li><A href="/login">{t!(i18n, nav.log_in)}</A></li>
                                    <li><A href="/register" attr:class="button primary small">{t!(i18n, nav.join)}</A></li>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                </ul>
            </nav>
            </details>
        </header>
    }
}
