//! What each page costs the database. Every page — a visitor's (rendered, not served from the
//! page cache), a member's and an admin's — runs at most `MOST` statements on the demo data,
//! whatever the page shows: reads are joined or batched, never one per card, panel or name.
//! (The session store's own read of the session row is not a sea-orm statement and is not
//! counted; every other statement is.)

use crate::prelude::*;

/// The most statements one page may run.
const MOST: u64 = 8;

/// Pages not yet within `MOST`, each held at what it runs today so that none grows unseen.
/// Their panels each check access and read on their own, one statement per kind of thing
/// (never one per item: `pages_read_no_more_with_more_data`). The owner's idea page is the
/// idea with its group, progress, comments and people who could help.
const NOT_YET: [(&str, u64); 4] = [
    ("/ideas/:own", 19),
    ("/me/matches", 18),
    ("/profiles/:id", 15),
    // 12, and on PostgreSQL the export's rate limit (shared by the servers): two upserts.
    ("/me/data", 14),
];

/// A published idea on the market that is not on Anna's list of her ideas and groups'.
async fn not_hers(app: &TestApp, anna: &Client, mine: &str) -> String {
    // As Anna: a visitor's market would be counted from the page cache afterwards.
    let (_, market) = app.get(anna, "/").await;
    market
        .split("href=\"/ideas/")
        .skip(1)
        .filter_map(|rest| rest.get(..36))
        .find(|id| uuid::Uuid::parse_str(id).is_ok() && !mine.contains(*id))
        .map(|id| format!("/ideas/{id}"))
        .expect("an idea of someone else's on the market")
}

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
    let other_idea = not_hers(&app, &anna, &mine).await;
    let named = |path: &str| -> String {
        let path = path
            .replace(&own_idea, "/ideas/:own")
            .replace(&other_idea, "/ideas/:other");
        match path.rsplit_once('/') {
            Some((head, id)) if uuid::Uuid::parse_str(id).is_ok() => format!("{head}/:id"),
            _ => path,
        }
    };
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
    // The counter also counts what runs beside the page (the server's jobs at start), which
    // only ever adds: members' and admins' pages are counted in three rounds, one after
    // another, and each page's lowest figure kept. (A visitor's second
    // visit would come from the page cache: their pages are counted once.)
    let mut counts: Vec<(&str, &String, u64)> = Vec::new();
    for round in 0..3 {
        for (i, (who, client, paths)) in runs.iter().enumerate() {
            if *who == "visitor" && round > 0 {
                continue;
            }
            for (j, path) in paths.iter().enumerate() {
                let n = app.queries_for(client, path).await;
                let at = runs[..i].iter().map(|r| r.2.len()).sum::<usize>() + j;
                match counts.get_mut(at) {
                    Some(c) => c.2 = c.2.min(n),
                    None => counts.push((who, path, n)),
                }
            }
        }
    }
    for (who, path, n) in counts {
        let most = NOT_YET
            .iter()
            .find(|(page, _)| *page == named(path))
            .map_or(MOST, |(_, most)| *most);
        if n > most {
            over += 1;
        }
        table += &format!("{n:>4}  {who:<8} {path}\n");
    }
    // The table shows on failure, and with --nocapture.
    println!("statements per page:\n{table}");
    assert_eq!(
        over, 0,
        "pages over their budget ({MOST}, or NOT_YET's):\n{table}"
    );
}
on_both_databases!(every_page_runs_few_statements, every_page);

/// The lowest count of three visits (the counter also counts what runs beside a page).
async fn lowest(app: &TestApp, client: &Client, path: &str) -> u64 {
    let mut low = u64::MAX;
    for _ in 0..3 {
        low = low.min(app.queries_for(client, path).await);
    }
    low
}

/// More of what a page lists — the viewer's ideas, comments by more people, members and
/// invitations in a group — costs it no more statements: nothing is read once per item.
/// (The first of a kind may add a read — the first commenter's name — so the page is
/// counted with one of each, then with several more.)
async fn more_data(db: Db) {
    let app = common::spawn_demo(db).await;
    let anna = demo_member(&app, "anna").await;
    let mehmet = demo_member(&app, "mehmet").await;
    let (_, mine) = app.get(&anna, "/me/ideas").await;
    let own_idea = first_link(&mine, "/ideas/");
    let other_idea = not_hers(&app, &anna, &mine).await;
    let pages = [
        own_idea.clone(),
        other_idea.clone(),
        format!("/profiles/{}", mehmet.id),
        "/me/ideas".to_owned(),
        "/me/groups".into(),
        "/me/matches".into(),
    ];
    let (own_id, other_id) = (
        own_idea.trim_start_matches("/ideas/").to_owned(),
        other_idea.trim_start_matches("/ideas/").to_owned(),
    );
    // Anna's ideas (judged by her invitation panel on Mehmet's profile), members who
    // comment on both ideas, and invitations into her group: `from..to` more of each.
    let add = |from: usize, to: usize| {
        let (app, anna, own_id, other_id) = (&app, &anna, &own_id, &other_id);
        async move {
            for n in from..to {
                app.create_idea(anna, &format!("Another idea {n}"), "A teaser.", "More.")
                    .await;
                let m = app
                    .member(&format!("more{n}@example.org"), &format!("More {n}"), true)
                    .await;
                assert_eq!(invite(app, anna, own_id, &m.id).await, StatusCode::OK);
                for idea in [own_id, other_id] {
                    let form = [
                        ("idea", idea.as_str()),
                        ("body", "Count me in."),
                        ("parent", ""),
                    ];
                    let res = app.call::<PostComment>(&m, &form).await;
                    assert!(ok(&res), "comment: {}", res.status());
                }
            }
        }
    };
    add(0, 1).await;
    let mut before = Vec::new();
    for path in &pages {
        before.push(lowest(&app, &anna, path).await);
    }
    add(1, 4).await;
    let mut table = String::new();
    let mut grew = 0;
    for (path, was) in pages.iter().zip(before) {
        let now = lowest(&app, &anna, path).await;
        if now > was {
            grew += 1;
        }
        table += &format!("{was:>4} → {now:<4} {path}\n");
    }
    println!("statements with one and with four of each:\n{table}");
    assert_eq!(grew, 0, "pages that read more with more data:\n{table}");
}
on_both_databases!(pages_read_no_more_with_more_data, more_data);
