//! The access matrix: every registered server function and every page, called by a visitor,
//! an unconfirmed member, a member, an admin and a suspended member, gets the answer its
//! gate allows — and never a server error. The list of server functions is compared with
//! the ones the server registered, so a new one fails this test until it is listed here.
//! Finer rules (owner, group member, juror) are each feature's own tests; here a record
//! that is someone's is at least never handed to a visitor.
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
    /// Logged in.
    Member,
    /// Logged in with a confirmed address.
    Verified,
    /// Admins only.
    Admin,
}

use Gate::*;

const MATRIX: &[(&str, Gate)] = &[
    ("admin_feedback", Admin),
    ("admin_members", Admin),
    ("admin_overview", Admin),
    ("admin_statistics", Admin),
    ("answer_invitation", Verified),
    ("answer_request", Verified),
    ("appoint_juror", Admin),
    ("approve_submission", Verified),
    ("audit_log", Admin),
    ("call", Anyone),
    ("call_editor", Admin),
    ("calls", Anyone),
    ("cancel_signup", Member),
    ("change_password", Member),
    ("confirm_email", Anyone),
    ("confirm_email_change", Anyone),
    ("contact_state", Member),
    ("conversation", Member),
    ("declare_conflict", Verified),
    ("delete_account", Member),
    ("delete_comment", Member),
    ("delete_idea", Member),
    ("delete_update", Member),
    ("discard_unmerged", Member),
    ("dismiss_juror", Admin),
    ("dismiss_match", Member),
    ("edit_comment", Member),
    ("farewell", Member),
    ("get_comments", Member),
    ("get_idea", Anyone),
    ("get_profile", Member),
    ("group", Member),
    ("hand_over", Verified),
    ("idea_for_edit", Owner),
    ("idea_helpers", Member),
    ("idea_history", Member),
    ("invite", Verified),
    ("invite_options", Member),
    ("jury", Admin),
    ("jury_queue", Member),
    ("leave_group", Member),
    ("login", Anyone),
    ("logout", Anyone),
    ("logout_everywhere", Member),
    ("mark_feedback_read", Admin),
    ("market", Anyone),
    ("moderate", Admin),
    ("moderation_queue", Admin),
    ("my_groups", Member),
    ("my_ideas", Member),
    ("my_matches", Member),
    ("my_messages", Member),
    ("my_profile", Member),
    ("notification_settings", Member),
    ("notifications", Member),
    ("post_comment", Member),
    ("post_update", Member),
    ("progress", Anyone),
    ("ranking", Admin),
    ("register", Anyone),
    ("remove_member", Member),
    ("report", Member),
    ("request_contact", Verified),
    ("request_email_change", Member),
    ("request_password_reset", Anyone),
    ("resend_verification", Member),
    ("reset_password", Anyone),
    ("results", Anyone),
    ("retrospective", Member),
    ("review", Member),
    ("save_call", Admin),
    ("save_idea", Member),
    ("save_profile", Member),
    ("save_retrospective", Member),
    ("save_scores", Verified),
    ("save_submission", Verified),
    ("save_workshop", Admin),
    ("search_people", Member),
    ("send_feedback", Anyone),
    ("send_message", Verified),
    ("set_block", Member),
    ("set_language", Anyone),
    // The form unpublishes (`publish=false`), which any owner may; publishing needs a
    // confirmed address (the ideas tests).
    ("set_published", Member),
    ("set_role", Admin),
    ("set_stage", Member),
    ("set_suspended", Admin),
    ("set_winner", Admin),
    ("showcase", Anyone),
    ("sign_up", Member),
    ("similar_ideas", Member),
    ("start_submission", Verified),
    ("submission", Member),
    ("topic_vocabulary", Anyone),
    ("whoami", Anyone),
    ("withdraw_invitation", Member),
    ("withdraw_submission", Verified),
    ("workshop", Anyone),
    ("workshop_editor", Admin),
    ("workshops", Anyone),
];

/// One form that every server function can read: each field any of them takes, with a
/// well-formed value naming nothing that exists (so nothing of the demo changes).
fn universal_form() -> Vec<(String, String)> {
    const NOBODY: &str = "6f1c5b1e-7a0e-4b7e-9a55-000000000001";
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
    if status.is_server_error() {
        return Err(format!("a server error ({code})"));
    }
    let expect = |ok: bool, want: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!("{code}, expected {want}"))
        }
    };
    use Role::{Suspended, Unconfirmed, Visitor};
    match (gate, role) {
        (Anyone, _) => Ok(()),
        (Owner, Visitor | Suspended) => expect(matches!(code, 401 | 404), "401 or 404"),
        (Member | Verified | Admin, Visitor | Suspended) => expect(code == 401, "401"),
        (Verified, Unconfirmed) => expect(code == 403, "403 (confirm the address)"),
        (Admin, Unconfirmed | Role::Member) => expect(code == 403, "403"),
        (Admin, Role::Admin) | (Member | Verified | Owner, _) => {
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

    // Pages: public ones for everyone; members' ones ask visitors (and the suspended) to
    // log in; the back office is the admins'.
    let public = [
        "/",
        "/ideas",
        "/showcase",
        "/calls",
        "/workshops",
        "/privacy",
        "/terms",
        "/imprint",
        "/feedback",
        "/login",
        "/register",
        "/goodbye",
        "/password/forgot",
    ];
    let members = [
        "/me",
        "/me/ideas",
        "/me/matches",
        "/me/messages",
        "/me/groups",
        "/me/notifications",
        "/me/account",
        "/me/account/delete",
        "/me/password",
        "/people",
        "/ideas/new",
    ];
    let admins = [
        "/admin",
        "/admin/moderation",
        "/admin/members",
        "/admin/audit",
        "/admin/statistics",
        "/admin/feedback",
        "/calls/new",
        "/workshops/new",
    ];
    for (role, client) in [
        (Role::Visitor, &visitor),
        (Role::Member, &member),
        (Role::Admin, &admin),
        (Role::Suspended, &suspended),
    ] {
        let gone = matches!(role, Role::Visitor | Role::Suspended);
        for path in public {
            let (status, _) = app.get(client, path).await;
            assert_eq!(status, StatusCode::OK, "{path} as {role:?}");
        }
        for path in members {
            let (status, _) = app.get(client, path).await;
            let want = if gone {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            };
            assert_eq!(status, want, "{path} as {role:?}");
        }
        for path in admins {
            let (status, _) = app.get(client, path).await;
            let want = match role {
                Role::Admin => StatusCode::OK,
                Role::Member | Role::Unconfirmed => StatusCode::FORBIDDEN,
                Role::Visitor | Role::Suspended => StatusCode::UNAUTHORIZED,
            };
            assert_eq!(status, want, "{path} as {role:?}");
        }
    }

    // Members-only text: no published idea's description reaches a visitor, neither in
    // the page nor in the server function's answer.
    let database = Database::connect(&app.config.database_url)
        .await
        .expect("connect");
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
        let (status, html) = app.get(&visitor, &format!("/ideas/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !html.contains(&words),
            "{id}: the description reached a visitor"
        );
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
