//! The data-protection notice, the terms of use and the imprint (`/privacy`, `/terms`,
//! `/imprint`), in the page's language, linked from the footer and the registration form.
//! Plain server-rendered pages: public, and without any script.

use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// One of the three documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Privacy,
    Terms,
    Imprint,
}

impl Doc {
    pub const ALL: [Doc; 3] = [Doc::Privacy, Doc::Terms, Doc::Imprint];

    pub fn path(self) -> &'static str {
        match self {
            Doc::Privacy => "/privacy",
            Doc::Terms => "/terms",
            Doc::Imprint => "/imprint",
        }
    }

    pub fn title(self, l: Locale) -> &'static str {
        match self {
            Doc::Privacy => td_string!(l, legal.privacy),
            Doc::Terms => td_string!(l, legal.terms),
            Doc::Imprint => td_string!(l, legal.imprint),
        }
    }

    fn lead(self, l: Locale) -> &'static str {
        match self {
            Doc::Privacy => td_string!(l, legal.privacy_lead),
            Doc::Terms => td_string!(l, legal.terms_lead),
            Doc::Imprint => td_string!(l, legal.imprint_lead),
        }
    }

    /// The document's sections: (heading, text).
    fn sections(self, l: Locale) -> Vec<(&'static str, &'static str)> {
        match self {
            Doc::Privacy => vec![
                (td_string!(l, legal.p_who_h), td_string!(l, legal.p_who)),
                (td_string!(l, legal.p_what_h), td_string!(l, legal.p_what)),
                (
                    td_string!(l, legal.p_cookies_h),
                    td_string!(l, legal.p_cookies),
                ),
                (td_string!(l, legal.p_mail_h), td_string!(l, legal.p_mail)),
                (td_string!(l, legal.p_keep_h), td_string!(l, legal.p_keep)),
                (
                    td_string!(l, legal.p_rights_h),
                    td_string!(l, legal.p_rights),
                ),
            ],
            Doc::Terms => vec![
                (td_string!(l, legal.t_what_h), td_string!(l, legal.t_what)),
                (
                    td_string!(l, legal.t_account_h),
                    td_string!(l, legal.t_account),
                ),
                (
                    td_string!(l, legal.t_content_h),
                    td_string!(l, legal.t_content),
                ),
                (
                    td_string!(l, legal.t_respect_h),
                    td_string!(l, legal.t_respect),
                ),
                (
                    td_string!(l, legal.t_moderation_h),
                    td_string!(l, legal.t_moderation),
                ),
                (
                    td_string!(l, legal.t_changes_h),
                    td_string!(l, legal.t_changes),
                ),
            ],
            Doc::Imprint => vec![
                (
                    td_string!(l, legal.i_operator_h),
                    td_string!(l, legal.i_operator),
                ),
                (
                    td_string!(l, legal.i_contact_h),
                    td_string!(l, legal.i_contact),
                ),
            ],
        }
    }
}

#[component]
fn LegalPage(doc: Doc) -> impl IntoView {
    let l = texts::locale();
    let title = doc.title(l);
    view! {
        <Title text=texts::page_title(l, title)/>
        <Meta name="description" content=doc.lead(l)/>
        <article class="legal">
            <h1>{title}</h1>
            <p class="lead">{doc.lead(l)}</p>
            {doc.sections(l).into_iter().map(|(heading, text)| view! {
                <h2>{heading}</h2>
                <p>{text}</p>
            }).collect::<Vec<_>>()}
        </article>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! { <LegalPage doc=Doc::Privacy/> }
}

#[component]
pub fn TermsPage() -> impl IntoView {
    view! { <LegalPage doc=Doc::Terms/> }
}

#[component]
pub fn ImprintPage() -> impl IntoView {
    view! { <LegalPage doc=Doc::Imprint/> }
}

/// The footer's links to the three documents.
#[component]
pub fn LegalLinks() -> impl IntoView {
    let l = texts::locale();
    view! {
        <nav class="legal-links" aria-label=td_string!(l, legal.nav)>
            <ul role="list">
                {Doc::ALL.into_iter().map(|d| view! { <li><a href=d.path()>{d.title(l)}</a></li> }).collect::<Vec<_>>()}
                <li><a href="/feedback">{td_string!(l, feedback.footer)}</a></li>
            </ul>
        </nav>
    }
}
