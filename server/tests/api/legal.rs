//! The data-protection notice, terms of use and imprint: public in both languages, linked
//! from every page's footer and from registration, which asks for consent.

use crate::prelude::*;

async fn legal_pages(db: Db) {
    let app = spawn_app(db).await;
    let (en, de) = (app.client(), app.client_in("de-DE,de;q=0.9"));
    for (path, english, german) in [
        ("/privacy", "Data-protection notice", "Datenschutzhinweise"),
        ("/terms", "Terms of use", "Nutzungsbedingungen"),
        ("/imprint", "Imprint", "Impressum"),
    ] {
        let (status, html) = app.get(&en, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            html.contains(&format!("<h1>{english}</h1>")),
            "{path} in English"
        );
        assert!(!html.contains("<script"), "{path} ships no script");
        let (_, html) = app.get(&de, path).await;
        assert!(
            html.contains(&format!("<h1>{german}</h1>")),
            "{path} in German"
        );
    }
    // Every page's footer links them; registration asks for consent beside two of them.
    let (_, market) = app.get(&en, "/").await;
    for path in ["/privacy", "/terms", "/imprint"] {
        assert!(
            market.contains(&format!("href=\"{path}\"")),
            "footer links {path}"
        );
    }
    let (_, register) = app.get(&en, "/register").await;
    assert!(register.contains("name=\"accept_terms\""));
    assert!(register.contains("I accept the terms of use"));
}
on_both_databases!(legal_pages_in_both_languages, legal_pages);
