//! Demo data for a first look: members from every kind of organisation, ideas in German and
//! English. Loaded only into an empty database and only when `demo_data` is on.
//! Every demo member logs in with their address and the password `demo-password`.

use app::backend::auth::hash_password;
use app::backend::entities::{idea, profile, tag, user};
use app::backend::tags::{
    refresh_idea_activity, refresh_profile_activity, set_idea_tags, set_profile_tags,
};
use app::domain::{
    ContentLanguage, Description, DisplayName, IdeaStatus, IdeaTitle, Invalid, LongText, Maturity,
    OrganisationType, ShortText, Tag, TagKind, TagList, Teaser,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "demo-password";

/// A demo member, written as plain text and parsed through the domain types on loading:
/// a bad value stops the server with the member's name.
struct DemoMember {
    name: &'static str,
    /// The part of the address before `@demo.civic-innovation.invalid`.
    local: &'static str,
    organisation: &'static str,
    organisation_type: &'static str,
    role: &'static str,
    region: &'static str,
    bio: &'static str,
    interests: &'static str,
    offers: &'static str,
    seeks: &'static str,
}

const MEMBERS: &[DemoMember] = &[
    DemoMember {
        name: "Anna Schmidt",
        local: "anna",
        organisation: "Stadt Leipzig",
        organisation_type: "municipality",
        role: "Digitalisierungsbeauftragte",
        region: "Leipzig",
        bio: "Ich verbinde Verwaltung und Stadtgesellschaft, damit digitale Angebote dort ankommen, wo sie gebraucht werden.",
        interests: "Mobilität, Bürgerbeteiligung, Open Data",
        offers: "Verwaltungsprozesse, Vergaberecht",
        seeks: "Machine Learning, Datenschutz",
    },
    DemoMember {
        name: "Mehmet Yılmaz",
        local: "mehmet",
        organisation: "DataForGood gGmbH",
        organisation_type: "association",
        role: "Data Scientist",
        region: "Berlin",
        bio: "I help non-profits use their data responsibly — from first questions to working prototypes.",
        interests: "Social services, Fairness, Open Data",
        offers: "Machine Learning, Data engineering",
        seeks: "Social work, Public administration",
    },
    DemoMember {
        name: "Julia Becker",
        local: "julia",
        organisation: "ver.di Bildungswerk",
        organisation_type: "trade_union",
        role: "Referentin Arbeit 4.0",
        region: "Hannover",
        bio: "Wie verändert KI die Arbeit? Ich bringe die Perspektive der Beschäftigten in Technikprojekte.",
        interests: "Arbeit, Mitbestimmung, Weiterbildung",
        offers: "Mitbestimmung, Workshops",
        seeks: "Software development, UX research",
    },
    DemoMember {
        name: "Tobias Wagner",
        local: "tobias",
        organisation: "Kiezlabs UG",
        organisation_type: "startup",
        role: "Co-Founder & CTO",
        region: "Hamburg",
        bio: "We build small, useful AI tools for neighbourhoods. Currently: translation for local notice boards.",
        interests: "Language, Inclusion, Neighbourhoods",
        offers: "Software development, Natural language processing",
        seeks: "Municipal partners, Funding",
    },
    DemoMember {
        name: "Dr. Leonie Hartmann",
        local: "leonie",
        organisation: "Fraunhofer-Institut (Demo)",
        organisation_type: "research",
        role: "Senior Researcher",
        region: "Stuttgart",
        bio: "Ich forsche zu erklärbarer KI und bewerte Systeme auf Fairness und Robustheit.",
        interests: "Explainable AI, Fairness, Health",
        offers: "Evaluation, Explainable AI",
        seeks: "Practice partners, Field data",
    },
    DemoMember {
        name: "Sven Köhler",
        local: "sven",
        organisation: "Köhler Logistik GmbH",
        organisation_type: "sme",
        role: "Geschäftsführer",
        region: "Dortmund",
        bio: "Mittelständler mit 80 Beschäftigten. Wir wollen Touren klüger planen — ohne dass jemand auf der Strecke bleibt.",
        interests: "Logistik, Klimaschutz, Arbeit",
        offers: "Logistics, Domain knowledge",
        seeks: "Optimisation, Machine Learning",
    },
    DemoMember {
        name: "Fatima Al-Hassan",
        local: "fatima",
        organisation: "Integrationsrat Köln",
        organisation_type: "civil_society",
        role: "Ehrenamtliche Koordinatorin",
        region: "Köln",
        bio: "Ich engagiere mich für Geflüchtete und suche Wege, Behördengänge einfacher zu machen.",
        interests: "Inclusion, Language, Public services",
        offers: "Community work, Arabic, Translation",
        seeks: "Software development, Legal advice",
    },
    DemoMember {
        name: "Markus Brandt",
        local: "markus",
        organisation: "Landesamt für Umwelt (Demo)",
        organisation_type: "public_administration",
        role: "Referatsleiter Daten",
        region: "Potsdam",
        bio: "Unsere Messdaten sollen nicht nur in Schubladen liegen. Ich suche Partner, die daraus Nutzen stiften.",
        interests: "Klimaschutz, Open Data, Umwelt",
        offers: "Environmental data, Public administration",
        seeks: "Data visualisation, Machine Learning",
    },
    DemoMember {
        name: "Clara Neumann",
        local: "clara",
        organisation: "Caritasverband (Demo)",
        organisation_type: "association",
        role: "Projektleitung Digitales",
        region: "Freiburg",
        bio: "Soziale Arbeit und Digitalisierung zusammendenken — mit den Menschen, nicht über sie.",
        interests: "Social services, Care, Ethics",
        offers: "Social work, Care",
        seeks: "Software development, Data protection",
    },
    DemoMember {
        name: "Jonas Richter",
        local: "jonas",
        organisation: "Gemeinde Wennigsen",
        organisation_type: "municipality",
        role: "Bürgermeister",
        region: "Region Hannover",
        bio: "Eine kleine Gemeinde mit großen Fragen: Wie bleiben Dienste erreichbar, wenn das Personal knapp wird?",
        interests: "Public services, Rural areas, Mobility",
        offers: "Local government",
        seeks: "AI consulting, Funding",
    },
    DemoMember {
        name: "Priya Raman",
        local: "priya",
        organisation: "Independent",
        organisation_type: "civil_society",
        role: "UX Researcher",
        region: "Munich",
        bio: "I run participatory design sessions so that the people affected shape the tools.",
        interests: "Participation, Accessibility, Ethics",
        offers: "UX research, Accessibility",
        seeks: "Municipal partners, Data science",
    },
    DemoMember {
        name: "Lukas Hoffmann",
        local: "lukas",
        organisation: "OpenTransit e.V.",
        organisation_type: "association",
        role: "Vorstand",
        region: "Dresden",
        bio: "Wir machen Fahrplandaten offen und nutzbar.",
        interests: "Mobilität, Open Data, Open Source",
        offers: "Open Source, GTFS, Data engineering",
        seeks: "Municipal partners, Funding",
    },
    DemoMember {
        name: "Sophie Lehmann",
        local: "sophie",
        organisation: "Universität Leipzig (Demo)",
        organisation_type: "research",
        role: "Doktorandin Computerlinguistik",
        region: "Leipzig",
        bio: "Ich arbeite an Leichter Sprache mit Sprachmodellen.",
        interests: "Language, Accessibility, Inclusion",
        offers: "Natural language processing, Evaluation",
        seeks: "Practice partners, User testing",
    },
    DemoMember {
        name: "Daniel Krüger",
        local: "daniel",
        organisation: "Krüger & Partner Steuerberatung",
        organisation_type: "sme",
        role: "Partner",
        region: "Bremen",
        bio: "Kleine Kanzlei, viel Papier. Wir wollen KI nutzen, ohne Vertraulichkeit zu opfern.",
        interests: "Datenschutz, Arbeit, Verwaltung",
        offers: "Tax law, Domain knowledge",
        seeks: "Data protection, Software development",
    },
    DemoMember {
        name: "Elena Popescu",
        local: "elena",
        organisation: "Civic Tech Lab (Demo)",
        organisation_type: "startup",
        role: "Product Lead",
        region: "Berlin",
        bio: "Product person for public-interest tech. Ex-government digital service.",
        interests: "Public services, Participation, Open Source",
        offers: "Product management, Service design",
        seeks: "Public administration, Machine Learning",
    },
    DemoMember {
        name: "Thomas Weber",
        local: "thomas",
        organisation: "IG Metall Bezirk (Demo)",
        organisation_type: "trade_union",
        role: "Gewerkschaftssekretär",
        region: "Frankfurt am Main",
        bio: "Algorithmisches Management gehört auf den Tisch des Betriebsrats.",
        interests: "Arbeit, Mitbestimmung, Ethics",
        offers: "Mitbestimmung, Labour law",
        seeks: "Explainable AI, Data science",
    },
    DemoMember {
        name: "Hannah Schulz",
        local: "hannah",
        organisation: "Bezirksamt Neukölln (Demo)",
        organisation_type: "public_administration",
        role: "Sachbearbeiterin Bürgerdienste",
        region: "Berlin",
        bio: "Ich kenne die Warteschlangen von innen und will sie kürzer machen.",
        interests: "Public services, Language, Verwaltung",
        offers: "Public administration, Domain knowledge",
        seeks: "Software development, UX research",
    },
    DemoMember {
        name: "Ali Demir",
        local: "ali",
        organisation: "Demir Bau GmbH",
        organisation_type: "sme",
        role: "Projektleiter",
        region: "Essen",
        bio: "Baustellen sicherer machen — mit Kameras, die nur das Nötige sehen.",
        interests: "Arbeitsschutz, Datenschutz, Arbeit",
        offers: "Construction, Domain knowledge",
        seeks: "Computer vision, Data protection",
    },
    DemoMember {
        name: "Maria Fischer",
        local: "maria",
        organisation: "Volkshochschule (Demo)",
        organisation_type: "public_administration",
        role: "Fachbereichsleitung Digitales",
        region: "Nürnberg",
        bio: "Bildung für alle — auch über KI.",
        interests: "Weiterbildung, Ethics, Participation",
        offers: "Adult education, Workshops",
        seeks: "AI experts, Course material",
    },
    DemoMember {
        name: "Ben Carter",
        local: "ben",
        organisation: "Open Knowledge (Demo)",
        organisation_type: "association",
        role: "Community Manager",
        region: "Berlin",
        bio: "Open data, open minds. I organise hackathons and keep projects alive after them.",
        interests: "Open Data, Open Source, Participation",
        offers: "Community building, Events",
        seeks: "Municipal partners, Funding",
    },
    DemoMember {
        name: "Ole Jensen",
        local: "ole",
        organisation: "Nordlicht Robotics",
        organisation_type: "startup",
        role: "Founder",
        region: "Kiel",
        bio: "Autonomous small boats that measure water quality in the Baltic.",
        interests: "Umwelt, Klimaschutz, Robotics",
        offers: "Robotics, Computer vision",
        seeks: "Environmental data, Public administration",
    },
    DemoMember {
        name: "Laura Zimmermann",
        local: "laura",
        organisation: "Hochschule Hannover (Demo)",
        organisation_type: "research",
        role: "Professorin Soziale Arbeit",
        region: "Hannover",
        bio: "Ich untersuche, wie Fachkräfte in der Jugendhilfe mit Entscheidungsunterstützung umgehen.",
        interests: "Social services, Ethics, Explainable AI",
        offers: "Social work, Evaluation",
        seeks: "Data science, Practice partners",
    },
    DemoMember {
        name: "Nina Vogel",
        local: "nina",
        organisation: "Seniorenbüro Stadtteil (Demo)",
        organisation_type: "civil_society",
        role: "Koordinatorin",
        region: "Bochum",
        bio: "Ältere Menschen sollen von Technik profitieren, nicht abgehängt werden.",
        interests: "Care, Accessibility, Neighbourhoods",
        offers: "Community work, Care",
        seeks: "Software development, Funding",
    },
    DemoMember {
        name: "Paul Schneider",
        local: "paul",
        organisation: "Sonstiges Netzwerk (Demo)",
        organisation_type: "other",
        role: "Berater",
        region: "Mainz",
        bio: "Ich bringe Menschen aus Verwaltung, Wirtschaft und Zivilgesellschaft an einen Tisch.",
        interests: "Participation, Public services",
        offers: "Moderation, Networking",
        seeks: "Project ideas",
    },
];

/// A demo idea, published; parsed through the domain types on loading like the members.
struct DemoIdea {
    /// The `local` of its author.
    author: &'static str,
    title: &'static str,
    teaser: &'static str,
    description: &'static str,
    topics: &'static str,
    seeks: &'static str,
    /// A concrete proposal rather than a rough idea.
    concrete: bool,
}

const IDEAS: &[DemoIdea] = &[
    DemoIdea {
        author: "anna",
        title: "Bürgeranliegen automatisch richtig zuordnen",
        teaser: "Jede Woche erreichen uns hunderte Anliegen per Mail und Formular. Ein Sprachmodell könnte sie dem richtigen Amt zuordnen — transparent und mit menschlicher Kontrolle.",
        description: "## Ausgangslage\n\nAnliegen landen oft im falschen Postfach und werden mehrfach weitergeleitet.\n\n## Idee\n\n- Klassifikation eingehender Anliegen\n- Vorschlag an Sachbearbeitung, keine automatische Entscheidung\n- Offenes Modell, Betrieb im kommunalen Rechenzentrum\n\n## Wen wir suchen\n\nPartner mit Erfahrung in Textklassifikation und Datenschutz.",
        topics: "Public services, Verwaltung, Language",
        seeks: "Natural language processing, Data protection",
        concrete: true,
    },
    DemoIdea {
        author: "mehmet",
        title: "Early warning for energy poverty",
        teaser: "Combining anonymised utility data with social service records to help counsellors reach households before the power is cut off.",
        description: "We want to build a **privacy-preserving** model together with a municipality and a welfare association. The model never decides; it helps counsellors prioritise outreach.",
        topics: "Social services, Fairness, Klimaschutz",
        seeks: "Public administration, Social work",
        concrete: false,
    },
    DemoIdea {
        author: "julia",
        title: "KI-Folgenabschätzung mit dem Betriebsrat",
        teaser: "Eine Checkliste und ein Workshop-Format, mit dem Betriebsräte KI-Systeme vor der Einführung gemeinsam mit der IT bewerten können.",
        description: "Viele Betriebsräte werden zu spät beteiligt. Wir entwickeln ein offenes Format:\n\n1. Steckbrief des Systems\n2. Risiken für Beschäftigte\n3. Vereinbarungen und Evaluation",
        topics: "Arbeit, Mitbestimmung, Ethics",
        seeks: "Explainable AI, UX research",
        concrete: true,
    },
    DemoIdea {
        author: "tobias",
        title: "Translating neighbourhood notice boards",
        teaser: "Local notices in 12 languages, checked by volunteers from the neighbourhood. Small model, runs on a cheap server, no data leaves the district.",
        description: "A pilot in two Hamburg districts showed demand. We need a municipality and a volunteer network to scale it.",
        topics: "Language, Inclusion, Neighbourhoods",
        seeks: "Municipal partners, Community work",
        concrete: true,
    },
    DemoIdea {
        author: "leonie",
        title: "Fairness-Audit für kommunale Algorithmen",
        teaser: "Ein offenes Prüfverfahren, mit dem Kommunen eingesetzte Algorithmen auf Diskriminierung testen können — verständlich auch ohne Informatikstudium.",
        description: "Wir entwickeln das Verfahren mit zwei Pilotkommunen und veröffentlichen alles unter offener Lizenz.",
        topics: "Fairness, Explainable AI, Verwaltung",
        seeks: "Municipal partners, Public administration",
        concrete: false,
    },
    DemoIdea {
        author: "sven",
        title: "Tourenplanung, die Pausen ernst nimmt",
        teaser: "Routenoptimierung, die gesetzliche Pausen, Ladezeiten und die Wünsche der Fahrerinnen und Fahrer berücksichtigt — gemeinsam mit dem Betriebsrat entwickelt.",
        description: "Heute plant ein Disponent mit Excel. Wir wollen Emissionen senken und Stress reduzieren.",
        topics: "Logistik, Arbeit, Klimaschutz",
        seeks: "Optimisation, Mitbestimmung",
        concrete: true,
    },
    DemoIdea {
        author: "fatima",
        title: "Behördenbriefe verstehen",
        teaser: "Ein Assistent, der Briefe vom Amt in einfache Sprache und die Muttersprache übersetzt und erklärt, was zu tun ist — mit Hinweis auf Beratungsstellen.",
        description: "Viele Menschen verpassen Fristen, weil sie Briefe nicht verstehen. Ehrenamtliche sind überlastet.",
        topics: "Language, Inclusion, Public services",
        seeks: "Natural language processing, Legal advice",
        concrete: false,
    },
    DemoIdea {
        author: "markus",
        title: "Gewässerdaten für alle",
        teaser: "Wir öffnen 20 Jahre Messdaten zu Gewässerqualität und suchen Partner, die daraus Frühwarnungen für Starkregen und Fischsterben entwickeln.",
        description: "Die Daten liegen vor, sind aber schlecht dokumentiert. Erster Schritt: gemeinsamer Datenkatalog.",
        topics: "Umwelt, Open Data, Klimaschutz",
        seeks: "Data engineering, Machine Learning",
        concrete: false,
    },
    DemoIdea {
        author: "clara",
        title: "Dienstplanung in der Pflege fairer machen",
        teaser: "Dienstpläne, die Wünsche gerecht verteilen und Überlastung früh erkennen — entwickelt mit Pflegekräften, nicht für sie.",
        description: "Wir haben drei Einrichtungen, die mitmachen wollen. Es fehlt technisches Know-how.",
        topics: "Care, Arbeit, Fairness",
        seeks: "Optimisation, Software development",
        concrete: false,
    },
    DemoIdea {
        author: "jonas",
        title: "Digitale Sprechstunde für kleine Gemeinden",
        teaser: "Ein Chat-Assistent beantwortet Standardfragen rund um die Uhr und übergibt alles andere an Menschen — geteilt von mehreren Gemeinden.",
        description: "Kleine Gemeinden können sich keine eigene Lösung leisten. Gemeinsam schon.",
        topics: "Public services, Rural areas",
        seeks: "Software development, AI consulting",
        concrete: true,
    },
    DemoIdea {
        author: "priya",
        title: "Participatory design kit for public AI",
        teaser: "Open templates and a facilitation guide for involving affected people when a public body plans an AI system.",
        description: "Tested in three workshops so far. Looking for a municipality to use it on a real project.",
        topics: "Participation, Ethics, Accessibility",
        seeks: "Public administration, Municipal partners",
        concrete: true,
    },
    DemoIdea {
        author: "lukas",
        title: "Barrierefreie Routen aus offenen Daten",
        teaser: "Routenplanung für Menschen mit Rollstuhl oder Kinderwagen: Aufzüge, Stufen und Baustellen aus offenen Daten und Meldungen der Community.",
        description: "Wir haben die Daten für Dresden. Wir suchen weitere Städte und Verkehrsbetriebe.",
        topics: "Mobilität, Accessibility, Open Data",
        seeks: "Municipal partners, Data engineering",
        concrete: false,
    },
    DemoIdea {
        author: "sophie",
        title: "Leichte Sprache auf Knopfdruck",
        teaser: "Ein Sprachmodell, das Verwaltungstexte in Leichte Sprache übersetzt — geprüft von Prüfgruppen mit Lernschwierigkeiten.",
        description: "Ziel ist ein offenes Modell und ein Prüfprozess, den Ämter selbst nutzen können.",
        topics: "Language, Accessibility, Verwaltung",
        seeks: "Practice partners, User testing",
        concrete: true,
    },
    DemoIdea {
        author: "daniel",
        title: "Belegerkennung ohne Cloud",
        teaser: "Eine lokale Lösung, mit der kleine Kanzleien Belege automatisch erfassen, ohne Mandantendaten in fremde Clouds zu geben.",
        description: "Wir wollen das als Open-Source-Projekt mit anderen Kanzleien teilen.",
        topics: "Datenschutz, Arbeit",
        seeks: "Computer vision, Software development",
        concrete: false,
    },
    DemoIdea {
        author: "elena",
        title: "One form, many agencies",
        teaser: "A shared intake form that routes applications to the right agency and pre-fills what the state already knows (once-only principle).",
        description: "We prototyped this with one Land. It needs legal and technical partners in others.",
        topics: "Public services, Verwaltung",
        seeks: "Public administration, Legal advice",
        concrete: true,
    },
    DemoIdea {
        author: "thomas",
        title: "Transparenz bei algorithmischer Schichtplanung",
        teaser: "Beschäftigte sollen nachvollziehen können, warum ein System ihnen bestimmte Schichten zuteilt.",
        description: "Wir suchen Forschende für erklärbare Modelle und Betriebe, die mitmachen.",
        topics: "Arbeit, Explainable AI, Mitbestimmung",
        seeks: "Explainable AI, Data science",
        concrete: false,
    },
    DemoIdea {
        author: "hannah",
        title: "Terminvergabe, die Wartezeiten vorhersagt",
        teaser: "Eine Vorhersage der Auslastung im Bürgeramt, damit Termine besser verteilt und Spontanbesuche planbar werden.",
        description: "Wir haben anonymisierte Buchungsdaten aus drei Jahren.",
        topics: "Public services, Verwaltung",
        seeks: "Machine Learning, Software development",
        concrete: false,
    },
    DemoIdea {
        author: "ali",
        title: "Datensparsame Baustellensicherheit",
        teaser: "Kameras erkennen nur Gefahren (fehlender Helm, Absturzkante) und speichern keine Gesichter.",
        description: "Wir testen auf zwei Baustellen. Datenschutzbeauftragte sind an Bord.",
        topics: "Arbeitsschutz, Datenschutz",
        seeks: "Computer vision, Data protection",
        concrete: true,
    },
    DemoIdea {
        author: "maria",
        title: "KI-Führerschein für alle",
        teaser: "Ein Kursformat für Volkshochschulen: Was KI kann, was nicht, und wie man mitreden kann.",
        description: "Material unter offener Lizenz, Pilotkurse in Nürnberg.",
        topics: "Weiterbildung, Participation",
        seeks: "AI experts, Course material",
        concrete: true,
    },
    DemoIdea {
        author: "ben",
        title: "From hackathon to maintained service",
        teaser: "A programme that adopts the best civic hackathon prototypes and pairs them with a public body that will run them.",
        description: "Most prototypes die after the weekend. We want to change that with small grants and mentoring.",
        topics: "Open Source, Participation, Open Data",
        seeks: "Municipal partners, Funding",
        concrete: false,
    },
    DemoIdea {
        author: "ole",
        title: "Robot boats for cleaner water",
        teaser: "Small autonomous boats measure water quality in harbours and publish the data openly, in real time.",
        description: "We have a working boat. We need partners in public administration to integrate the data.",
        topics: "Umwelt, Robotics, Open Data",
        seeks: "Public administration, Environmental data",
        concrete: true,
    },
    DemoIdea {
        author: "laura",
        title: "Entscheidungsunterstützung in der Jugendhilfe — mit Grenzen",
        teaser: "Wie müssen Werkzeuge gestaltet sein, damit Fachkräfte sie kritisch nutzen? Eine Studie mit Praxispartnern.",
        description: "Wir suchen Jugendämter, die an Interviews und einem Prototyp mitwirken.",
        topics: "Social services, Ethics, Explainable AI",
        seeks: "Practice partners, Data science",
        concrete: false,
    },
    DemoIdea {
        author: "nina",
        title: "Vorlesehilfe für Seniorinnen und Senioren",
        teaser: "Ein einfaches Gerät, das Briefe und Beipackzettel vorliest und erklärt — ohne App, ohne Konto.",
        description: "Zusammen mit Ehrenamtlichen im Stadtteil wollen wir einen Prototyp bauen.",
        topics: "Care, Accessibility",
        seeks: "Software development, Hardware",
        concrete: false,
    },
    DemoIdea {
        author: "paul",
        title: "Matching-Abende für KI-Projekte",
        teaser: "Offline-Treffen, bei denen Verwaltung, Wirtschaft und Zivilgesellschaft in Kurzpitches Partner für Ideen finden.",
        description: "Ergänzt die Plattform: erst online stöbern, dann persönlich treffen.",
        topics: "Participation, Public services",
        seeks: "Moderation, Municipal partners",
        concrete: false,
    },
    DemoIdea {
        author: "mehmet",
        title: "Open dataset of German public service questions",
        teaser: "A curated, anonymised dataset of common citizen questions to benchmark public-sector chatbots fairly.",
        description: "We would publish it under CC BY and maintain it with municipal partners.",
        topics: "Open Data, Public services, Language",
        seeks: "Public administration, Data protection",
        concrete: false,
    },
    DemoIdea {
        author: "anna",
        title: "Radverkehr zählen mit offenen Sensoren",
        teaser: "Günstige Sensoren und offene Modelle zählen Radverkehr an Kreuzungen — die Daten fließen in die Verkehrsplanung.",
        description: "Wir wollen mit einer Initiative und einem Start-up zehn Standorte ausstatten.",
        topics: "Mobilität, Open Data, Klimaschutz",
        seeks: "Computer vision, Hardware",
        concrete: true,
    },
];

/// Topics offered as suggestions in every tag field.
const VOCABULARY: &[&str] = &[
    "Mobilität",
    "Open Data",
    "Public services",
    "Language",
    "Accessibility",
    "Inclusion",
    "Arbeit",
    "Klimaschutz",
    "Umwelt",
    "Participation",
    "Ethics",
    "Fairness",
    "Explainable AI",
    "Care",
    "Social services",
    "Datenschutz",
    "Verwaltung",
];

/// A demo value that does not parse is a mistake in this file: loading stops and names it.
fn parsed<T>(row: &str, field: &str, value: Result<T, Invalid>) -> Result<T, DbErr> {
    value.map_err(|e| DbErr::Custom(format!("demo data, {row}, {field}: {e}")))
}

/// Loads the demo data if there are no members yet; one transaction, so a failure leaves
/// the database as it was.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<(), DbErr> {
    // The "deleted member" row is there from the first start; any other means data.
    let members = user::Entity::find()
        .filter(user::Column::Id.ne(app::shared::DELETED_MEMBER))
        .count(db)
        .await?;
    if members > 0 {
        return Ok(());
    }
    let hash = hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let now = Utc::now();
    let txn = db.begin().await?;
    for raw in VOCABULARY {
        let t = parsed("vocabulary", raw, Tag::parse(raw))?;
        tag::ActiveModel {
            slug: Set(t.slug),
            label: Set(t.label),
            curated: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut ids = std::collections::HashMap::new();
    for (i, m) in MEMBERS.iter().enumerate() {
        let row = m.name;
        let name = parsed(row, "name", DisplayName::parse(m.name))?;
        let organisation = parsed(row, "organisation", ShortText::parse(m.organisation))?;
        let organisation_type = parsed(
            row,
            "organisation_type",
            OrganisationType::parse(m.organisation_type),
        )?;
        let role = parsed(row, "role", ShortText::parse(m.role))?;
        let region = parsed(row, "region", ShortText::parse(m.region))?;
        let bio = parsed(row, "bio", LongText::parse(m.bio))?;
        let tags = [
            (
                TagKind::Interest,
                parsed(row, "interests", TagList::parse(m.interests))?,
            ),
            (
                TagKind::Offered,
                parsed(row, "offers", TagList::parse(m.offers))?,
            ),
            (
                TagKind::Sought,
                parsed(row, "seeks", TagList::parse(m.seeks))?,
            ),
        ];
        let id = Uuid::new_v4();
        ids.insert(m.local, id);
        let joined = now - Duration::days(90 - i as i64);
        user::ActiveModel {
            id: Set(id),
            email: Set(format!("{}@demo.civic-innovation.invalid", m.local)),
            password_hash: Set(hash.clone()),
            email_verified_at: Set(Some(joined)),
            created_at: Set(joined),
            ui_language: Set(None),
            security_stamp: Set(app::backend::auth::new_security_stamp()),
            role: Set(app::domain::UserRole::Member),
            terms_accepted_at: Set(None),
            suspended_at: Set(None),
        }
        .insert(&txn)
        .await?;
        profile::ActiveModel {
            user_id: Set(id),
            display_name: Set(name.into_inner()),
            show_name_publicly: Set(i % 5 != 4),
            organisation_name: Set(organisation.into_inner()),
            organisation_type: Set(organisation_type),
            role: Set(role.into_inner()),
            region: Set(region.into_inner()),
            language: Set(demo_language(m.bio)),
            bio: Set(bio.into_inner()),
            experience: Set(String::new()),
            open_to_partners: Set(i % 4 != 3),
            in_matching: Set(true),
            contact_policy: Set(app::domain::ContactPolicy::Everyone),
            updated_at: Set(joined),
        }
        .insert(&txn)
        .await?;
        for (kind, list) in tags {
            set_profile_tags(&txn, id, kind, &list).await?;
        }
        refresh_profile_activity(&txn, id, joined).await?;
    }
    for (i, d) in IDEAS.iter().enumerate() {
        let row = d.title;
        let author = *ids
            .get(d.author)
            .ok_or_else(|| DbErr::Custom(format!("demo idea {row}: no member {}", d.author)))?;
        let title = parsed(row, "title", IdeaTitle::parse(d.title))?;
        let teaser = parsed(row, "teaser", Teaser::parse(d.teaser))?;
        let description = parsed(row, "description", Description::parse(d.description))?;
        let topics = parsed(row, "topics", TagList::parse(d.topics))?;
        let seeks = parsed(row, "seeks", TagList::parse(d.seeks))?;
        let id = Uuid::new_v4();
        let at = now - Duration::hours(6 * (IDEAS.len() - i) as i64);
        let model = idea::ActiveModel {
            id: Set(id),
            author_id: Set(author),
            language: Set(demo_language(&format!("{} {}", d.title, d.teaser))),
            title: Set(title.into_inner()),
            teaser: Set(teaser.into_inner()),
            description: Set(description.into_inner()),
            maturity: Set(if d.concrete {
                Maturity::ConcreteProposal
            } else {
                Maturity::RoughIdea
            }),
            status: Set(IdeaStatus::Published),
            revision: Set(1),
            group_size: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
            declared_stage: Set(None),
            published_at: Set(Some(at)),
        }
        .insert(&txn)
        .await?;
        set_idea_tags(&txn, id, TagKind::Topic, &topics).await?;
        set_idea_tags(&txn, id, TagKind::Sought, &seeks).await?;
        refresh_idea_activity(&txn, id, at).await?;
        app::revisions::db::record(&txn, &model, author, at)
            .await
            .map_err(|e| DbErr::Custom(format!("demo idea {row}: {e}")))?;
    }
    demo_contacts(&txn, &ids, now).await?;
    demo_groups(&txn, &ids, now).await?;
    demo_calls(&txn, &ids, now).await?;
    demo_showcase(&txn, &ids, now).await?;
    demo_workshops(&txn, &ids, now).await?;
    txn.commit().await?;
    tracing::info!(
        members = MEMBERS.len(),
        ideas = IDEAS.len(),
        "demo data loaded"
    );
    Ok(())
}

/// Anna (the member the README logs in as) has a conversation with Mehmet and a request
/// from Julia waiting, so the messages page shows what it is for.
async fn demo_contacts(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::{contact_request, conversation, conversation_member, message};
    use app::domain::RequestStatus;
    let member = |local: &str| {
        ids.get(local)
            .copied()
            .ok_or_else(|| DbErr::Custom(format!("demo contacts: no member {local}")))
    };
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
async fn demo_groups(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::{group_invitation, idea_member, notification};
    use app::domain::{InvitationStatus, NotificationKind};
    let member = |local: &str| {
        ids.get(local)
            .copied()
            .ok_or_else(|| DbErr::Custom(format!("demo groups: no member {local}")))
    };
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
async fn demo_comments(
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

fn demo_language(text: &str) -> ContentLanguage {
    let padded = format!(" {} ", text.to_lowercase());
    let german = padded.contains(['ä', 'ö', 'ü', 'ß'])
        || [
            " und ", " für ", " der ", " die ", " das ", " mit ", " ein ", " eine ",
        ]
        .iter()
        .any(|w| padded.contains(w));
    if german {
        ContentLanguage::German
    } else {
        ContentLanguage::English
    }
}

/// Clara runs the platform (an admin, in the demo only: elsewhere admins are made with
/// `server admin grant`); this year's contest is open, a funding call comes next, and
/// last year's contest is decided.
async fn demo_calls(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::call;
    use app::domain::contest::fields_to_text;
    use app::domain::{CallField, CallKind, UserRole};
    let clara = ids
        .get("clara")
        .copied()
        .ok_or_else(|| DbErr::Custom("demo calls: no member clara".into()))?;
    user::ActiveModel {
        id: Set(clara),
        role: Set(UserRole::Admin),
        ..Default::default()
    }
    .update(txn)
    .await?;
    let contest_fields: Vec<CallField> = CallField::ALL
        .iter()
        .copied()
        .filter(|f| *f != CallField::Budget)
        .collect();
    let calls = [
        (
            CallKind::Contest,
            (
                "KI ist, was wir daraus machen – Ideenwettbewerb 2027",
                "AI is what we make it – idea contest 2027",
            ),
            (
                "Reichen Sie mit Ihrer Gruppe eine Idee ein, wie KI dem Gemeinwohl dienen kann. Die besten Ideen gewinnen **bis zu 20.000 Euro** sowie Beratung und Workshops.",
                "Enter, with your group, an idea for how AI can serve the common good. The best ideas win **up to 20,000 euros** plus advice and workshops.",
            ),
            [-10, 45, 75, 82],
            20_000,
            fields_to_text(&contest_fields),
        ),
        (
            CallKind::Funding,
            ("Projektförderung 2027", "Project funding 2027"),
            (
                "Für Konzepte, die weiter sind: Förderung für die Umsetzung, mit Budgetplan.",
                "For concepts that are further along: funding to implement them, with a budget plan.",
            ),
            [90, 150, 180, 190],
            150_000,
            fields_to_text(CallField::ALL),
        ),
        (
            CallKind::Contest,
            (
                "KI ist, was wir daraus machen – Ideenwettbewerb 2026",
                "AI is what we make it – idea contest 2026",
            ),
            (
                "Der Wettbewerb des vergangenen Jahres.",
                "Last year's contest.",
            ),
            [-300, -240, -210, -200],
            20_000,
            fields_to_text(&contest_fields),
        ),
    ];
    for (kind, (title_de, title_en), (de, en), days, euros, fields) in calls {
        let at = |d: i64| now + Duration::days(d);
        call::ActiveModel {
            id: Set(Uuid::new_v4()),
            kind: Set(kind),
            title_de: Set(title_de.to_owned()),
            title_en: Set(title_en.to_owned()),
            description_de: Set(de.to_owned()),
            description_en: Set(en.to_owned()),
            opens_at: Set(at(days[0])),
            closes_at: Set(at(days[1])),
            jury_until: Set(at(days[2])),
            results_at: Set(at(days[3])),
            max_amount_cents: Set(euros * 100),
            fields: Set(fields),
            criteria: Set("common_good:2,innovation:1,feasibility:1,responsibility:1".to_owned()),
            created_at: Set(at(days[0] - 7)),
            updated_at: Set(at(days[0] - 7)),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The showcase is not empty: Anna and Mehmet's idea won last year's contest and is being
/// implemented, with progress updates; Tobias's idea ended as a successful failure.
async fn demo_showcase(
    txn: &sea_orm::DatabaseTransaction,
    ids: &std::collections::HashMap<&str, Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    use app::backend::entities::{
        call, progress_update, retrospective, submission, submission_approval, submission_version,
    };
    use app::domain::Stage;
    let member = |local: &str| {
        ids.get(local)
            .copied()
            .ok_or_else(|| DbErr::Custom(format!("demo showcase: no member {local}")))
    };
    let (anna, mehmet, tobias) = (member("anna")?, member("mehmet")?, member("tobias")?);
    let newest_of = |author: Uuid| {
        idea::Entity::find()
            .filter(idea::Column::AuthorId.eq(author))
            .order_by_desc(idea::Column::PublishedAt)
            .one(txn)
    };
    let past = call::Entity::find()
        .order_by_asc(call::Column::ClosesAt)
        .one(txn)
        .await?;
    let (Some(annas), Some(tobiass), Some(past)) =
        (newest_of(anna).await?, newest_of(tobias).await?, past)
    else {
        return Err(DbErr::Custom(
            "demo showcase: Anna, Tobias and last year's call".into(),
        ));
    };
    let entered = past.closes_at - Duration::days(3);
    let id = Uuid::new_v4();
    submission::ActiveModel {
        id: Set(id),
        call_id: Set(past.id),
        idea_id: Set(annas.id),
        current_version: Set(1),
        submitted_version: Set(Some(1)),
        submitted_at: Set(Some(entered)),
        withdrawn_at: Set(None),
        winner: Set(true),
        created_at: Set(entered),
    }
    .insert(txn)
    .await?;
    submission_version::ActiveModel {
        submission_id: Set(id),
        version: Set(1),
        title: Set(annas.title.clone()),
        teaser: Set(annas.teaser.clone()),
        description: Set(annas.description.clone()),
        answers: Set("{}".to_owned()),
        edited_by: Set(Some(anna)),
        edited_at: Set(entered),
    }
    .insert(txn)
    .await?;
    for who in [anna, mehmet] {
        submission_approval::ActiveModel {
            submission_id: Set(id),
            version: Set(1),
            user_id: Set(who),
            approved_at: Set(entered),
        }
        .insert(txn)
        .await?;
    }
    let german = annas.language == ContentLanguage::German;
    let updates = [
        (
            anna,
            40,
            if german {
                "Der Pilot ist gestartet: zwei Bürgerbüros probieren es seit dieser Woche aus."
            } else {
                "The pilot has started: two citizens' offices have been trying it since this week."
            },
            None,
        ),
        (
            mehmet,
            5,
            if german {
                "Erste Auswertung: **ein Drittel weniger Wartezeit**. Der Bericht ist öffentlich."
            } else {
                "First evaluation: **a third less waiting time**. The report is public."
            },
            Some("https://example.org/pilot-report"),
        ),
    ];
    for (author, days_ago, body, link) in updates {
        progress_update::ActiveModel {
            id: Set(Uuid::new_v4()),
            idea_id: Set(annas.id),
            author_id: Set(Some(author)),
            body: Set(body.to_owned()),
            link: Set(link.map(str::to_owned)),
            created_at: Set(now - Duration::days(days_ago)),
        }
        .insert(txn)
        .await?;
    }
    let english = tobiass.language == ContentLanguage::English;
    let [tried, why_not, learned] = if english {
        [
            "A model that predicts demand from the city's open data.",
            "The data was updated once a year: too old to predict anything.",
            "Check how fresh the data is **before** building a model on it.",
        ]
    } else {
        [
            "Ein Modell, das den Bedarf aus den offenen Daten der Stadt vorhersagt.",
            "Die Daten wurden einmal im Jahr aktualisiert: zu alt für jede Vorhersage.",
            "Prüfen Sie, wie aktuell die Daten sind, **bevor** Sie ein Modell darauf bauen.",
        ]
    };
    retrospective::ActiveModel {
        idea_id: Set(tobiass.id),
        tried: Set(tried.to_owned()),
        why_not: Set(why_not.to_owned()),
        learned: Set(learned.to_owned()),
        edited_by: Set(Some(tobias)),
        updated_at: Set(now - Duration::days(12)),
    }
    .insert(txn)
    .await?;
    for (m, stage) in [
        (&annas, Stage::InImplementation),
        (&tobiass, Stage::SuccessfulFailure),
    ] {
        idea::ActiveModel {
            id: Set(m.id),
            declared_stage: Set(Some(stage)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(())
}

/// Workshops to find on `/workshops`: one coming up online with seats taken, one on site
/// for this year's contest groups, and one past.
async fn demo_workshops(
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
