//! The demo's contest: a call in each phase with entries, scores and winners, and what
//! became of the ideas.

use app::backend::entities::{idea, user};
use app::domain::ContentLanguage;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

/// Clara runs the platform (an admin, in the demo only: elsewhere admins are made with
/// `server admin grant`); this year's contest is open, a funding call comes next, and
/// last year's contest is decided.
pub(super) async fn demo_calls(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::call;
    use app::domain::contest::fields_to_text;
    use app::domain::{CallField, CallKind, UserRole};
    let clara = ids
        .get("clara")
        .copied()
        .ok_or_else(|| DbErr::Custom("demo calls: no member clara".into()))?;
    user::ActiveModel {
        id: Set(clara),
        role: Set(UserRole::Admin),
        ..Default::default()
    }
    .update(txn)
    .await?;
    let contest_fields: Vec<CallField> = CallField::ALL
        .iter()
        .copied()
        .filter(|f| *f != CallField::Budget)
        .collect();
    let calls = [
        (
            CallKind::Contest,
            (
                "KI ist, was wir daraus machen – Ideenwettbewerb 2027",
                "AI is what we make it – idea contest 2027",
            ),
            (
                "Reichen Sie mit Ihrer Gruppe eine Idee ein, wie KI dem Gemeinwohl dienen kann. Die besten Ideen gewinnen **bis zu 20.000 Euro** sowie Beratung und Workshops.",
                "Enter, with your group, an idea for how AI can serve the common good. The best ideas win **up to 20,000 euros** plus advice and workshops.",
            ),
            [-10, 45, 75, 82],
            20_000,
            fields_to_text(&contest_fields),
        ),
        (
            CallKind::Funding,
            ("Projektförderung 2027", "Project funding 2027"),
            (
                "Für Konzepte, die weiter sind: Förderung für die Umsetzung, mit Budgetplan.",
                "For concepts that are further along: funding to implement them, with a budget plan.",
            ),
            [90, 150, 180, 190],
            150_000,
            fields_to_text(CallField::ALL),
        ),
        (
            CallKind::Contest,
            (
                "KI ist, was wir daraus machen – Ideenwettbewerb 2026",
                "AI is what we make it – idea contest 2026",
            ),
            (
                "Der Wettbewerb des vergangenen Jahres.",
                "Last year's contest.",
            ),
            [-300, -240, -210, -200],
            20_000,
            fields_to_text(&contest_fields),
        ),
    ];
    for (kind, (title_de, title_en), (de, en), days, euros, fields) in calls {
        let at = |d: i64| now + Duration::days(d);
        call::ActiveModel {
            id: Set(Uuid::new_v4()),
            kind: Set(kind),
            title_de: Set(title_de.to_owned()),
            title_en: Set(title_en.to_owned()),
            description_de: Set(de.to_owned()),
            description_en: Set(en.to_owned()),
            opens_at: Set(at(days[0])),
            closes_at: Set(at(days[1])),
            jury_until: Set(at(days[2])),
            results_at: Set(at(days[3])),
            max_amount_cents: Set(euros * 100),
            fields: Set(fields),
            criteria: Set("common_good:2,innovation:1,feasibility:1,responsibility:1".to_owned()),
            created_at: Set(at(days[0] - 7)),
            updated_at: Set(at(days[0] - 7)),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The showcase is not empty: Anna and Mehmet's idea won last year's contest and is being
/// implemented, with progress updates; Tobias's idea ended as a successful failure.
pub(super) async fn demo_showcase(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::{
        call, progress_update, retrospective, submission, submission_approval, submission_version,
    };
    use app::domain::Stage;
    let member = |local: &str| super::member(ids, "demo showcase", local);
    let (anna, mehmet, tobias) = (member("anna")?, member("mehmet")?, member("tobias")?);
    let newest_of = |author: Uuid| {
        idea::Entity::find()
            .filter(idea::Column::AuthorId.eq(author))
            .order_by_desc(idea::Column::PublishedAt)
            .one(txn)
    };
    let past = call::Entity::find()
        .order_by_asc(call::Column::ClosesAt)
        .one(txn)
        .await?;
    let (Some(annas), Some(tobiass), Some(past)) =
        (newest_of(anna).await?, newest_of(tobias).await?, past)
    else {
        return Err(DbErr::Custom(
            "demo showcase: Anna, Tobias and last year's call".into(),
        ));
    };
    let entered = past.closes_at - Duration::days(3);
    let id = Uuid::new_v4();
    submission::ActiveModel {
        id: Set(id),
        call_id: Set(past.id),
        idea_id: Set(annas.id),
        current_version: Set(1),
        submitted_version: Set(Some(1)),
        submitted_at: Set(Some(entered)),
        withdrawn_at: Set(None),
        winner: Set(true),
        created_at: Set(entered),
    }
    .insert(txn)
    .await?;
    submission_version::ActiveModel {
        submission_id: Set(id),
        version: Set(1),
        title: Set(annas.title.clone()),
        teaser: Set(annas.teaser.clone()),
        description: Set(annas.description.clone()),
        answers: Set("{}".to_owned()),
        edited_by: Set(Some(anna)),
        edited_at: Set(entered),
    }
    .insert(txn)
    .await?;
    for who in [anna, mehmet] {
        submission_approval::ActiveModel {
            submission_id: Set(id),
            version: Set(1),
            user_id: Set(who),
            approved_at: Set(entered),
        }
        .insert(txn)
        .await?;
    }
    let german = annas.language == ContentLanguage::German;
    let updates = [
        (
            anna,
            40,
            if german {
                "Der Pilot ist gestartet: zwei Bürgerbüros probieren es seit dieser Woche aus."
            } else {
                "The pilot has started: two citizens' offices have been trying it since this week."
            },
            None,
        ),
        (
            mehmet,
            5,
            if german {
                "Erste Auswertung: **ein Drittel weniger Wartezeit**. Der Bericht ist öffentlich."
            } else {
                "First evaluation: **a third less waiting time**. The report is public."
            },
            Some("https://example.org/pilot-report"),
        ),
    ];
    for (author, days_ago, body, link) in updates {
        progress_update::ActiveModel {
            id: Set(Uuid::new_v4()),
            idea_id: Set(annas.id),
            author_id: Set(Some(author)),
            body: Set(body.to_owned()),
            link: Set(link.map(str::to_owned)),
            created_at: Set(now - Duration::days(days_ago)),
        }
        .insert(txn)
        .await?;
    }
    let english = tobiass.language == ContentLanguage::English;
    let [tried, why_not, learned] = if english {
        [
            "A model that predicts demand from the city's open data.",
            "The data was updated once a year: too old to predict anything.",
            "Check how fresh the data is **before** building a model on it.",
        ]
    } else {
        [
            "Ein Modell, das den Bedarf aus den offenen Daten der Stadt vorhersagt.",
            "Die Daten wurden einmal im Jahr aktualisiert: zu alt für jede Vorhersage.",
            "Prüfen Sie, wie aktuell die Daten sind, **bevor** Sie ein Modell darauf bauen.",
        ]
    };
    retrospective::ActiveModel {
        idea_id: Set(tobiass.id),
        tried: Set(tried.to_owned()),
        why_not: Set(why_not.to_owned()),
        learned: Set(learned.to_owned()),
        edited_by: Set(Some(tobias)),
        updated_at: Set(now - Duration::days(12)),
    }
    .insert(txn)
    .await?;
    for (m, stage) in [
        (&annas, Stage::InImplementation),
        (&tobiass, Stage::SuccessfulFailure),
    ] {
        idea::ActiveModel {
            id: Set(m.id),
            declared_stage: Set(Some(stage)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(())
}
