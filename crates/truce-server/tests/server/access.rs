//! Who sees what: every read endpoint × every demo login (each role and
//! participant) × the cases of the sample scenario.

use crate::common::{TestServer, databases};

#[tokio::test]
async fn login_and_the_case_list_are_scoped_to_the_caller() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let anonymous = server.anonymous();
        let public: serde_json::Value =
            anonymous.get(server.url("/api/v1/cases")).send().await.unwrap().json().await.unwrap();
        for c in public["cases"].as_array().unwrap() {
            assert_eq!(c["published"], true, "the public sees only published cases: {c}");
        }
        server.stop().await;
    }
}
