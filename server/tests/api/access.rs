//! The access matrix: every registered server function and every page, called by a visitor,
//! an unconfirmed member, a member, an admin and a suspended member, gets the answer its
//! gate allows — and never a server error. The list of server functions is compared with
//! the ones the server registered, so a new one fails this test until it is listed here.
//! The same goes for every page the router knows. An account whose address is not
//! confirmed keeps its own things (`Account`) and is refused the community (`Member`: 403,
//! with the prompt to confirm on pages). Finer rules (owner, group member, juror) are each
//! feature's own tests; here a record that is someone's is at least never handed to a
//! visitor or an unconfirmed account.
//! Members-only text (full descriptions) never reaches a visitor's HTML or responses.

use crate::prelude::*;
use app::admin::members::SetSuspended;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gate {
    /// Anyone: the answer may refuse the input, never fail.
    Anyone,
    /// Only for whom the record is: a visitor never gets it (401 or "not found").
    Owner,
    /// The account's own things: logged in, confirmed or not.
    Account,
    /// The community: a member with a confirmed address (an unconfirmed account gets 403).
    Member,
    /// Admins only.
    Admin,
}

use Gate::*;

const MATRIX: &[(&str, Gate)] = &[
    ("admin_feedback", Admin),
    ("admin_members", Admin),
    ("admin_overview", Admin),
    ("admin_statistics", Admin),
    ("answer_invitation", Member),
    ("answer_request", Member),
    ("appoint_juror", Admin),
    ("approve_submission", Member),
    ("audit_log", Admin),
    ("call", Anyone),
    ("call_editor", Admin),
    ("calls", Anyone),
    ("cancel_signup", Account),
    ("change_password", Account),
    ("confirm_email", Anyone),
    ("confirm_email_change", Anyone),
    ("contact_state", Member),
    ("conversation", Member),
    ("declare_conflict", Member),
    ("delete_account", Account),
    ("delete_comment", Member),
    ("delete_idea", Account),
    ("delete_update", Member),
    ("discard_unmerged", Account),
    ("dismiss_juror", Admin),
    ("dismiss_match", Member),
    ("edit_comment", Member),
    ("farewell", Account),
    ("get_comments", Member),
    ("get_idea", Anyone),
    ("get_profile", Member),
    ("group", Member),
    ("hand_over", Member),
    ("idea_for_edit", Owner),
    ("idea_helpers", Member),
    ("idea_history", Account),
    ("invite", Member),
    ("invite_options", Member),
    ("jury", Admin),
    ("jury_queue", Member),
    ("leave_group", Member),
    ("login", Anyone),
    ("logout", Anyone),
    ("logout_everywhere", Account),
    ("mark_feedback_read", Admin),
    ("market", Anyone),
    ("moderate", Admin),
    ("moderation_queue", Admin),
    ("my_groups", Member),
    ("my_data", Account),
    ("my_ideas", Account),
    ("my_matches", Member),
    ("my_messages", Member),
    ("my_profile", Account),
    ("notification_settings", Account),
    ("notifications", Account),
    ("post_comment", Member),
    ("post_update", Member),
    ("ranking", Admin),
    ("register", Anyone),
    ("remove_member", Member),
    ("report", Member),
    ("request_contact", Member),
    ("request_email_change", Account),
    ("request_password_reset", Anyone),
    ("resend_verification", Account),
    ("reset_password", Anyone),
    ("results", Anyone),
    ("retrospective", Member),
    ("review", Member),
    ("save_call", Admin),
    ("save_idea", Account),
    ("save_profile", Account),
    ("save_retrospective", Member),
    ("save_scores", Member),
    ("save_submission", Member),
    ("save_workshop", Admin),
    ("search_people", Member),
    ("send_feedback", Anyone),
    ("send_message", Member),
    ("set_block", Member),
    ("set_language", Anyone),
    // The form unpublishes (`publish=false`), which any owner may; publishing needs a
    // confirmed address (the ideas tests).
    ("set_published", Account),
    ("set_role", Admin),
    ("set_stage", Member),
    ("set_suspended", Admin),
    ("set_winner", Admin),
    ("showcase", Anyone),
    ("sign_up", Member),
    ("similar_ideas", Member),
    ("start_submission", Member),
    ("submission", Member),
    ("topic_vocabulary", Anyone),
    ("whoami", Anyone),
    ("withdraw_invitation", Member),
    ("withdraw_submission", Member),
    ("workshop", Anyone),
    ("workshop_editor", Admin),
    ("workshops", Anyone),
];

/// What a page is, for the access matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    /// Everyone (a record that does not exist may be "not found").
    Public,
    /// The account's own things: logged in, confirmed or not.
    Own,
    /// The community: confirmed members; an unconfirmed account is told to confirm.
    Community,
    /// Someone's record (here one that is not the caller's or does not exist): never
    /// handed to a visitor or an unconfirmed account.
    Record,
    /// The back office and the calls' and workshops' editors.
    Back,
}

/// Every route of the router, `:id` standing for a demo record of that kind.
const PAGES: &[(&str, Page)] = &[
    ("/", Page::Public),
    ("/admin", Page::Back),
    ("/admin/audit", Page::Back),
    ("/admin/feedback", Page::Back),
    ("/admin/members", Page::Back),
    ("/admin/moderation", Page::Back),
    ("/admin/statistics", Page::Back),
    ("/calls", Page::Public),
    ("/calls/:id", Page::Public),
    ("/calls/:id/edit", Page::Back),
    ("/calls/:id/ranking", Page::Back),
    ("/calls/:id/results", Page::Public),
    ("/calls/new", Page::Back),
    ("/email/confirm", Page::Public),
    ("/feedback", Page::Public),
    ("/goodbye", Page::Public),
    ("/ideas", Page::Public),
    ("/ideas/:id", Page::Public),
    ("/ideas/:id/delete", Page::Record),
    ("/ideas/:id/edit", Page::Record),
    ("/ideas/:id/history", Page::Record),
    ("/ideas/:id/retrospective", Page::Record),
    ("/ideas/new", Page::Own),
    ("/imprint", Page::Public),
    ("/jury/:id", Page::Record),
    ("/login", Page::Public),
    ("/me", Page::Own),
    ("/me/account", Page::Own),
    ("/me/account/delete", Page::Own),
    ("/me/data", Page::Own),
    ("/me/groups", Page::Community),
    ("/me/ideas", Page::Own),
    ("/me/matches", Page::Community),
    ("/me/messages", Page::Community),
    ("/me/messages/:id", Page::Record),
    ("/me/notifications", Page::Own),
    ("/me/password", Page::Own),
    ("/password/forgot", Page::Public),
    ("/password/reset", Page::Public),
    ("/people", Page::Community),
    ("/privacy", Page::Public),
    ("/profiles/:id", Page::Community),
    ("/register", Page::Public),
    ("/reported", Page::Public),
    ("/reviews/:id", Page::Record),
    ("/showcase", Page::Public),
    ("/submissions/:id", Page::Record),
    ("/terms", Page::Public),
    ("/verify", Page::Public),
    ("/workshops", Page::Public),
    ("/workshops/:id", Page::Public),
    ("/workshops/:id/edit", Page::Back),
    ("/workshops/new", Page::Back),
];

const NOBODY: &str = "6f1c5b1e-7a0e-4b7e-9a55-000000000001";

/// A router path with its parameters written `:id`, whatever their name or syntax.
fn pattern(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with(':') || seg.starts_with('{') {
                ":id"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `Ok` if the answer `code` is what was wanted, else what went wrong.
fn verdict(code: u16, ok: bool, want: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("{code}, expected {want}"))
    }
}

/// The answer a page's gate allows `role`.
fn page_allowed(page: Page, role: Role, code: u16, html: &str) -> Result<(), String> {
    let expect = |ok: bool, want: &str| verdict(code, ok, want);
    expect(code < 500, "no server error")?;
    let gone = matches!(role, Role::Visitor | Role::Suspended);
    match (page, role) {
        (Page::Public, _) => expect(matches!(code, 200 | 404), "200 (or 404)"),
        (Page::Own | Page::Community | Page::Back, _) if gone => expect(code == 401, "401"),
        (Page::Record, _) if gone => expect(matches!(code, 401 | 404), "401 or 404"),
        (Page::Community, Role::Unconfirmed) => {
            expect(code == 403, "403")?;
            expect(
                html.contains("action=\"/api/resend_verification\""),
                "the prompt to confirm, with its button",
            )
        }
        (Page::Record, Role::Unconfirmed) => expect(matches!(code, 403 | 404), "403 or 404"),
        (Page::Back, Role::Admin) | (Page::Own | Page::Community, _) => expect(code == 200, "200"),
        (Page::Back, _) => expect(code == 403, "403"),
        (Page::Record, _) => expect(!matches!(code, 401), "no 401 for a member"),
    }
}

/// One form that every server function can read: each field any of them takes, with a
/// well-formed value naming nothing that exists (so nothing of the demo changes).
fn universal_form() -> Vec<(String, String)> {
    let ids = [
        "id",
        "idea",
        "call",
        "member",
        "person",
        "juror",
        "submission",
        "conversation",
        "parent",
        "target",
        "token",
    ];
    let texts = [
        "title",
        "teaser",
        "description",
        "body",
        "note",
        "reason",
        "bio",
        "experience",
        "interests",
        "offered",
        "sought",
        "required",
        "topics",
        "organisation_name",
        "region",
        "display_name",
        "title_de",
        "title_en",
        "description_de",
        "description_en",
        "place",
        "tried",
        "why_not",
        "learned",
        "link",
        "q",
        "current",
        "confirm",
        "new_password",
        "password",
        "answer",
        "version",
        "capacity",
        "opens_at",
        "closes_at",
        "jury_until",
        "results_at",
        "starts_at",
        "ends_at",
        "max_amount",
        "weight_common_good",
        "weight_feasibility",
        "weight_innovation",
        "weight_responsibility",
        "stage",
        "kind",
        "decision",
        "role",
        "winner",
        "block",
        "format",
        "audience",
        "organisation_type",
        "maturity",
        "lang",
        "language",
        "contact_policy",
    ];
    let mut form: Vec<(String, String)> = ids
        .iter()
        .map(|k| ((*k).to_owned(), NOBODY.to_owned()))
        .chain(texts.iter().map(|k| ((*k).to_owned(), "matrix".to_owned())))
        .collect();
    form.extend(
        [
            ("email", "matrix@example.org"),
            ("new_email", "matrix.new@example.org"),
            ("publish", "false"),
            ("page", "1"),
            ("from", "1"),
            // A member's id for a contact request, a revision number for a comparison.
            ("to", "1"),
            ("revision", "1"),
            ("delivery[nothing]", "never"),
            ("next", "/"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    form
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Visitor,
    Unconfirmed,
    Member,
    Admin,
    Suspended,
}

/// The answer `gate` allows `role`, checked against `status`.
fn allowed(gate: Gate, role: Role, status: StatusCode) -> Result<(), String> {
    let code = status.as_u16();
    let expect = |ok: bool, want: &str| verdict(code, ok, want);
    expect(!status.is_server_error(), "no server error")?;
    use Role::{Suspended, Unconfirmed, Visitor};
    match (gate, role) {
        (Anyone, _) => Ok(()),
        (Owner, Visitor | Suspended) => expect(matches!(code, 401 | 404), "401 or 404"),
        (Account | Member | Admin, Visitor | Suspended) => expect(code == 401, "401"),
        (Member, Unconfirmed) => expect(code == 403, "403 (confirm the address)"),
        (Admin, Unconfirmed | Role::Member) => expect(code == 403, "403"),
        (Admin, Role::Admin) | (Member | Account | Owner, _) => {
            expect(!matches!(code, 401 | 403), "no refusal of the caller")
        }
    }
}

async fn access_matrix(db: Db) {
    let app = spawn_demo(db).await;

    // Every registered server function is in the matrix, and only those.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let listed: BTreeSet<String> = MATRIX.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(
        registered, listed,
        "every server function needs its gate in the access matrix"
    );

    let visitor = client_from(&app, "127.0.0.2");
    let unconfirmed = app
        .member("matrix.unconfirmed@example.org", "Una Unbestätigt", false)
        .await;
    let member = app
        .member("matrix.member@example.org", "Mia Mitglied", true)
        .await;
    let suspended = app
        .member("matrix.gone@example.org", "Sam Gesperrt", true)
        .await;
    let admin = demo_member(&app, "clara").await;
    let gone_id = whoami(&app, &suspended).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let res = app
        .call::<SetSuspended>(&admin, &[("member", &gone_id), ("suspend", "on")])
        .await;
    assert!(ok(&res), "suspend: {}", res.status());

    let form = universal_form();
    let mut wrong = Vec::new();
    for (role, client) in [
        (Role::Visitor, &visitor),
        (Role::Unconfirmed, &unconfirmed),
        (Role::Member, &member),
        (Role::Admin, &admin),
        (Role::Suspended, &suspended),
    ] {
        for (f, gate) in MATRIX {
            // Logging out would change who the rest of the row is.
            if *f == "logout" {
                continue;
            }
            let res = client
                .post(format!("{}/api/{f}", app.base))
                .header("accept", "application/json")
                .form(&form)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{f} as {role:?}: no answer: {e}"));
            if let Err(why) = allowed(*gate, role, res.status()) {
                wrong.push(format!("{f} as {role:?}: {why}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the access matrix is broken:\n{}",
        wrong.join("\n")
    );

    // Pages: every route the router knows has its gate here, and each role gets the answer
    // that gate allows.
    let known: BTreeSet<String> = server::page_paths().iter().map(|p| pattern(p)).collect();
    let gated: BTreeSet<String> = PAGES.iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(
        known, gated,
        "every page needs its gate in the access matrix"
    );
    let database = Database::connect(&app.config.database_url)
        .await
        .expect("connect");
    let first = |sql: &'static str| {
        let database = database.clone();
        async move {
            let row = database
                .query_one_raw(Statement::from_string(
                    database.get_database_backend(),
                    sql.to_owned(),
                ))
                .await
                .expect("query")
                .expect("a demo row");
            row.try_get::<uuid::Uuid>("", "id").expect("id").to_string()
        }
    };
    let idea = first("SELECT id FROM ideas WHERE status = 'published' ORDER BY id LIMIT 1").await;
    let call = first("SELECT id FROM calls ORDER BY id LIMIT 1").await;
    let workshop = first("SELECT id FROM workshops ORDER BY id LIMIT 1").await;
    // A demo member's profile: the test's suspended account's is held (409 to others), and
    // whether it sorted first depended on its random id.
    let person = first(
        "SELECT p.user_id AS id FROM profiles p JOIN users u ON u.id = p.user_id \
         WHERE u.email LIKE '%@demo.civic-innovation.invalid' ORDER BY p.user_id LIMIT 1",
    )
    .await;
    let mut wrong = Vec::new();
    for (role, client) in [
        (Role::Visitor, &visitor),
        (Role::Unconfirmed, &unconfirmed),
        (Role::Member, &member),
        (Role::Admin, &admin),
        (Role::Suspended, &suspended),
    ] {
        for (pattern, gate) in PAGES {
            let id = match pattern.split('/').nth(1) {
                Some("ideas") => idea.as_str(),
                Some("calls" | "jury") => call.as_str(),
                Some("workshops") => workshop.as_str(),
                Some("profiles") => person.as_str(),
                _ => NOBODY,
            };
            let path = pattern.replace(":id", id);
            let (status, html) = app.get(client, &path).await;
            if let Err(why) = page_allowed(*gate, role, status.as_u16(), &html) {
                wrong.push(format!("{path} as {role:?}: {why}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the page matrix is broken:\n{}",
        wrong.join("\n")
    );

    // Members-only text: no published idea's description reaches a visitor (nor an
    // unconfirmed account), neither in the page nor in the server function's answer.
    let rows = database
        .query_all_raw(Statement::from_string(
            database.get_database_backend(),
            "SELECT id, description FROM ideas WHERE status = 'published'".to_owned(),
        ))
        .await
        .expect("ideas");
    assert!(rows.len() >= 5, "the demo has published ideas");
    let mut checked = 0;
    for row in rows {
        let id: uuid::Uuid = row.try_get("", "id").expect("id");
        let description: String = row.try_get("", "description").expect("description");
        let res = app
            .call::<GetIdea>(&visitor, &[("id", &id.to_string())])
            .await;
        let json: serde_json::Value = res.json().await.expect("idea");
        assert!(json["description_html"].is_null(), "{id}: {json}");
        // The description's first plain words, as the page prints them.
        let words: Vec<&str> = description
            .split_whitespace()
            .take_while(|w| w.chars().all(char::is_alphanumeric))
            .take(6)
            .collect();
        if words.len() < 4 {
            continue;
        }
        let words = words.join(" ");
        for (who, client) in [
            ("a visitor", &visitor),
            ("an unconfirmed account", &unconfirmed),
        ] {
            let (status, html) = app.get(client, &format!("/ideas/{id}")).await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                !html.contains(&words),
                "{id}: the description reached {who}"
            );
        }
        let res = app
            .call::<GetIdea>(&unconfirmed, &[("id", &id.to_string())])
            .await;
        let json: serde_json::Value = res.json().await.expect("idea");
        assert!(json["description_html"].is_null(), "{id}: {json}");
        let (_, as_member) = app.get(&member, &format!("/ideas/{id}")).await;
        assert!(
            as_member.contains(&words),
            "{id}: a member reads it ({words})"
        );
        checked += 1;
    }
    assert!(checked >= 3, "descriptions checked: {checked}");
}
on_both_databases!(
    every_server_function_and_page_answers_by_its_gate,
    access_matrix
);
