//! Server-only plumbing shared by the features: state, auth, mail, Markdown, entities.

pub mod auth;
pub mod entities;
pub mod mail;
pub mod markdown;
pub mod state;
pub mod tags;

pub use auth::Viewer;
pub use state::{AppState, Clock};
