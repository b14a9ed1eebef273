//! Demo data for a first look: members from every kind of organisation, ideas in German and
//! English. Loaded only into an empty database and only when `demo_data` is on.
//! Every demo member logs in with their address and the password `demo-password`.

use app::backend::auth::hash_password;
use app::backend::entities::{idea, profile, tag, user};
use app::backend::tags::{kind, set_idea_tags, set_profile_tags};
use app::domain::{IdeaStatus, TagList};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "demo-password";

/// (name, e-mail local part, organisation, type, role, region, bio, interests, offers, seeks)
type Member = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const MEMBERS: &[Member] = &[
    (
        "Anna Schmidt",
        "anna",
        "Stadt Leipzig",
        "municipality",
        "Digitalisierungsbeauftragte",
        "Leipzig",
        "Ich verbinde Verwaltung und Stadtgesellschaft, damit digitale Angebote dort ankommen, wo sie gebraucht werden.",
        "Mobilität, Bürgerbeteiligung, Open Data",
        "Verwaltungsprozesse, Vergaberecht",
        "Machine Learning, Datenschutz",
    ),
    (
        "Mehmet Yılmaz",
        "mehmet",
        "DataForGood gGmbH",
        "association",
        "Data Scientist",
        "Berlin",
        "I help non-profits use their data responsibly — from first questions to working prototypes.",
        "Social services, Fairness, Open Data",
        "Machine Learning, Data engineering",
        "Social work, Public administration",
    ),
    (
        "Julia Becker",
        "julia",
        "ver.di Bildungswerk",
        "trade_union",
        "Referentin Arbeit 4.0",
        "Hannover",
        "Wie verändert KI die Arbeit? Ich bringe die Perspektive der Beschäftigten in Technikprojekte.",
        "Arbeit, Mitbestimmung, Weiterbildung",
        "Mitbestimmung, Workshops",
        "Software development, UX research",
    ),
    (
        "Tobias Wagner",
        "tobias",
        "Kiezlabs UG",
        "startup",
        "Co-Founder & CTO",
        "Hamburg",
        "We build small, useful AI tools for neighbourhoods. Currently: translation for local notice boards.",
        "Language, Inclusion, Neighbourhoods",
        "Software development, Natural language processing",
        "Municipal partners, Funding",
    ),
    (
        "Dr. Leonie Hartmann",
        "leonie",
        "Fraunhofer-Institut (Demo)",
        "research",
        "Senior Researcher",
        "Stuttgart",
        "Ich forsche zu erklärbarer KI und bewerte Systeme auf Fairness und Robustheit.",
        "Explainable AI, Fairness, Health",
        "Evaluation, Explainable AI",
        "Practice partners, Field data",
    ),
    (
        "Sven Köhler",
        "sven",
        "Köhler Logistik GmbH",
        "sme",
        "Geschäftsführer",
        "Dortmund",
        "Mittelständler mit 80 Beschäftigten. Wir wollen Touren klüger planen — ohne dass jemand auf der Strecke bleibt.",
        "Logistik, Klimaschutz, Arbeit",
        "Logistics, Domain knowledge",
        "Optimisation, Machine Learning",
    ),
    (
        "Fatima Al-Hassan",
        "fatima",
        "Integrationsrat Köln",
        "civil_society",
        "Ehrenamtliche Koordinatorin",
        "Köln",
        "Ich engagiere mich für Geflüchtete und suche Wege, Behördengänge einfacher zu machen.",
        "Inclusion, Language, Public services",
        "Community work, Arabic, Translation",
        "Software development, Legal advice",
    ),
    (
        "Markus Brandt",
        "markus",
        "Landesamt für Umwelt (Demo)",
        "public_administration",
        "Referatsleiter Daten",
        "Potsdam",
        "Unsere Messdaten sollen nicht nur in Schubladen liegen. Ich suche Partner, die daraus Nutzen stiften.",
        "Klimaschutz, Open Data, Umwelt",
        "Environmental data, Public administration",
        "Data visualisation, Machine Learning",
    ),
    (
        "Clara Neumann",
        "clara",
        "Caritasverband (Demo)",
        "association",
        "Projektleitung Digitales",
        "Freiburg",
        "Soziale Arbeit und Digitalisierung zusammendenken — mit den Menschen, nicht über sie.",
        "Social services, Care, Ethics",
        "Social work, Care",
        "Software development, Data protection",
    ),
    (
        "Jonas Richter",
        "jonas",
        "Gemeinde Wennigsen",
        "municipality",
        "Bürgermeister",
        "Region Hannover",
        "Eine kleine Gemeinde mit großen Fragen: Wie bleiben Dienste erreichbar, wenn das Personal knapp wird?",
        "Public services, Rural areas, Mobility",
        "Local government",
        "AI consulting, Funding",
    ),
    (
        "Priya Raman",
        "priya",
        "Independent",
        "civil_society",
        "UX Researcher",
        "Munich",
        "I run participatory design sessions so that the people affected shape the tools.",
        "Participation, Accessibility, Ethics",
        "UX research, Accessibility",
        "Municipal partners, Data science",
    ),
    (
        "Lukas Hoffmann",
        "lukas",
        "OpenTransit e.V.",
        "association",
        "Vorstand",
        "Dresden",
        "Wir machen Fahrplandaten offen und nutzbar.",
        "Mobilität, Open Data, Open Source",
        "Open Source, GTFS, Data engineering",
        "Municipal partners, Funding",
    ),
    (
        "Sophie Lehmann",
        "sophie",
        "Universität Leipzig (Demo)",
        "research",
        "Doktorandin Computerlinguistik",
        "Leipzig",
        "Ich arbeite an Leichter Sprache mit Sprachmodellen.",
        "Language, Accessibility, Inclusion",
        "Natural language processing, Evaluation",
        "Practice partners, User testing",
    ),
    (
        "Daniel Krüger",
        "daniel",
        "Krüger & Partner Steuerberatung",
        "sme",
        "Partner",
        "Bremen",
        "Kleine Kanzlei, viel Papier. Wir wollen KI nutzen, ohne Vertraulichkeit zu opfern.",
        "Datenschutz, Arbeit, Verwaltung",
        "Tax law, Domain knowledge",
        "Data protection, Software development",
    ),
    (
        "Elena Popescu",
        "elena",
        "Civic Tech Lab (Demo)",
        "startup",
        "Product Lead",
        "Berlin",
        "Product person for public-interest tech. Ex-government digital service.",
        "Public services, Participation, Open Source",
        "Product management, Service design",
        "Public administration, Machine Learning",
    ),
    (
        "Thomas Weber",
        "thomas",
        "IG Metall Bezirk (Demo)",
        "trade_union",
        "Gewerkschaftssekretär",
        "Frankfurt am Main",
        "Algorithmisches Management gehört auf den Tisch des Betriebsrats.",
        "Arbeit, Mitbestimmung, Ethics",
        "Mitbestimmung, Labour law",
        "Explainable AI, Data science",
    ),
    (
        "Hannah Schulz",
        "hannah",
        "Bezirksamt Neukölln (Demo)",
        "public_administration",
        "Sachbearbeiterin Bürgerdienste",
        "Berlin",
        "Ich kenne die Warteschlangen von innen und will sie kürzer machen.",
        "Public services, Language, Verwaltung",
        "Public administration, Domain knowledge",
        "Software development, UX research",
    ),
    (
        "Ali Demir",
        "ali",
        "Demir Bau GmbH",
        "sme",
        "Projektleiter",
        "Essen",
        "Baustellen sicherer machen — mit Kameras, die nur das Nötige sehen.",
        "Arbeitsschutz, Datenschutz, Arbeit",
        "Construction, Domain knowledge",
        "Computer vision, Data protection",
    ),
    (
        "Maria Fischer",
        "maria",
        "Volkshochschule (Demo)",
        "public_administration",
        "Fachbereichsleitung Digitales",
        "Nürnberg",
        "Bildung für alle — auch über KI.",
        "Weiterbildung, Ethics, Participation",
        "Adult education, Workshops",
        "AI experts, Course material",
    ),
    (
        "Ben Carter",
        "ben",
        "Open Knowledge (Demo)",
        "association",
        "Community Manager",
        "Berlin",
        "Open data, open minds. I organise hackathons and keep projects alive after them.",
        "Open Data, Open Source, Participation",
        "Community building, Events",
        "Municipal partners, Funding",
    ),
    (
        "Ole Jensen",
        "ole",
        "Nordlicht Robotics",
        "startup",
        "Founder",
        "Kiel",
        "Autonomous small boats that measure water quality in the Baltic.",
        "Umwelt, Klimaschutz, Robotics",
        "Robotics, Computer vision",
        "Environmental data, Public administration",
    ),
    (
        "Laura Zimmermann",
        "laura",
        "Hochschule Hannover (Demo)",
        "research",
        "Professorin Soziale Arbeit",
        "Hannover",
        "Ich untersuche, wie Fachkräfte in der Jugendhilfe mit Entscheidungsunterstützung umgehen.",
        "Social services, Ethics, Explainable AI",
        "Social work, Evaluation",
        "Data science, Practice partners",
    ),
    (
        "Nina Vogel",
        "nina",
        "Seniorenbüro Stadtteil (Demo)",
        "civil_society",
        "Koordinatorin",
        "Bochum",
        "Ältere Menschen sollen von Technik profitieren, nicht abgehängt werden.",
        "Care, Accessibility, Neighbourhoods",
        "Community work, Care",
        "Software development, Funding",
    ),
    (
        "Paul Schneider",
        "paul",
        "Sonstiges Netzwerk (Demo)",
        "other",
        "Berater",
        "Mainz",
        "Ich bringe Menschen aus Verwaltung, Wirtschaft und Zivilgesellschaft an einen Tisch.",
        "Participation, Public services",
        "Moderation, Networking",
        "Project ideas",
    ),
];

/// (author e-mail local part, title, teaser, description, topics, seeks, concrete?)
type DemoIdea = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const IDEAS: &[DemoIdea] = &[
    (
        "anna",
        "Bürgeranliegen automatisch richtig zuordnen",
        "Jede Woche erreichen uns hunderte Anliegen per Mail und Formular. Ein Sprachmodell könnte sie dem richtigen Amt zuordnen — transparent und mit menschlicher Kontrolle.",
        "## Ausgangslage\n\nAnliegen landen oft im falschen Postfach und werden mehrfach weitergeleitet.\n\n## Idee\n\n- Klassifikation eingehender Anliegen\n- Vorschlag an Sachbearbeitung, keine automatische Entscheidung\n- Offenes Modell, Betrieb im kommunalen Rechenzentrum\n\n## Wen wir suchen\n\nPartner mit Erfahrung in Textklassifikation und Datenschutz.",
        "Public services, Verwaltung, Language",
        "Natural language processing, Data protection",
        true,
    ),
    (
        "mehmet",
        "Early warning for energy poverty",
        "Combining anonymised utility data with social service records to help counsellors reach households before the power is cut off.",
        "We want to build a **privacy-preserving** model together with a municipality and a welfare association. The model never decides; it helps counsellors prioritise outreach.",
        "Social services, Fairness, Klimaschutz",
        "Public administration, Social work",
        false,
    ),
    (
        "julia",
        "KI-Folgenabschätzung mit dem Betriebsrat",
        "Eine Checkliste und ein Workshop-Format, mit dem Betriebsräte KI-Systeme vor der Einführung gemeinsam mit der IT bewerten können.",
        "Viele Betriebsräte werden zu spät beteiligt. Wir entwickeln ein offenes Format:\n\n1. Steckbrief des Systems\n2. Risiken für Beschäftigte\n3. Vereinbarungen und Evaluation",
        "Arbeit, Mitbestimmung, Ethics",
        "Explainable AI, UX research",
        true,
    ),
    (
        "tobias",
        "Translating neighbourhood notice boards",
        "Local notices in 12 languages, checked by volunteers from the neighbourhood. Small model, runs on a cheap server, no data leaves the district.",
        "A pilot in two Hamburg districts showed demand. We need a municipality and a volunteer network to scale it.",
        "Language, Inclusion, Neighbourhoods",
        "Municipal partners, Community work",
        true,
    ),
    (
        "leonie",
        "Fairness-Audit für kommunale Algorithmen",
        "Ein offenes Prüfverfahren, mit dem Kommunen eingesetzte Algorithmen auf Diskriminierung testen können — verständlich auch ohne Informatikstudium.",
        "Wir entwickeln das Verfahren mit zwei Pilotkommunen und veröffentlichen alles unter offener Lizenz.",
        "Fairness, Explainable AI, Verwaltung",
        "Municipal partners, Public administration",
        false,
    ),
    (
        "sven",
        "Tourenplanung, die Pausen ernst nimmt",
        "Routenoptimierung, die gesetzliche Pausen, Ladezeiten und die Wünsche der Fahrerinnen und Fahrer berücksichtigt — gemeinsam mit dem Betriebsrat entwickelt.",
        "Heute plant ein Disponent mit Excel. Wir wollen Emissionen senken und Stress reduzieren.",
        "Logistik, Arbeit, Klimaschutz",
        "Optimisation, Mitbestimmung",
        true,
    ),
    (
        "fatima",
        "Behördenbriefe verstehen",
        "Ein Assistent, der Briefe vom Amt in einfache Sprache und die Muttersprache übersetzt und erklärt, was zu tun ist — mit Hinweis auf Beratungsstellen.",
        "Viele Menschen verpassen Fristen, weil sie Briefe nicht verstehen. Ehrenamtliche sind überlastet.",
        "Language, Inclusion, Public services",
        "Natural language processing, Legal advice",
        false,
    ),
    (
        "markus",
        "Gewässerdaten für alle",
        "Wir öffnen 20 Jahre Messdaten zu Gewässerqualität und suchen Partner, die daraus Frühwarnungen für Starkregen und Fischsterben entwickeln.",
        "Die Daten liegen vor, sind aber schlecht dokumentiert. Erster Schritt: gemeinsamer Datenkatalog.",
        "Umwelt, Open Data, Klimaschutz",
        "Data engineering, Machine Learning",
        false,
    ),
    (
        "clara",
        "Dienstplanung in der Pflege fairer machen",
        "Dienstpläne, die Wünsche gerecht verteilen und Überlastung früh erkennen — entwickelt mit Pflegekräften, nicht für sie.",
        "Wir haben drei Einrichtungen, die mitmachen wollen. Es fehlt technisches Know-how.",
        "Care, Arbeit, Fairness",
        "Optimisation, Software development",
        false,
    ),
    (
        "jonas",
        "Digitale Sprechstunde für kleine Gemeinden",
        "Ein Chat-Assistent beantwortet Standardfragen rund um die Uhr und übergibt alles andere an Menschen — geteilt von mehreren Gemeinden.",
        "Kleine Gemeinden können sich keine eigene Lösung leisten. Gemeinsam schon.",
        "Public services, Rural areas",
        "Software development, AI consulting",
        true,
    ),
    (
        "priya",
        "Participatory design kit for public AI",
        "Open templates and a facilitation guide for involving affected people when a public body plans an AI system.",
        "Tested in three workshops so far. Looking for a municipality to use it on a real project.",
        "Participation, Ethics, Accessibility",
        "Public administration, Municipal partners",
        true,
    ),
    (
        "lukas",
        "Barrierefreie Routen aus offenen Daten",
        "Routenplanung für Menschen mit Rollstuhl oder Kinderwagen: Aufzüge, Stufen und Baustellen aus offenen Daten und Meldungen der Community.",
        "Wir haben die Daten für Dresden. Wir suchen weitere Städte und Verkehrsbetriebe.",
        "Mobilität, Accessibility, Open Data",
        "Municipal partners, Data engineering",
        false,
    ),
    (
        "sophie",
        "Leichte Sprache auf Knopfdruck",
        "Ein Sprachmodell, das Verwaltungstexte in Leichte Sprache übersetzt — geprüft von Prüfgruppen mit Lernschwierigkeiten.",
        "Ziel ist ein offenes Modell und ein Prüfprozess, den Ämter selbst nutzen können.",
        "Language, Accessibility, Verwaltung",
        "Practice partners, User testing",
        true,
    ),
    (
        "daniel",
        "Belegerkennung ohne Cloud",
        "Eine lokale Lösung, mit der kleine Kanzleien Belege automatisch erfassen, ohne Mandantendaten in fremde Clouds zu geben.",
        "Wir wollen das als Open-Source-Projekt mit anderen Kanzleien teilen.",
        "Datenschutz, Arbeit",
        "Computer vision, Software development",
        false,
    ),
    (
        "elena",
        "One form, many agencies",
        "A shared intake form that routes applications to the right agency and pre-fills what the state already knows (once-only principle).",
        "We prototyped this with one Land. It needs legal and technical partners in others.",
        "Public services, Verwaltung",
        "Public administration, Legal advice",
        true,
    ),
    (
        "thomas",
        "Transparenz bei algorithmischer Schichtplanung",
        "Beschäftigte sollen nachvollziehen können, warum ein System ihnen bestimmte Schichten zuteilt.",
        "Wir suchen Forschende für erklärbare Modelle und Betriebe, die mitmachen.",
        "Arbeit, Explainable AI, Mitbestimmung",
        "Explainable AI, Data science",
        false,
    ),
    (
        "hannah",
        "Terminvergabe, die Wartezeiten vorhersagt",
        "Eine Vorhersage der Auslastung im Bürgeramt, damit Termine besser verteilt und Spontanbesuche planbar werden.",
        "Wir haben anonymisierte Buchungsdaten aus drei Jahren.",
        "Public services, Verwaltung",
        "Machine Learning, Software development",
        false,
    ),
    (
        "ali",
        "Datensparsame Baustellensicherheit",
        "Kameras erkennen nur Gefahren (fehlender Helm, Absturzkante) und speichern keine Gesichter.",
        "Wir testen auf zwei Baustellen. Datenschutzbeauftragte sind an Bord.",
        "Arbeitsschutz, Datenschutz",
        "Computer vision, Data protection",
        true,
    ),
    (
        "maria",
        "KI-Führerschein für alle",
        "Ein Kursformat für Volkshochschulen: Was KI kann, was nicht, und wie man mitreden kann.",
        "Material unter offener Lizenz, Pilotkurse in Nürnberg.",
        "Weiterbildung, Participation",
        "AI experts, Course material",
        true,
    ),
    (
        "ben",
        "From hackathon to maintained service",
        "A programme that adopts the best civic hackathon prototypes and pairs them with a public body that will run them.",
        "Most prototypes die after the weekend. We want to change that with small grants and mentoring.",
        "Open Source, Participation, Open Data",
        "Municipal partners, Funding",
        false,
    ),
    (
        "ole",
        "Robot boats for cleaner water",
        "Small autonomous boats measure water quality in harbours and publish the data openly, in real time.",
        "We have a working boat. We need partners in public administration to integrate the data.",
        "Umwelt, Robotics, Open Data",
        "Public administration, Environmental data",
        true,
    ),
    (
        "laura",
        "Entscheidungsunterstützung in der Jugendhilfe — mit Grenzen",
        "Wie müssen Werkzeuge gestaltet sein, damit Fachkräfte sie kritisch nutzen? Eine Studie mit Praxispartnern.",
        "Wir suchen Jugendämter, die an Interviews und einem Prototyp mitwirken.",
        "Social services, Ethics, Explainable AI",
        "Practice partners, Data science",
        false,
    ),
    (
        "nina",
        "Vorlesehilfe für Seniorinnen und Senioren",
        "Ein einfaches Gerät, das Briefe und Beipackzettel vorliest und erklärt — ohne App, ohne Konto.",
        "Zusammen mit Ehrenamtlichen im Stadtteil wollen wir einen Prototyp bauen.",
        "Care, Accessibility",
        "Software development, Hardware",
        false,
    ),
    (
        "paul",
        "Matching-Abende für KI-Projekte",
        "Offline-Treffen, bei denen Verwaltung, Wirtschaft und Zivilgesellschaft in Kurzpitches Partner für Ideen finden.",
        "Ergänzt die Plattform: erst online stöbern, dann persönlich treffen.",
        "Participation, Public services",
        "Moderation, Municipal partners",
        false,
    ),
    (
        "mehmet",
        "Open dataset of German public service questions",
        "A curated, anonymised dataset of common citizen questions to benchmark public-sector chatbots fairly.",
        "We would publish it under CC BY and maintain it with municipal partners.",
        "Open Data, Public services, Language",
        "Public administration, Data protection",
        false,
    ),
    (
        "anna",
        "Radverkehr zählen mit offenen Sensoren",
        "Günstige Sensoren und offene Modelle zählen Radverkehr an Kreuzungen — die Daten fließen in die Verkehrsplanung.",
        "Wir wollen mit einer Initiative und einem Start-up zehn Standorte ausstatten.",
        "Mobilität, Open Data, Klimaschutz",
        "Computer vision, Hardware",
        true,
    ),
];

/// Topics offered as suggestions in forms.
const VOCABULARY: &str = "Mobilität, Open Data, Public services, Language, Accessibility, Inclusion, Arbeit, Klimaschutz, Umwelt, Participation, Ethics, Fairness, Explainable AI, Care, Social services, Datenschutz, Verwaltung";

/// Loads the demo data if there are no members yet; one transaction, so a failure leaves
/// the database as it was.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let hash = hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let vocabulary = TagList::parse(VOCABULARY).unwrap_or_default();
    for t in vocabulary.tags() {
        tag::ActiveModel {
            slug: Set(t.slug.clone()),
            label: Set(t.label.clone()),
            curated: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut ids = std::collections::HashMap::new();
    for (i, m) in MEMBERS.iter().enumerate() {
        let (name, local, org, org_type, role, region, bio, interests, offered, sought) = *m;
        let id = Uuid::new_v4();
        ids.insert(local, id);
        let joined = now - Duration::days(90 - i as i64);
        user::ActiveModel {
            id: Set(id),
            email: Set(format!("{local}@demo.civic-innovation.invalid")),
            password_hash: Set(hash.clone()),
            email_verified_at: Set(Some(joined)),
            created_at: Set(joined),
            ui_language: Set(None),
            security_stamp: Set(app::backend::auth::new_security_stamp()),
        }
        .insert(&txn)
        .await?;
        profile::ActiveModel {
            user_id: Set(id),
            display_name: Set(name.to_owned()),
            show_name_publicly: Set(i % 5 != 4),
            organisation_name: Set(org.to_owned()),
            organisation_type: Set(org_type.to_owned()),
            role: Set(role.to_owned()),
            region: Set(region.to_owned()),
            bio: Set(bio.to_owned()),
            experience: Set(String::new()),
            open_to_partners: Set(i % 4 != 3),
            language: Set(demo_language(bio).to_owned()),
            updated_at: Set(joined),
        }
        .insert(&txn)
        .await?;
        for (k, list) in [
            (kind::INTEREST, interests),
            (kind::OFFERED, offered),
            (kind::SOUGHT, sought),
        ] {
            set_profile_tags(&txn, id, k, &TagList::parse(list).unwrap_or_default()).await?;
        }
    }
    for (i, d) in IDEAS.iter().enumerate() {
        let (author, title, teaser, description, topics, seeks, concrete) = *d;
        let Some(author) = ids.get(author) else {
            continue;
        };
        let id = Uuid::new_v4();
        let at = now - Duration::hours(6 * (IDEAS.len() - i) as i64);
        idea::ActiveModel {
            id: Set(id),
            author_id: Set(*author),
            title: Set(title.to_owned()),
            teaser: Set(teaser.to_owned()),
            description: Set(description.to_owned()),
            maturity: Set(if concrete {
                "concrete_proposal"
            } else {
                "rough_idea"
            }
            .to_owned()),
            status: Set(IdeaStatus::Published.key().to_owned()),
            revision: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
            published_at: Set(Some(at)),
            language: Set(demo_language(&format!("{title} {teaser}")).to_owned()),
        }
        .insert(&txn)
        .await?;
        for (k, list) in [(kind::TOPIC, topics), (kind::SOUGHT, seeks)] {
            set_idea_tags(&txn, id, k, &TagList::parse(list).unwrap_or_default()).await?;
        }
    }
    txn.commit().await?;
    tracing::info!(
        members = MEMBERS.len(),
        ideas = IDEAS.len(),
        "demo data loaded"
    );
    Ok(())
}

/// The language of a demo text: German if it has umlauts or common German words. Only for
/// the fixed texts above; members say which language they write in.
fn demo_language(text: &str) -> &'static str {
    let padded = format!(" {} ", text.to_lowercase());
    let german = padded.contains(['ä', 'ö', 'ü', 'ß'])
        || [
            " und ", " für ", " der ", " die ", " das ", " mit ", " ein ", " eine ",
        ]
        .iter()
        .any(|w| padded.contains(w));
    if german { "de" } else { "en" }
}
