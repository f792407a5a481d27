//! Where a key may go, and that it never shows up in Debug output or errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, builder};
use kaicalls_api::{ApiKey, Client, KeyKind, SecretString};

const TEST_KEY: &str = "kc_test_5f1e0c9d8b7a69584736251403f2e1d0";
const LIVE_KEY: &str = "kc_live_EXAMPLE_not_a_real_key_0001";

fn build(base: &str, key: &str) -> kaicalls_api::Result<Client> {
    Client::builder()
        .base_url(base)
        .api_key(SecretString::from(key.to_string()))
        .build()
}

#[test]
fn test_keys_only_go_to_loopback() {
    for base in [
        "http://127.0.0.1:8080",
        "http://127.9.9.9",
        "http://localhost:3000",
        "http://LOCALHOST",
        "http://[::1]:4000",
    ] {
        assert!(build(base, TEST_KEY).is_ok(), "{base}");
    }
    for base in [
        "https://www.kaicalls.com",
        "http://10.0.0.1",
        "http://192.168.1.10",
        "https://localhost.example.com",
        "http://[::2]",
        "https://127.0.0.1.nip.io",
    ] {
        let e = build(base, TEST_KEY).unwrap_err();
        assert_eq!(e.code(), "key_refused", "{base}: {e}");
    }
    // Not even with explicit consent: a test key is for this machine only.
    let e = Client::builder()
        .base_url("https://staging.example.com")
        .allow_origin("https://staging.example.com")
        .api_key(SecretString::from(TEST_KEY.to_string()))
        .build()
        .unwrap_err();
    assert_eq!(e.code(), "key_refused");
}

#[test]
fn live_keys_only_go_to_kaicalls_unless_allowed() {
    assert!(build("https://www.kaicalls.com", LIVE_KEY).is_ok());
    assert!(build("https://www.kaicalls.com/api/v1", LIVE_KEY).is_ok());
    assert!(
        Client::new(LIVE_KEY).is_ok(),
        "the default base URL is KaiCalls"
    );
    for base in [
        "http://www.kaicalls.com",
        "https://kaicalls.com",
        "https://www.kaicalls.com:8443",
        "https://www.kaicalls.com.evil.example",
        "http://127.0.0.1:9000",
        "https://staging.example.com",
    ] {
        let e = build(base, LIVE_KEY).unwrap_err();
        assert!(
            matches!(e.code().as_str(), "key_refused" | "invalid_config"),
            "{base}: {e}"
        );
    }
    // With the user's explicit consent for that origin, and only that origin.
    let allowed = Client::builder()
        .base_url("https://staging.example.com")
        .allow_origin("https://staging.example.com")
        .api_key(SecretString::from(LIVE_KEY.to_string()))
        .build();
    assert!(allowed.is_ok());
    let loopback = Client::builder()
        .base_url("http://127.0.0.1:9000")
        .allow_origin("http://127.0.0.1:9000")
        .api_key(SecretString::from(LIVE_KEY.to_string()))
        .build();
    assert!(loopback.is_ok());
    let other = Client::builder()
        .base_url("https://other.example.com")
        .allow_origin("https://staging.example.com")
        .api_key(SecretString::from(LIVE_KEY.to_string()))
        .build()
        .unwrap_err();
    assert_eq!(other.code(), "key_refused");
}

#[test]
fn other_key_shapes_are_refused_without_echoing_them() {
    for key in [
        "",
        "sk_live_0123456789abcdef",
        "kc_prod_0123456789abcdef",
        "kc_live_",
        "kc_live_short",
        "kc_test_has spaces inside it",
        "kc_test_emoji🙂0123456789",
        "Bearer kc_live_EXAMPLE_not_a_real_key",
    ] {
        let e = key.parse::<ApiKey>().unwrap_err();
        assert_eq!(e.code(), "key_refused", "{key:?}");
        if key.len() > 8 {
            assert!(!e.to_string().contains(key), "{e}");
        }
    }
    assert_eq!(TEST_KEY.parse::<ApiKey>().unwrap().kind(), KeyKind::Test);
    assert_eq!(LIVE_KEY.parse::<ApiKey>().unwrap().kind(), KeyKind::Live);
    // Surrounding whitespace from a paste is forgiven.
    assert!(format!("  {LIVE_KEY}\n").parse::<ApiKey>().is_ok());
}

#[tokio::test]
async fn the_key_never_appears_in_debug_output_or_errors() {
    let env = Env::start().await;
    let secret = secrecy::ExposeSecret::expose_secret(&env.sb.demo_account.api_key).to_string();
    let key: ApiKey = secret.parse().unwrap();
    assert!(!format!("{key:?}").contains(&secret[8..]));
    assert!(!format!("{:?}", env.client).contains(&secret[8..]));
    assert!(format!("{:?}", env.client).contains("REDACTED"));

    // Errors of every kind: server errors, local refusals, transport failures.
    let mut errors = vec![
        env.client.calls().get("nope").await.unwrap_err(),
        env.client
            .calls()
            .create(kaicalls_api::models::CreateCall::new(env.agent_id(), "12"))
            .await
            .unwrap_err(),
        build("https://www.kaicalls.com", &secret).unwrap_err(),
        build("https://www.kaicalls.com", &format!("{secret} trailing")).unwrap_err(),
    ];
    // A closed port: the request fails in transport with the key attached.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let offline = builder(&format!("http://{closed}"))
        .api_key(SecretString::from(secret.clone()))
        .retry(kaicalls_api::RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(offline.agents().list().await.unwrap_err());
    assert_eq!(errors.last().map(|e| e.code().as_str()), Some("offline"));
    for e in &errors {
        for text in [
            e.to_string(),
            format!("{e:?}"),
            format!("{:?}", e.payload()),
        ] {
            assert!(!text.contains(&secret[8..]), "key leaked in {text}");
        }
    }
}
