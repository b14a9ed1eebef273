//! The demo's community: Anna's conversations and requests, groups around ideas, comments.

use app::backend::entities::idea;
use app::domain::ContentLanguage;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

/// Anna (the member the README logs in as) has a conversation with Mehmet and a request
/// from Julia waiting, so the messages page shows what it is for.
pub(super) async fn demo_contacts(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::{contact_request, conversation, conversation_member, message};
    use app::domain::RequestStatus;
    let member = |local: &str| super::member(ids, "demo contacts", local);
    let (anna, mehmet, julia) = (member("anna")?, member("mehmet")?, member("julia")?);
    use app::contacts::pair_key as pair;
    let request = |from: Uuid, to: Uuid, note: &str, status, at| contact_request::ActiveModel {
        id: Set(Uuid::new_v4()),
        sender_id: Set(from),
        recipient_id: Set(to),
        pair_key: Set(pair(from, to)),
        idea_id: Set(None),
        note: Set(note.to_owned()),
        status: Set(status),
        created_at: Set(at),
        answered_at: Set((status == RequestStatus::Accepted).then_some(at)),
    };
    let opened = now - Duration::days(2);
    let first = "Hallo Anna, wir bauen in Köln ein offenes Datenportal für Radverkehr. Hätten Sie Lust auf einen Austausch?";
    request(mehmet, anna, first, RequestStatus::Accepted, opened)
        .insert(txn)
        .await?;
    request(
        julia,
        anna,
        "Guten Tag, ich forsche zu KI in der Verwaltung und würde gern von Ihren Erfahrungen hören.",
        RequestStatus::Pending,
        now - Duration::hours(3),
    )
    .insert(txn)
    .await?;
    let id = Uuid::new_v4();
    conversation::ActiveModel {
        id: Set(id),
        pair_key: Set(Some(pair(mehmet, anna))),
        created_at: Set(opened),
        last_message_at: Set(now - Duration::hours(20)),
        idea_id: Set(None),
    }
    .insert(txn)
    .await?;
    let mut last = 0;
    for (author, body, at) in [
        (mehmet, first, opened),
        (
            anna,
            "Sehr gern! Wir haben Zähldaten von 40 Stellen. Passt Ihnen Donnerstag um 10 Uhr?",
            opened + Duration::hours(2),
        ),
        (
            mehmet,
            "Donnerstag passt. Ich schicke Ihnen vorher unsere Schnittstellenbeschreibung.",
            now - Duration::hours(20),
        ),
    ] {
        last = message::ActiveModel {
            conversation_id: Set(id),
            author_id: Set(author),
            body: Set(body.to_owned()),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
    }
    // Mehmet has read everything; Anna has his last message still to read.
    for (user, read_up_to) in [(mehmet, last), (anna, last - 1)] {
        conversation_member::ActiveModel {
            conversation_id: Set(id),
            user_id: Set(user),
            read_up_to: Set(read_up_to),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Anna's newest idea has Mehmet in its group, and Julia has invited Anna to hers, so the
/// group and notification pages show what they are for.
pub(super) async fn demo_groups(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::{group_invitation, idea_member, notification};
    use app::domain::{InvitationStatus, NotificationKind};
    let member = |local: &str| super::member(ids, "demo groups", local);
    let (anna, mehmet, julia) = (member("anna")?, member("mehmet")?, member("julia")?);
    let newest_of = |author: Uuid| {
        idea::Entity::find()
            .filter(idea::Column::AuthorId.eq(author))
            .order_by_desc(idea::Column::PublishedAt)
            .one(txn)
    };
    let (Some(annas), Some(julias)) = (newest_of(anna).await?, newest_of(julia).await?) else {
        return Err(DbErr::Custom(
            "demo groups: Anna and Julia have ideas".into(),
        ));
    };
    idea_member::ActiveModel {
        idea_id: Set(annas.id),
        user_id: Set(mehmet),
        joined_at: Set(now - Duration::days(1)),
    }
    .insert(txn)
    .await?;
    for user in [anna, mehmet] {
        app::contacts::join_group_talk(txn, annas.id, user, now - Duration::days(1))
            .await
            .map_err(|e| DbErr::Custom(format!("demo group talk: {e}")))?;
    }
    let hello = match annas.language {
        ContentLanguage::German => {
            "Ich habe den Pilot ergänzt. Sollen wir die Bürgerbüros zusammen anfragen?"
        }
        ContentLanguage::English => {
            "I added the pilot. Shall we ask the citizens' offices together?"
        }
    };
    app::backend::entities::message::ActiveModel {
        conversation_id: Set(annas.id),
        author_id: Set(mehmet),
        body: Set(hello.to_owned()),
        created_at: Set(now - Duration::hours(2)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // Mehmet has co-edited it once, so its history has something to compare; Julia has
    // commented on it, and Mehmet answered.
    let edited_at = now - Duration::hours(2);
    let addition = match annas.language {
        ContentLanguage::German => {
            "**Ergänzung von Mehmet:** ein Pilot mit zwei Bürgerbüros im Frühjahr."
        }
        ContentLanguage::English => {
            "**Added by Mehmet:** a pilot with two citizens' offices in spring."
        }
    };
    let edited = idea::ActiveModel {
        id: Set(annas.id),
        group_size: Set(2),
        description: Set(format!("{}\n\n{addition}", annas.description)),
        revision: Set(annas.revision + 1),
        updated_at: Set(edited_at),
        ..Default::default()
    }
    .update(txn)
    .await?;
    app::revisions::db::record(txn, &edited, mehmet, edited_at)
        .await
        .map_err(|e| DbErr::Custom(format!("demo revision: {e}")))?;
    demo_comments(txn, annas.id, julia, mehmet, now).await?;
    // Anna has been told of both in the app; demo notifications are never mailed.
    for (kind, idea, link, hours) in [
        (
            NotificationKind::RequestReceived,
            None,
            "/me/messages".to_owned(),
            3,
        ),
        (
            NotificationKind::InvitationReceived,
            Some(julias.id),
            "/me/groups".to_owned(),
            5,
        ),
    ] {
        notification::ActiveModel {
            user_id: Set(anna),
            kind: Set(kind),
            actor_id: Set(Some(julia)),
            idea_id: Set(idea),
            link: Set(link),
            created_at: Set(now - Duration::hours(hours)),
            mail_claim: Set(Some(Uuid::nil())),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    group_invitation::ActiveModel {
        id: Set(Uuid::new_v4()),
        idea_id: Set(julias.id),
        inviter_id: Set(julia),
        invitee_id: Set(anna),
        status: Set(InvitationStatus::Pending),
        created_at: Set(now - Duration::hours(5)),
        expires_at: Set(now + Duration::days(13)),
        answered_at: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The language of a demo text: German if it has umlauts or common German words. Only for
/// the fixed texts above; members say which language they write in.
pub(super) async fn demo_comments(
    txn: &sea_orm::DatabaseTransaction,
    idea: Uuid,
    julia: Uuid,
    mehmet: Uuid,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::comment;
    let question = Uuid::new_v4();
    for (id, author, parent, body, hours) in [
        (
            question,
            julia,
            None,
            "Habt ihr schon mit dem Datenschutzbeauftragten der Stadt gesprochen? Das hat bei uns viel Zeit gespart.",
            30,
        ),
        (
            Uuid::new_v4(),
            mehmet,
            Some(question),
            "Noch nicht – danke für den Hinweis, wir melden uns bei ihm.",
            26,
        ),
    ] {
        comment::ActiveModel {
            id: Set(id),
            idea_id: Set(idea),
            author_id: Set(author),
            parent_id: Set(parent),
            body: Set(body.to_owned()),
            created_at: Set(now - Duration::hours(hours)),
            edited_at: Set(None),
            deleted_at: Set(None),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
