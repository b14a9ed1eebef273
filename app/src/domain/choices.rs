use super::Invalid;
use serde::{Deserialize, Serialize};

/// A closed set of choices stored by a stable key. Labels live in the locale files
/// (`texts.rs`), so each language shows its own. On the server each is also a sea-orm
/// active enum: the column holds the key, and a stored value that is not one of the keys
/// is a database error, never a silent default.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
        pub enum $name {
            $(
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $key))]
                $variant
            ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                match raw.trim() {
                    $($key => Ok($name::$variant),)+
                    "" => Err(Invalid::Required),
                    _ => Err(Invalid::UnknownChoice),
                }
            }
        }
    };
}

choice!(
    /// The kinds of organisation the platform brings together (from the seed description).
    OrganisationType {
        Municipality = "municipality",
        Sme = "sme",
        PublicAdministration = "public_administration",
        TradeUnion = "trade_union",
        Association = "association",
        Startup = "startup",
        Research = "research",
        CivilSociety = "civil_society",
        Other = "other",
    }
);

choice!(
    /// How far an idea has come.
    Maturity {
        RoughIdea = "rough_idea",
        ConcreteProposal = "concrete_proposal",
    }
);

choice!(
    /// Whether an idea is the author's private draft, visible in the market, or held by
    /// moderation (out of every public list until an admin restores it; its owner and
    /// group still see it).
    IdeaStatus {
        Draft = "draft",
        Published = "published",
        Held = "held",
    }
);

choice!(
    /// The language an idea or a profile is written in (the interface languages, for now).
    ContentLanguage {
        German = "de",
        English = "en",
    }
);

choice!(
    /// How a tag is linked to a profile or an idea.
    TagKind {
        Topic = "topic",
        // Expertise wanted: nice to have (sought) or a must-have (required).
        Sought = "sought",
        Required = "required",
        Interest = "interest",
        Offered = "offered",
    }
);

choice!(
    /// What a dismissed matching suggestion was.
    MatchTarget {
        Person = "person",
        Idea = "idea",
    }
);

choice!(
    /// What a member can report to the admins.
    ReportTarget {
        Idea = "idea",
        Profile = "profile",
        Comment = "comment",
        Message = "message",
    }
);

choice!(
    /// Where a report stands: waiting for an admin, dismissed, or upheld (the content
    /// stays hidden).
    ReportStatus {
        Open = "open",
        Dismissed = "dismissed",
        Upheld = "upheld",
    }
);

choice!(
    /// Why content is held (hidden pending review): enough open reports, an admin's
    /// decision, or its author's suspension.
    HoldCause {
        Reports = "reports",
        Admin = "admin",
        Suspension = "suspension",
    }
);

choice!(
    /// What an admin did, as the audit log records it.
    AuditAction {
        RoleChanged = "role_changed",
        Suspended = "suspended",
        Reinstated = "reinstated",
        ReportsDismissed = "reports_dismissed",
        ContentHidden = "content_hidden",
        CallSaved = "call_saved",
        WorkshopSaved = "workshop_saved",
        JurorAppointed = "juror_appointed",
        JurorDismissed = "juror_dismissed",
        WinnerSet = "winner_set",
        FeedbackRead = "feedback_read",
    }
);

choice!(
    /// Who may send a member a contact request.
    ContactPolicy {
        Everyone = "everyone",
        // Only members the member has contacted first.
        Contacted = "contacted",
        Nobody = "nobody",
    }
);

choice!(
    /// Where a contact request stands.
    RequestStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
);

choice!(
    /// Where an invitation to an idea's group stands. A pending one past its expiry date
    /// counts as expired (`domain::Invitation::may_accept`), whatever is stored.
    InvitationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
        Withdrawn = "withdrawn",
        Expired = "expired",
    }
);

choice!(
    /// What a member is told about (in the app, and by mail as they choose).
    NotificationKind {
        RequestReceived = "request_received",
        RequestAccepted = "request_accepted",
        InvitationReceived = "invitation_received",
        InvitationAccepted = "invitation_accepted",
        InvitationExpired = "invitation_expired",
        Message = "message",
        Comment = "comment",
        IdeaEdited = "idea_edited",
        // A seat at a workshop came free for a member on its waiting list.
        WorkshopSeat = "workshop_seat",
        // A group member saved a version of a submission that waits for everyone's approval.
        ApprovalNeeded = "approval_needed",
        // An admin appointed the member to a call's jury.
        JurorAppointed = "juror_appointed",
    }
);

choice!(
    /// The parts of an idea a revision records, in the editor's order.
    IdeaField {
        Title = "title",
        Teaser = "teaser",
        Description = "description",
        Topics = "topics",
        Required = "required",
        Sought = "sought",
        Maturity = "maturity",
        Language = "language",
    }
);

choice!(
    /// How a kind of notification reaches a member by mail.
    Delivery {
        Immediately = "immediately",
        Daily = "daily",
        Off = "off",
    }
);

impl NotificationKind {
    /// By mail until the member chooses otherwise: what waits for their answer at once,
    /// the rest in the daily digest.
    pub fn default_delivery(self) -> Delivery {
        match self {
            NotificationKind::RequestReceived
            | NotificationKind::InvitationReceived
            | NotificationKind::ApprovalNeeded
            | NotificationKind::JurorAppointed => Delivery::Immediately,
            _ => Delivery::Daily,
        }
    }

    /// Kinds that pile up (a conversation, an idea being edited): while one is unread, the
    /// next of the same kind and link adds nothing.
    pub fn coalesces(self) -> bool {
        matches!(
            self,
            NotificationKind::Message
                | NotificationKind::IdeaEdited
                | NotificationKind::ApprovalNeeded
        )
    }
}

impl ContentLanguage {
    /// The language's own name, the same in every interface language (shown with `lang`).
    pub fn endonym(self) -> &'static str {
        match self {
            ContentLanguage::German => "Deutsch",
            ContentLanguage::English => "English",
        }
    }
}

choice!(
    /// What a member may do beyond their own content. Admins are appointed by the server's
    /// command line (`server admin grant <email>`), never through the web.
    UserRole {
        Member = "member",
        Admin = "admin",
    }
);

choice!(
    /// What a call invites: ideas for the annual contest, or applications for project
    /// funding (for concepts further along).
    CallKind {
        Contest = "contest",
        Funding = "funding",
    }
);

choice!(
    /// A question a call's form may ask, beside the title, teaser and description every
    /// submission carries. `Budget` is a whole number of euros up to the call's maximum.
    CallField {
        Problem = "problem",
        TargetGroup = "target_group",
        AiUse = "ai_use",
        CommonGood = "common_good",
        DataEthics = "data_ethics",
        Team = "team",
        Plan = "plan",
        Budget = "budget",
    }
);

choice!(
    /// What the jury scores a submission on, 1 to 5 each; a call weighs them.
    Criterion {
        CommonGood = "common_good",
        Innovation = "innovation",
        Feasibility = "feasibility",
        Responsibility = "responsibility",
    }
);

choice!(
    /// Why a juror does not see a submission.
    Conflict {
        // They are in the group.
        InGroup = "in_group",
        // They name the same organisation as a member of the group.
        SameOrganisation = "same_organisation",
        // They have exchanged messages with a member of the group.
        Talked = "talked",
        // They declared a conflict of interest.
        Declared = "declared",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_round_trips_through_its_key() {
        for t in OrganisationType::ALL {
            assert_eq!(OrganisationType::parse(t.key()), Ok(*t));
        }
        for m in Maturity::ALL {
            assert_eq!(Maturity::parse(m.key()), Ok(*m));
        }
        assert_eq!(OrganisationType::ALL.len(), 9);
    }

    #[test]
    fn unknown_choices_are_rejected() {
        assert_eq!(Maturity::parse("finished"), Err(Invalid::UnknownChoice));
        assert_eq!(Maturity::parse(""), Err(Invalid::Required));
        assert_eq!(
            OrganisationType::parse("' OR 1=1 --"),
            Err(Invalid::UnknownChoice)
        );
    }
}

choice!(
    /// Where an idea stands on its way from idea to effect (`domain::showcase`). The
    /// first four follow from facts; a group declares the last three.
    Stage {
        Idea = "idea",
        GroupFormed = "group_formed",
        Submitted = "submitted",
        // A winner of a contest or of project funding, public from the results date.
        Awarded = "awarded",
        InImplementation = "in_implementation",
        Completed = "completed",
        SuccessfulFailure = "successful_failure",
    }
);

choice!(
    /// How a workshop is held.
    WorkshopFormat {
        Online = "online",
        OnSite = "on_site",
    }
);

choice!(
    /// Who may sign up for a workshop.
    Audience {
        Everyone = "everyone",
        // The groups whose submission counts in the workshop's call.
        CallGroups = "call_groups",
    }
);

choice!(
    /// A member's place at a workshop.
    SignupStatus {
        Confirmed = "confirmed",
        Waiting = "waiting",
    }
);
