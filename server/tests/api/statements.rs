//! What each page costs the database. Every page — a visitor's (rendered, not served from the
//! page cache), a member's and an admin's — runs at most `MOST` statements on the demo data,
//! whatever the page shows: reads are joined or batched, never one per card, panel or name.
//! (The session store's own read of the session row is not a sea-orm statement and is not
//! counted; every other statement is.)

use crate::prelude::*;

/// The most statements one page may run.
const MOST: u64 = 64;

/// The first link in `html` to `prefix` followed by an id (`/ideas/` → `/ideas/<uuid>`).
fn first_link(html: &str, prefix: &str) -> String {
    html.split(&format!("href=\"{prefix}"))
        .skip(1)
        .filter_map(|rest| rest.get(..36))
        .find(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(|id| format!("{prefix}{id}"))
        .unwrap_or_else(|| panic!("no link to {prefix}<id> in the page"))
}

async fn every_page(db: Db) {
    let app = common::spawn_demo(db).await;
    let visitor = app.client();
    let anna = demo_member(&app, "anna").await;
    let mehmet = demo_member(&app, "mehmet").await;
    let clara = demo_member(&app, "clara").await;

    // The ids a person would follow from the pages' links.
    let (_, mine) = app.get(&anna, "/me/ideas").await;
    let own_idea = first_link(&mine, "/ideas/");
    let (_, theirs) = app.get(&mehmet, "/me/ideas").await;
    let other_idea = first_link(&theirs, "/ideas/");
    let (_, messages) = app.get(&anna, "/me/messages").await;
    let conversation = first_link(&messages, "/me/messages/");
    let (_, calls) = app.get(&anna, "/calls").await;
    let call = first_link(&calls, "/calls/");
    let (_, workshops) = app.get(&anna, "/workshops").await;
    let workshop = first_link(&workshops, "/workshops/");
    let profile = format!("/profiles/{}", mehmet.id);

    let public = [
        "/".to_owned(),
        "/ideas?q=Daten".into(),
        "/ideas?topic=mobility".into(),
        other_idea.clone(),
        "/showcase".into(),
        "/workshops".into(),
        workshop.clone(),
        "/calls".into(),
        call.clone(),
        "/login".into(),
        "/register".into(),
        "/password/forgot".into(),
        "/feedback".into(),
        "/privacy".into(),
        "/terms".into(),
        "/imprint".into(),
    ];
    let members = [
        "/".to_owned(),
        "/ideas?q=Daten".into(),
        own_idea.clone(),
        format!("{own_idea}/edit"),
        format!("{own_idea}/history"),
        format!("{own_idea}/delete"),
        other_idea.clone(),
        "/ideas/new".into(),
        "/me".into(),
        "/me/ideas".into(),
        "/me/matches".into(),
        "/me/messages".into(),
        conversation,
        "/me/groups".into(),
        "/me/notifications".into(),
        "/people?q=Daten".into(),
        profile,
        "/calls".into(),
        call.clone(),
        "/showcase".into(),
        "/workshops".into(),
        workshop.clone(),
        "/me/account".into(),
        "/me/password".into(),
        "/me/data".into(),
        "/me/account/delete".into(),
        "/feedback".into(),
    ];
    let admins = [
        "/admin".to_owned(),
        "/admin/members".into(),
        "/admin/audit".into(),
        "/admin/statistics".into(),
        "/admin/moderation".into(),
        "/admin/feedback".into(),
        "/calls/new".into(),
        format!("{call}/edit"),
        format!("{call}/ranking"),
        "/workshops/new".into(),
    ];

    let mut table = String::new();
    let mut over = 0;
    let runs = [
        ("visitor", &visitor, &public[..]),
        ("member", &anna.client, &members[..]),
        ("admin", &clara.client, &admins[..]),
    ];
    for (who, client, paths) in runs {
        for path in paths {
            let n = app.queries_for(client, path).await;
            if n > MOST {
                over += 1;
            }
            table += &format!("{n:>4}  {who:<8} {path}\n");
        }
    }
    // The table shows on failure, and with --nocapture.
    println!("statements per page:\n{table}");
    assert_eq!(over, 0, "pages over {MOST} statements:\n{table}");
}
on_both_databases!(every_page_runs_few_statements, every_page);
