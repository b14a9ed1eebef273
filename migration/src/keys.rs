//! The foreign key every migration writes the same way.

use sea_orm_migration::prelude::*;

/// A key from `(table, column)` to `to`'s `id`: the row goes with the row it references.
pub fn cascade(from: (&'static str, &'static str), to: &'static str) -> ForeignKeyCreateStatement {
    cascade_to(from, (to, "id"))
}

/// A key from `(table, column)` to `(table, column)`, deleted with the row it references.
pub fn cascade_to(
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}
