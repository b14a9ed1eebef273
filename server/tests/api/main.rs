// Leptos view types nest deeply; every crate that instantiates the app needs more room.
#![recursion_limit = "512"]
//! Integration tests through the real router and a real database (SQLite, and PostgreSQL
//! when `CIP_TEST_POSTGRES_URL` is set), as a browser would call it: pages as HTML, server
//! functions as forms post them. One test binary (one link), one file per feature.

#[macro_use]
pub mod common;

mod access;
mod accounts;
mod admin;
mod commands;
mod comments;
mod contacts;
mod contest;
mod deployment;
mod drafts;
mod erase;
mod feedback;
mod forms;
mod fuzz;
mod groups;
mod ideas;
mod jury;
mod language;
mod legal;
mod market;
mod matching;
mod moderation;
mod notifications;
mod profiles;
mod revisions;
mod search;
mod security;
mod server_parts;
mod sessions;
mod showcase;
mod statements;
mod workshops;

/// What every feature file uses.
pub mod prelude {
    pub use crate::common::{self, *};
    pub use app::backend::Clock;
    // The server functions the tests call: their URLs come from the functions.
    pub use app::accounts::{
        ChangePassword, ConfirmEmail, ConfirmEmailChange, Login, Logout, LogoutEverywhere,
        Register, RequestEmailChange, RequestPasswordReset, ResetPassword, SetLanguage,
    };
    pub use app::comments::{DeleteComment, EditComment, GetComments, PostComment};
    pub use app::contacts::{
        AnswerRequest, GetContactState, GetConversation, MyMessages, RequestContact, SendMessage,
        SetBlock,
    };
    pub use app::contest::{
        ApproveSubmission, CallEditor, GetCall, GetSubmission, ListCalls, SaveCall, SaveSubmission,
        StartSubmission, WithdrawSubmission,
    };
    pub use app::feedback::{ListFeedback, MarkFeedbackRead, SendFeedback};
    pub use app::groups::{
        AnswerInvitation, GetGroup, HandOver, Invite, LeaveGroup, MyGroups, RemoveMember,
        WithdrawInvitation,
    };
    pub use app::ideas::{
        DeleteIdea, GetIdea, IdeaForEdit, Market, MyIdeas, SaveIdea, SetPublished,
    };
    pub use app::jury::{
        AppointJuror, DeclareConflict, GetJury, GetRanking, GetResults, GetReview, JuryQueue,
        SaveScores, SetWinner,
    };
    pub use app::matching::{DismissMatch, IdeaHelpers, MyMatches};
    pub use app::notifications::{GetNotifications, SaveNotificationSettings};
    pub use app::profiles::{GetProfile, MyProfile, SaveProfile};
    pub use app::revisions::{DiscardUnmerged, IdeaHistory};
    pub use app::search::{SearchPeople, SimilarIdeas};
    pub use app::session::Whoami;
    pub use app::showcase::{
        DeleteUpdate, GetRetrospective, PostUpdate, SaveRetrospective, SetStage, Showcase,
    };
    pub use app::workshops::{CancelSignup, GetWorkshop, ListWorkshops, SaveWorkshop, SignUp};
    pub use reqwest::{Client, StatusCode, header};
    pub use sea_orm::{ConnectionTrait, Database, Statement};
}
