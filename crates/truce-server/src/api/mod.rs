//! The `/api/v1` handlers, and the OpenAPI document generated from them.
//!
//! Every handler is annotated for [`utoipa`], so `/api/v1/openapi.json`
//! describes exactly the routes served here; a test checks that each route
//! of the router is in the document.

pub mod accounts;
pub mod cases;
pub mod data;
pub mod early_warning;
pub mod evidence;
pub mod field;
pub mod imports;
pub mod principals;
pub mod reads;
pub mod records;
pub mod situation;
pub mod talks;
pub mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use utoipa::OpenApi;

use crate::AppState;
use crate::error::{ApiError, ErrorBody, QuotaBody};

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Truce API",
        description = "Ceasefire monitoring, verification and enforcement. Every change is a signed record in a \
                       C2SP transparency log; reads are scoped to what the caller may see.",
        license(name = "Apache-2.0")
    ),
    paths(
        accounts::login,
        accounts::logout,
        accounts::me,
        accounts::change_password,
        accounts::start_totp,
        accounts::confirm_totp,
        accounts::create_token,
        accounts::list_tokens,
        accounts::revoke_token,
        accounts::create_principal,
        accounts::change_key,
        accounts::prepare_principal,
        accounts::withdraw,
        principals::list,
        principals::suspend,
        principals::reactivate,
        principals::tokens,
        principals::revoke_token,
        cases::list_cases,
        cases::file_case,
        cases::get_case,
        cases::issue_command,
        cases::follow,
        cases::submit_record,
        evidence::upload,
        evidence::upload_signed,
        evidence::download,
        field::enrol,
        field::list,
        field::revoke,
        field::issue,
        field::list_of,
        field::revoke_of,
        field::submission,
        reads::findings,
        reads::penalties,
        reads::statistics,
        reads::agreement,
        reads::participants,
        data::file,
        records::record,
        records::record_proof,
        talks::rounds,
        talks::round,
        talks::communiques,
        talks::communique,
        talks::commitments,
        talks::commitment,
        talks::command,
        webhooks::register,
        webhooks::list,
        webhooks::deliveries,
        webhooks::delete,
        webhooks::alerts,
        webhooks::alert,
        early_warning::list,
        early_warning::acknowledge,
        early_warning::trends,
        situation::list,
        situation::one,
        situation::draft,
        situation::narrative,
        situation::approve,
        situation::publish,
        imports::acled,
        imports::list,
        openapi_json,
    ),
    components(schemas(ErrorBody, QuotaBody)),
    modifiers(&Security),
    tags((name = "truce", description = "The Truce mechanism"))
)]
pub struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::SESSION_COOKIE))),
        );
        add_common_errors(openapi);
    }
}

/// Answers any operation may give whatever its own annotation says: a
/// malformed request, an unreadable or oversized body, the rate limits, a
/// timeout, a CSRF refusal. Added to every operation, so the document
/// lists every status the server can send.
fn add_common_errors(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
            .build()
    };
    let common: [(&str, &str, bool); 7] = [
        ("400", "The request is malformed (not JSON, a bad path)", false),
        ("403", "Forbidden, or a session request without its CSRF token", true),
        ("413", "The body is larger than this endpoint accepts", true),
        ("415", "The body is not of the content type this endpoint takes", true),
        ("422", "A field is invalid; `field` names it", false),
        ("429", "Too many requests, or a daily quota used up (`quota` says which); see Retry-After", false),
        ("503", "Timed out, or the log is not running", false),
    ];
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            (&mut item.get, false),
            (&mut item.post, true),
            (&mut item.put, true),
            (&mut item.delete, true),
            (&mut item.patch, true),
        ];
        for (operation, writes) in operations {
            let Some(op) = operation.as_mut() else { continue };
            for (code, description, for_writes) in common {
                if for_writes && !writes {
                    continue;
                }
                op.responses.responses.entry(code.to_owned()).or_insert_with(|| error(description).into());
            }
        }
    }
}

/// The largest ACLED export accepted in one request: a year of events of
/// both countries is a few megabytes.
const IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// The `/api/v1` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(accounts::login).delete(accounts::logout))
        .route("/me", get(accounts::me))
        .route("/me/password", post(accounts::change_password))
        .route("/me/totp", post(accounts::start_totp))
        .route("/me/totp/confirm", post(accounts::confirm_totp))
        .route("/me/tokens", post(accounts::create_token).get(accounts::list_tokens))
        .route("/me/tokens/{id}", delete(accounts::revoke_token))
        .route("/principals", post(accounts::create_principal).get(principals::list))
        .route("/principals/pending", post(accounts::prepare_principal))
        .route("/principals/{id}/suspension", post(principals::suspend))
        .route("/principals/{id}/reactivation", post(principals::reactivate))
        .route("/principals/{id}/tokens", get(principals::tokens))
        .route("/principals/{id}/tokens/{token_id}", delete(principals::revoke_token))
        .route("/principals/{id}/field-devices", get(field::list_of).post(field::issue))
        .route("/principals/{id}/field-devices/{device}", delete(field::revoke_of))
        .route("/key-changes", post(accounts::change_key))
        .route("/agreement/withdrawals", post(accounts::withdraw))
        .route("/cases", get(cases::list_cases).post(cases::file_case))
        .route("/cases/{id}", get(cases::get_case))
        .route("/cases/{id}/commands", post(cases::issue_command))
        .route("/follow/{token}", get(cases::follow))
        .route("/records", post(cases::submit_record))
        .route("/records/{index}", get(records::record))
        .route("/records/{index}/proof", get(records::record_proof))
        // The upload counts its own bytes against `Limits::upload_bytes`.
        .route("/evidence", post(evidence::upload).layer(DefaultBodyLimit::disable()))
        .route("/evidence/signed", post(evidence::upload_signed).layer(DefaultBodyLimit::disable()))
        .route("/cases/{id}/evidence/{sha256}", get(evidence::download))
        .route("/me/field-devices", get(field::list).post(field::enrol))
        .route("/me/field-devices/{id}", delete(field::revoke))
        .route("/me/field-submissions/{instance_id}", get(field::submission))
        .route("/findings", get(reads::findings))
        .route("/penalties", get(reads::penalties))
        .route("/statistics", get(reads::statistics))
        .route("/agreement", get(reads::agreement))
        .route("/participants", get(reads::participants))
        .route("/data/{file}", get(data::file))
        .route("/talks/rounds", get(talks::rounds))
        .route("/talks/rounds/{id}", get(talks::round))
        .route("/talks/commands", post(talks::command))
        .route("/communiques", get(talks::communiques))
        .route("/communiques/{id}", get(talks::communique))
        .route("/commitments", get(talks::commitments))
        .route("/commitments/{id}", get(talks::commitment))
        .route("/webhooks", post(webhooks::register).get(webhooks::list))
        .route("/webhooks/{id}", get(webhooks::deliveries).delete(webhooks::delete))
        .route("/alerts", get(webhooks::alerts))
        .route("/alerts/{id}", get(webhooks::alert))
        .route("/early-warning", get(early_warning::list))
        .route("/early-warning/trends", get(early_warning::trends))
        .route("/early-warning/{record}/acknowledgement", post(early_warning::acknowledge))
        .route("/situation-reports", get(situation::list))
        .route("/situation-reports/{day}", get(situation::one))
        .route("/situation-reports/{day}/draft", post(situation::draft))
        .route("/situation-reports/{day}/narrative", axum::routing::put(situation::narrative))
        .route("/situation-reports/{day}/approval", post(situation::approve))
        .route("/situation-reports/{day}/publication", post(situation::publish))
        .route("/imports/acled", post(imports::acled).layer(DefaultBodyLimit::max(IMPORT_BYTES)))
        .route("/public-sources", get(imports::list))
        .route("/openapi.json", get(openapi_json))
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "truce",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

/// Any path that is not served.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such path")
}

/// A served path with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this path does not take that method")
}
