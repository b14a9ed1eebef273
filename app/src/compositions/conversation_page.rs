//! `/me/messages/:id`: a conversation (`contacts`) and, with one person, the invitation
//! into one of your groups (`groups`).

use crate::groups::InvitePanel;
use leptos::prelude::*;

#[component]
pub fn ConversationPage() -> impl IntoView {
    view! { <crate::contacts::ConversationPage panel=invite/> }
}

fn invite(person_id: String, name: String, next: String) -> AnyView {
    view! { <InvitePanel person_id name next/> }.into_any()
}
