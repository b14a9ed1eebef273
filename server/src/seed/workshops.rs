//! The demo's workshops: online and on site, with seats taken and a waiting list.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, DbErr, EntityTrait, QueryOrder, Set};
use uuid::Uuid;

/// Workshops to find on `/workshops`: one coming up online with seats taken, one on site
/// for this year's contest groups, and one past.
pub(super) async fn demo_workshops(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::{call, workshop, workshop_signup};
    use app::domain::{Audience, SignupStatus, WorkshopFormat};
    let this_year = call::Entity::find()
        .order_by_desc(call::Column::ClosesAt)
        .all(txn)
        .await?
        .into_iter()
        .find(|c| c.opens_at <= now && now < c.closes_at)
        .map(|c| c.id);
    let workshops = [
        (
            (
                "Datenschutz für KI-Projekte",
                "Data protection for AI projects",
            ),
            (
                "Was die DSGVO von einem KI-Projekt verlangt, an Beispielen aus Kommunen. Mit Zeit für Ihre Fragen.",
                "What the GDPR asks of an AI project, with examples from municipalities. With time for your questions.",
            ),
            WorkshopFormat::Online,
            "https://meet.example.org/datenschutz",
            9,
            12,
            Audience::Everyone,
            None,
            &["anna", "mehmet", "julia"][..],
        ),
        (
            (
                "Pitch-Training für den Ideenwettbewerb",
                "Pitch training for the idea contest",
            ),
            (
                "Ihre Idee in drei Minuten: ein Nachmittag mit Feedback, für die Gruppen des diesjährigen Wettbewerbs.",
                "Your idea in three minutes: an afternoon with feedback, for this year's contest groups.",
            ),
            WorkshopFormat::OnSite,
            "Rathaus Leipzig, Martin-Luther-Ring 4, Raum 3",
            30,
            16,
            Audience::CallGroups,
            this_year,
            &[][..],
        ),
        (
            (
                "Einführung: KI im Gemeinwohl",
                "Introduction: AI for the common good",
            ),
            (
                "Was KI heute kann und was nicht.",
                "What AI can and cannot do today.",
            ),
            WorkshopFormat::Online,
            "https://meet.example.org/einfuehrung",
            -20,
            30,
            Audience::Everyone,
            None,
            &["anna", "tobias"][..],
        ),
    ];
    for ((title_de, title_en), (de, en), format, place, days, capacity, audience, call, who) in
        workshops
    {
        let id = Uuid::new_v4();
        let starts = now + Duration::days(days) + Duration::hours(2);
        workshop::ActiveModel {
            id: Set(id),
            title_de: Set(title_de.to_owned()),
            title_en: Set(title_en.to_owned()),
            description_de: Set(de.to_owned()),
            description_en: Set(en.to_owned()),
            format: Set(format),
            place: Set(place.to_owned()),
            starts_at: Set(starts),
            ends_at: Set(starts + Duration::hours(2)),
            capacity: Set(capacity),
            seats_taken: Set(who.len() as i32),
            audience: Set(audience),
            call_id: Set(call),
            created_at: Set(now - Duration::days(30)),
            updated_at: Set(now - Duration::days(30)),
        }
        .insert(txn)
        .await?;
        for (i, local) in who.iter().enumerate() {
            let user = ids
                .get(local)
                .copied()
                .ok_or_else(|| DbErr::Custom(format!("demo workshops: no member {local}")))?;
            workshop_signup::ActiveModel {
                workshop_id: Set(id),
                user_id: Set(user),
                status: Set(SignupStatus::Confirmed),
                signed_up_at: Set(now - Duration::days(10) + Duration::minutes(i as i64)),
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}
