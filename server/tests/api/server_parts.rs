//! The server's own parts that need no database: which pages the cache keeps, the chosen
//! encoding, the client's address behind a proxy, the security headers, the page policy,
//! the refused form's address, the configuration's rules. (Here, not as unit tests in
//! `server/src`: a unit-test build would compile the whole server a second time.)

mod page_cache {
    use axum::http::{HeaderMap, HeaderValue, header};
    use server::page_cache::*;

    #[test]
    fn only_the_market_and_idea_pages_are_public() {
        assert!(is_public_page("/"));
        assert!(is_public_page("/ideas"));
        assert!(is_public_page(
            "/ideas/67e55044-10b1-426f-9247-bb680e5fe0c8"
        ));
        for p in [
            "/ideas/new",
            "/me",
            "/login",
            "/ideas/67e55044-10b1-426f-9247-bb680e5fe0c8/edit",
            "/api/market",
        ] {
            assert!(!is_public_page(p), "{p}");
        }
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen_and_q0_refuses() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(encoding(&h("gzip, deflate, br, zstd")) == Encoding::Brotli);
        assert!(encoding(&h("br;q=0, gzip")) == Encoding::Gzip);
        assert!(encoding(&h("identity")) == Encoding::Identity);
        assert!(encoding(&HeaderMap::new()) == Encoding::Identity);
    }
}

mod security {
    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
    use axum::response::Response;
    use server::security::*;
    use std::net::IpAddr;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxies = TrustedProxies::parse(&["10.0.0.1".into()]).unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 1.2.3.4"),
        );
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "5.5.5.5".parse().unwrap();
        // Behind the proxy: the address the proxy saw (right-most), not the forged left part.
        assert_eq!(
            proxies.client(proxy, &h),
            "1.2.3.4".parse::<IpAddr>().unwrap()
        );
        // Direct clients cannot choose their address with the header.
        assert_eq!(proxies.client(other, &h), other);
        // No header: the proxy itself.
        assert_eq!(proxies.client(proxy, &HeaderMap::new()), proxy);
        assert!(TrustedProxies::parse(&["not an ip".into()]).is_err());
    }

    #[tokio::test]
    async fn a_panic_answers_a_clean_page_instead_of_dropping_the_connection() {
        use tower::{ServiceBuilder, ServiceExt};
        let svc = ServiceBuilder::new()
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_page))
            .service_fn(|req: Request| async move {
                if req.uri().path() == "/boom" {
                    panic!("boom");
                }
                Ok::<_, std::convert::Infallible>(Response::new(Body::empty()))
            });
        let req = Request::builder().uri("/boom").body(Body::empty()).unwrap();
        let res = svc.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            res.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }

    #[tokio::test]
    async fn hsts_only_over_https_and_no_store_on_server_functions() {
        use axum::routing::{get, post};
        use tower::ServiceExt;
        let app = |https: bool| {
            axum::Router::new()
                .route("/", get(|| async { "page" }))
                .route("/api/x", post(|| async { "data" }))
                .layer(axum::middleware::from_fn(move |req, next| {
                    headers(https, req, next)
                }))
        };
        let get_root = || Request::builder().uri("/").body(Body::empty()).unwrap();
        let res = app(true).oneshot(get_root()).await.unwrap();
        assert!(
            res.headers()[header::STRICT_TRANSPORT_SECURITY]
                .to_str()
                .unwrap()
                .starts_with("max-age=")
        );
        assert_eq!(res.headers()[header::X_FRAME_OPTIONS], "DENY");
        let res = app(false).oneshot(get_root()).await.unwrap();
        assert!(
            res.headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .is_none()
        );
        let api = Request::builder()
            .method("POST")
            .uri("/api/x")
            .body(Body::empty())
            .unwrap();
        let res = app(false).oneshot(api).await.unwrap();
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    }

    #[test]
    fn only_the_empty_bootstrap_scripts_are_taken_out() {
        let page = "<head><script></script></head><body><p>x</p>\
            <script nonce=\"n1\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>\
            <script nonce=\"n1\">__INCOMPLETE_CHUNKS=[];</script></body>";
        assert_eq!(
            without_bootstrap_scripts(page),
            "<head></head><body><p>x</p></body>"
        );
        let kept = "<script nonce=\"n\">__RESOLVED_RESOURCES=[\"data\"];</script><script src=\"/x.js\"></script>";
        assert_eq!(without_bootstrap_scripts(kept), kept);
    }

    #[test]
    fn page_policy_allows_only_nonced_scripts_and_no_remote_images() {
        let p = page_policy("abc");
        assert!(p.contains("script-src 'nonce-abc' 'strict-dynamic' 'wasm-unsafe-eval'"));
        for d in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "img-src 'self' data:",
        ] {
            assert!(p.contains(d), "{d}");
        }
        assert!(!p.contains("unsafe-inline"));
    }
}

mod form_echo {
    use server::form_echo::split_refusal;

    #[test]
    fn the_error_leaves_the_address() {
        let (clean, at, (path, err)) = split_refusal(
            "http://127.0.0.1:3000/register?next=%2Fideas%2F1&__path=%2Fapi%2Fregister&__err=eyJJ",
        )
        .unwrap();
        assert_eq!(clean, "http://127.0.0.1:3000/register?next=%2Fideas%2F1");
        assert_eq!(at, "/register?next=%2Fideas%2F1");
        assert_eq!((path.as_str(), err.as_str()), ("/api/register", "eyJJ"));
        let (clean, at, _) = split_refusal("/me?__path=%2Fapi%2Fsave_profile&__err=e30").unwrap();
        assert_eq!((clean.as_str(), at.as_str()), ("/me", "/me"));
        assert!(split_refusal("/ideas/1?saved=1").is_none(), "not a refusal");
    }
}

mod config {
    use server::config::Config;

    #[test]
    fn demo_data_stays_off_a_public_https_site_unless_forced() {
        let mut c = Config {
            demo_data: true,
            ..Config::default()
        };
        assert!(c.load_demo_data());
        c.public_url = "https://civic.example.org".into();
        assert!(!c.load_demo_data());
        c.demo_data_on_https = true;
        assert!(c.load_demo_data());
        c.demo_data = false;
        assert!(!c.load_demo_data());
    }

    #[test]
    fn the_test_clock_is_only_for_a_server_only_this_machine_reaches() {
        let at = |site_addr: &str, public_url: &str| Config {
            site_addr: site_addr.into(),
            public_url: public_url.into(),
            ..Config::default()
        };
        assert!(at("127.0.0.1:3100", "http://127.0.0.1:3100").loopback_only());
        assert!(at("[::1]:3100", "http://[::1]:3100/").loopback_only());
        assert!(at("127.0.0.1:3100", "http://localhost:3100").loopback_only());
        assert!(!at("0.0.0.0:3100", "http://127.0.0.1:3100").loopback_only());
        assert!(!at("127.0.0.1:3100", "https://civic.example.org").loopback_only());
        assert!(!at("127.0.0.1:3100", "http://localhost.example.org").loopback_only());
        assert!(!at("127.0.0.1:3100", "not a url").loopback_only());
    }
}

mod observe {
    use axum::http::HeaderValue;
    use server::observe::*;

    #[test]
    fn log_formats_are_text_or_json() {
        assert_eq!(LogFormat::parse("text"), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse("json"), Ok(LogFormat::Json));
        assert!(LogFormat::parse("JSON lines").is_err());
    }

    #[test]
    fn only_plain_short_request_ids_are_kept() {
        let ok = |s: &str| acceptable(&HeaderValue::from_str(s).unwrap());
        assert!(ok("7f3c2a9e0b1d4c5e8f6a7b8c9d0e1f2a"));
        assert!(ok("lb-1.req_42"));
        assert!(!ok(""));
        assert!(!ok(&"a".repeat(65)));
        assert!(!ok("a b"));
        assert!(!ok("a\"}, \"level\": \"ERROR"));
    }
}

mod cli {
    use clap::Parser;
    use server::cli::{AdminAction, Cli, Command};

    fn parse(args: &[&str]) -> Result<Option<Command>, clap::Error> {
        Cli::try_parse_from(std::iter::once("server").chain(args.iter().copied()))
            .map(|c| c.command)
    }

    #[test]
    fn serving_is_the_default_and_every_command_parses() {
        assert_eq!(parse(&[]).unwrap(), None);
        assert_eq!(parse(&["serve"]).unwrap(), Some(Command::Serve));
        assert_eq!(parse(&["check"]).unwrap(), Some(Command::Check));
        assert_eq!(
            parse(&["admin", "revoke", "a@example.org"]).unwrap(),
            Some(Command::Admin {
                action: AdminAction::Revoke {
                    email: "a@example.org".into()
                }
            })
        );
        assert!(parse(&["backup"]).is_err(), "backup needs its file");
        assert_eq!(
            parse(&["seed", "--members", "5", "--ideas", "8"]).unwrap(),
            Some(Command::Seed {
                members: 5,
                ideas: 8,
                seed: 1,
                password: None
            })
        );
        assert!(parse(&["seed", "--members", "many", "--ideas", "8"]).is_err());
        assert!(parse(&["serve", "--port", "80"]).is_err());
    }

    #[test]
    fn help_names_every_command() {
        let help = parse(&["--help"]).unwrap_err();
        assert_eq!(help.kind(), clap::error::ErrorKind::DisplayHelp);
        let text = help.to_string();
        for command in ["serve", "migrate", "admin", "check", "seed", "backup"] {
            assert!(text.contains(command), "{command} missing from:\n{text}");
        }
    }
}
