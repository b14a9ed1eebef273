//! Pages and actions that need several features at once, above all of them: the idea page
//! with its group, comments, progress and matching panels, a profile with its contact and
//! invitation panels, a conversation with its invitation, account deletion, and "your
//! data". A feature never imports from here.

pub mod account_deletion;
mod conversation_page;
mod idea_page;
pub mod my_data;
mod profile_page;

pub use account_deletion::DeleteAccountPage;
pub use conversation_page::ConversationPage;
pub use idea_page::IdeaPage;
pub use my_data::MyDataPage;
pub use profile_page::ProfilePage;
