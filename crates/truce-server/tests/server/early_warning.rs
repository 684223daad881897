//! Early warning through the server: reports filed at Chaman within a day
//! raise an alert signed by the secretariat, which the mediators read
//! whole, a party reads, the public does not, and a mediator acknowledges
//! once; a single report in another sector raises nothing.

use serde_json::{Value, json};

use crate::common::{TestServer, databases, ok};

fn at_chaman(summary: &str, minutes_ago: i64) -> Value {
    let at = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_mins(minutes_ago)).unwrap();
    json!({
        "accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"], "occurred_at": at.to_string(),
        "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
        "summary": summary,
    })
}

#[tokio::test]
async fn reports_at_chaman_raise_an_alert_the_mediators_acknowledge() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let mut raised = Vec::new();
        for n in 1..=4 {
            let b = ok(
                pak.post("/api/v1/cases", &json!({"allegation": at_chaman(&format!("Shelling {n}"), 5)})).await,
                "file",
            )
            .await;
            // The first two are a case each, not a trend.
            if n < 3 {
                assert!(b.get("early_warning").is_none(), "{b}");
            }
            raised.extend(b["early_warning"].as_array().cloned().unwrap_or_default());
        }
        assert!(!raised.is_empty(), "three reports in a day in a quiet sector raise an alert");
        // A single report elsewhere (Torkham) raises nothing.
        let mut lone = at_chaman("Fire near Torkham", 5);
        lone["location"] = json!({"lat": 34.13, "lon": 71.09, "precision": 2, "place_name": "Torkham"});
        let b = ok(pak.post("/api/v1/cases", &json!({"allegation": lone})).await, "file").await;
        assert!(b.get("early_warning").is_none(), "{b}");

        let qat = server.login("qat-chair").await;
        let alerts = ok(qat.get("/api/v1/early-warning").await, "alerts").await;
        let alerts = alerts.as_array().unwrap();
        assert_eq!(alerts.len(), raised.len(), "{alerts:?}");
        for a in alerts {
            let signal = &a["alert"]["signal"];
            assert_eq!(signal["series"]["sector"], "chaman_kandahar", "{a}");
            assert_eq!(signal["series"]["basis"], "filed", "{a}");
            let counted = signal["reports"].as_array().unwrap().len() as u64;
            assert!(counted >= signal["observed"].as_u64().unwrap(), "{a}");
            assert!(signal["observed"].as_u64().unwrap() >= 3, "{a}");
            assert_eq!(a["reports_withheld"], 0);
        }
        let poisson = alerts.iter().find(|a| a["alert"]["signal"]["method"] == "poisson").expect("a poisson alert");
        assert!(poisson["explanation"].as_str().unwrap().contains("chaman_kandahar"), "{poisson}");

        // The filer reads it; the public does not.
        ok(pak.get("/api/v1/early-warning").await, "alerts as a party").await;
        assert_eq!(server.anonymous().get(server.url("/api/v1/early-warning")).send().await.unwrap().status(), 401);

        // A mediator acknowledges it once; a party may not.
        let record = poisson["alert"]["record"].as_u64().unwrap();
        let path = format!("/api/v1/early-warning/{record}/acknowledgement");
        let action = json!({"action": "Called both liaison officers; monitors tasked to Chaman"});
        assert_eq!(qat.post(&path, &action).await.status(), 201);
        let again = qat.post(&path, &action).await;
        assert_eq!(again.status(), 422);
        assert_eq!(pak.post(&path, &action).await.status(), 403);
        let alerts = ok(qat.get("/api/v1/early-warning").await, "alerts").await;
        let acked = alerts.as_array().unwrap().iter().find(|a| a["alert"]["record"] == record).unwrap();
        assert_eq!(acked["alert"]["acknowledgements"][0]["by"], "QAT", "{acked}");
    }
}
