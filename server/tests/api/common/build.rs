//! Builders: one line of setup for what many tests need — a member (`Member`), an idea
//! with its group, a call, a group's counted entry.

use super::*;
use app::contest::{ApproveSubmission, GetCall, ListCalls, SaveCall, StartSubmission};
use app::groups::{AnswerInvitation, Invite, MyGroups};
use reqwest::{Client, StatusCode};

/// A member as the tests use them: their logged-in client (a `&Member` is a `&Client`
/// wherever one is asked for), their id and their address.
#[derive(Clone, Debug)]
pub struct Member {
    pub client: Client,
    pub id: String,
    pub email: String,
}

impl std::ops::Deref for Member {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Member {
    /// The member logged in with `client`, as the server knows them.
    pub async fn of(app: &TestApp, client: Client, email: &str) -> Self {
        let id = id_of(app, &client).await;
        Self {
            client,
            id,
            email: email.to_owned(),
        }
    }
}

impl TestApp {
    /// `owner` publishes an idea titled `title` and each of `partners` joins its group on
    /// invitation: the idea's id.
    pub async fn group(&self, owner: &Client, partners: &[&Client], title: &str) -> String {
        let idea = publish_idea(self, owner, &[("title", title), ("teaser", "A teaser")]).await;
        for partner in partners {
            let partner_id = id_of(self, partner).await;
            assert_eq!(
                invite(self, owner, &idea, &partner_id).await,
                StatusCode::OK
            );
            let invitation = invitation_for(self, partner, &idea).await;
            let joined = answer(self, partner, &invitation, "accept").await;
            assert!(joined.is_success() || joined.is_redirection(), "{joined}");
        }
        idea
    }
}

pub async fn invite(app: &TestApp, owner: &Client, idea: &str, person: &str) -> StatusCode {
    app.call::<Invite>(owner, &[("idea", idea), ("person", person)])
        .await
        .status()
}

pub async fn my_groups(app: &TestApp, client: &Client) -> serde_json::Value {
    let res = app.call::<MyGroups>(client, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

/// The id of the open invitation to this member's for `idea`.
pub async fn invitation_for(app: &TestApp, invitee: &Client, idea: &str) -> String {
    let groups = my_groups(app, invitee).await;
    groups["invitations"]
        .as_array()
        .expect("invitations")
        .iter()
        .find(|i| i["idea_id"] == idea)
        .and_then(|i| i["id"].as_str())
        .expect("an open invitation")
        .to_owned()
}

pub async fn answer(app: &TestApp, invitee: &Client, invitation: &str, answer: &str) -> StatusCode {
    app.call::<AnswerInvitation>(invitee, &[("id", invitation), ("answer", answer)])
        .await
        .status()
}

/// `server <args>`, parsed and run as the command line runs it (not `serve`).
pub async fn command(config: &Config, args: &[&str]) -> Result<String, server::cli::Failure> {
    use clap::Parser;
    let cli =
        server::cli::Cli::try_parse_from(std::iter::once("server").chain(args.iter().copied()))
            .map_err(|e| server::cli::Failure::Usage(e.to_string()))?;
    let command = cli.command.expect("a command");
    server::cli::run(config, command).await
}

/// `server admin grant <email>`.
pub async fn grant(app: &TestApp, email: &str) {
    command(&app.config, &["admin", "grant", email])
        .await
        .expect("grant");
}

/// A call form in Berlin time, `days` from now for the four dates.
pub fn call_form(
    days: [i64; 4],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<(&'static str, String)> {
    let at = |d: i64| app::domain::contest::local_input_value(&(now + chrono::Duration::days(d)));
    vec![
        ("id", String::new()),
        ("kind", "contest".into()),
        ("title_de", "KI ist, was wir daraus machen 2027".into()),
        ("title_en", "AI is what we make it 2027".into()),
        ("description_de", "Reichen Sie Ihre Idee ein.".into()),
        ("description_en", "Enter your idea.".into()),
        ("opens_at", at(days[0])),
        ("closes_at", at(days[1])),
        ("jury_until", at(days[2])),
        ("results_at", at(days[3])),
        ("max_amount", "20.000".into()),
        ("ask_problem", "on".into()),
        ("ask_budget", "on".into()),
        ("weight_common_good", "2".into()),
        ("weight_innovation", "1".into()),
        ("weight_feasibility", "1".into()),
        ("weight_responsibility", "0".into()),
    ]
}

pub async fn save_call(
    app: &TestApp,
    client: &Client,
    form: &[(&'static str, String)],
) -> reqwest::Response {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call::<SaveCall>(client, &form).await
}

/// Opens a call as a new admin; its id.
pub async fn open_call(
    app: &TestApp,
    days: [i64; 4],
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let admin = app.member("admin@example.org", "Ada Admin", true).await;
    grant(app, "admin@example.org").await;
    assert!(ok(&save_call(app, &admin, &call_form(days, now)).await));
    let calls = json::<ListCalls>(app, &admin, &[]).await;
    calls["open"][0]["id"]
        .as_str()
        .expect("an open call")
        .to_owned()
}

pub async fn approve(app: &TestApp, client: &Client, id: &str, version: i64) -> StatusCode {
    let version = version.to_string();
    app.call::<ApproveSubmission>(client, &[("id", id), ("version", &version)])
        .await
        .status()
}

/// `owner` publishes an idea, `partner` joins, the group enters it and both approve; the
/// submission's id.
pub async fn entry(
    app: &TestApp,
    call: &str,
    owner: &Client,
    partner: &Client,
    title: &str,
) -> String {
    group_entry(app, call, owner, &[partner], title).await.1
}

/// `owner` publishes an idea, the `partners` join, the group enters it and every member
/// approves; the idea's and the submission's ids.
pub async fn group_entry(
    app: &TestApp,
    call: &str,
    owner: &Client,
    partners: &[&Client],
    title: &str,
) -> (String, String) {
    let idea = app.group(owner, partners, title).await;
    let res = app
        .call::<StartSubmission>(owner, &[("call", call), ("idea", &idea)])
        .await;
    assert!(ok(&res), "start: {}", res.status());
    let entries = json::<GetCall>(app, owner, &[("id", call)]).await["entries"].clone();
    let id = entries
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["idea_id"] == idea.as_str())
        .and_then(|e| e["submission"][0].as_str())
        .expect("submission")
        .to_owned();
    for member in std::iter::once(&owner).chain(partners) {
        assert_eq!(approve(app, member, &id, 1).await, StatusCode::OK);
    }
    (idea, id)
}

/// The caller's member id (`whoami`).
pub async fn id_of(app: &TestApp, client: &Client) -> String {
    whoami(app, client).await["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// The first column of the first row `sql` returns, as a number.
pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    scalar_at(&app.config.database_url, sql).await
}

/// One number read from the database at `url`.
pub async fn scalar_at(url: &str, sql: &str) -> i64 {
    let db = sea_orm::Database::connect(url).await.expect("db");
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .expect("query")
        .expect("row");
    row.try_get_by_index::<i64>(0)
        .or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from))
        .expect("number")
}

/// The JSON a server function answers `client` with; fails the test unless it is 200.
pub async fn json<F: leptos::server_fn::ServerFn>(
    app: &TestApp,
    client: &Client,
    form: &[(&str, &str)],
) -> serde_json::Value {
    let res = app.call::<F>(client, form).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", F::PATH);
    res.json().await.expect("json")
}
