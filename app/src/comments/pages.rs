use super::{CommentView, DeleteComment, EditComment, PostComment, get_comments};
use crate::components::{CommunityNote, ErrorPanel, FormErrors, action_error, echoed};
use crate::domain::{CommentBody, ReportTarget};
use crate::i18n::*;
use crate::moderation::ReportForm;
use crate::texts;
use leptos::prelude::*;

/// The forms of one comments section: every reply, edit and delete form posts to one of
/// these, so a refusal is shown once, above the comments.
#[derive(Clone, Copy)]
struct Actions {
    post: ServerAction<PostComment>,
    edit: ServerAction<EditComment>,
    delete: ServerAction<DeleteComment>,
}

/// The comments under an idea, for members (the idea page renders it only for them, and
/// `get_comments` refuses visitors). Reply, edit and delete are `<details>` disclosures
/// holding plain forms, so everything works without JavaScript.
#[component]
pub fn CommentsSection(idea: String) -> impl IntoView {
    let l = texts::locale();
    let actions = Actions {
        post: ServerAction::new(),
        edit: ServerAction::new(),
        delete: ServerAction::new(),
    };
    // A page load follows one form post: the error, if any, is that form's.
    let error = {
        let (post, edit, delete) = (
            action_error(actions.post),
            action_error(actions.edit),
            action_error(actions.delete),
        );
        Signal::derive(move || post.get().or_else(|| edit.get()).or_else(|| delete.get()))
    };
    let comments = Resource::new(move || idea.clone(), get_comments);
    view! {
        <section id="comments" class="comments" aria-labelledby="comments-heading">
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    let c = match comments.await {
                        Ok(c) => c,
                        Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                    };
                    let heading = if c.count == 0 {
                        td_string!(l, comments.heading).to_string()
                    } else {
                        td_string!(l, comments.heading_count, count = c.count).to_string()
                    };
                    let idea = c.idea_id.clone();
                    view! {
                        <h2 id="comments-heading">{heading}</h2>
                        <CommunityNote text=td_string!(l, comments.members_only)/>
                        <FormErrors error/>
                        {if c.threads.is_empty() {
                            view! { <p class="muted">{td_string!(l, comments.none)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="comment-list" role="list">
                                    {c.threads.into_iter().map(|t| view! {
                                        <li><Comment c=t idea=idea.clone() open=c.open actions/></li>
                                    }).collect::<Vec<_>>()}
                                </ol>
                            }.into_any()
                        }}
                        {if c.open {
                            view! { <CommentForm idea=idea.clone() parent=None actions/> }.into_any()
                        } else {
                            view! { <p class="muted">{td_string!(l, comments.closed)}</p> }.into_any()
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Comment(c: CommentView, idea: String, open: bool, actions: Actions) -> impl IntoView {
    let l = texts::locale();
    let anchor = format!("c-{}", c.id);
    let date = texts::date_time(l, &c.created_at);
    let is_thread = !c.deleted || !c.replies.is_empty();
    let head = match &c.author {
        Some(a) => view! {
            <p class="comment-meta">
                <a href=format!("/profiles/{}", a.id)>{a.name.clone()}</a>
                " · " <time datetime=c.created_at.to_rfc3339()>{date}</time>
                {c.edited.then(|| view! { " · " {td_string!(l, comments.edited)} })}
            </p>
        }
        .into_any(),
        None if c.by_deleted_member => view! {
            <p class="comment-meta">
                <span class="muted">{td_string!(l, comments.deleted_member)}</span>
                " · " <time datetime=c.created_at.to_rfc3339()>{date}</time>
            </p>
        }
        .into_any(),
        None => {
            view! { <p class="comment-meta muted">{td_string!(l, comments.deleted)}</p> }.into_any()
        }
    };
    // Someone else's comment may be reported; the outcome shows above the idea.
    let report =
        (!c.deleted && !c.held && c.own_text.is_none() && !c.by_deleted_member).then(|| {
            view! {
                <ReportForm kind=ReportTarget::Comment target=c.id.clone()
                    next=format!("/ideas/{idea}#c-{}", c.id)/>
            }
        });
    let own = c.own_text.clone().map(|text| {
        let id = c.id.clone();
        view! { <OwnTools id text actions/> }
    });
    // Replies go to the thread: a reply's own reply form answers its top comment.
    let reply = (open && !c.deleted && is_thread).then(|| {
        view! {
            <details class="comment-reply" open={echoed("parent").as_deref() == Some(c.id.as_str())}>
                <summary>{td_string!(l, comments.reply)}</summary>
                <CommentForm idea=idea.clone() parent=Some(c.id.clone()) actions/>
            </details>
        }
    });
    let replies = (!c.replies.is_empty()).then(|| {
        view! {
            <ol class="comment-list replies" role="list">
                {c.replies.into_iter().map(|r| view! {
                    <li><Comment c=r idea=idea.clone() open=false actions/></li>
                }.into_any()).collect::<Vec<_>>()}
            </ol>
        }
    });
    view! {
        <article class="comment" id=anchor>
            {head}
            {if c.held {
                view! { <p class="held-note">{td_string!(l, moderation.held_text)}</p> }.into_any()
            } else {
                (!c.deleted).then(|| view! { <div class="prose" inner_html=c.body_html/> }).into_any()
            }}
            {own}
            {report}
            {reply}
            {replies}
        </article>
    }
}

/// Edit and delete for the author's own comment.
#[component]
fn OwnTools(id: String, text: String, actions: Actions) -> impl IntoView {
    let l = texts::locale();
    // A refused edit of this comment shows what was typed again.
    let mine = echoed("id").as_deref() == Some(id.as_str()) && echoed("body").is_some();
    let text = if mine {
        echoed("body").unwrap_or(text)
    } else {
        text
    };
    let field = format!("edit-{id}");
    let edit_id = id.clone();
    view! {
        <div class="comment-tools">
            <details open=mine>
                <summary>{td_string!(l, comments.edit)}</summary>
                <ActionForm action=actions.edit attr:class="form">
                    <input type="hidden" name="id" value=edit_id/>
                    <div class="field">
                        <label for=field.clone()>{td_string!(l, comments.your_comment)}</label>
                        <textarea id=field name="body" rows="4" required maxlength=CommentBody::MAX.to_string()>{text}</textarea>
                    </div>
                    <button class="button" type="submit">{td_string!(l, comments.save)}</button>
                </ActionForm>
            </details>
            <details>
                <summary>{td_string!(l, comments.delete)}</summary>
                <ActionForm action=actions.delete>
                    <input type="hidden" name="id" value=id/>
                    <p>{td_string!(l, comments.delete_question)}</p>
                    <button class="button danger" type="submit">{td_string!(l, comments.yes_delete)}</button>
                </ActionForm>
            </details>
        </div>
    }
}

/// A new comment (`parent` None) or a reply.
#[component]
fn CommentForm(idea: String, parent: Option<String>, actions: Actions) -> impl IntoView {
    let l = texts::locale();
    let parent = parent.unwrap_or_default();
    // A refused post shows its text again in the form it came from.
    let text = (echoed("idea").is_some() && echoed("parent").unwrap_or_default() == parent)
        .then(|| echoed("body"))
        .flatten()
        .unwrap_or_default();
    let (field, label, submit) = if parent.is_empty() {
        (
            "comment-new".to_owned(),
            td_string!(l, comments.write),
            td_string!(l, comments.post),
        )
    } else {
        (
            format!("reply-{parent}"),
            td_string!(l, comments.your_reply),
            td_string!(l, comments.post_reply),
        )
    };
    view! {
        <ActionForm action=actions.post attr:class="form comment-form">
            <input type="hidden" name="idea" value=idea/>
            <input type="hidden" name="parent" value=parent/>
            <div class="field">
                <label for=field.clone()>{label}</label>
                <p class="hint" id=format!("{field}-hint")>{td_string!(l, comments.hint)}</p>
                <textarea id=field.clone() name="body" rows="4" required maxlength=CommentBody::MAX.to_string()
                    aria-describedby=format!("{field}-hint")>{text}</textarea>
            </div>
            <button class="button primary" type="submit">{submit}</button>
        </ActionForm>
    }
}
