//! Webhooks and CAP alerts over JSON ([`crate::app::webhooks`],
//! [`crate::app::alerts`]): registering a webhook (its secret is in this
//! one answer), listing them with each delivery's state, removing one; the
//! alerts the caller may see, as JSON and as CAP 1.2 XML.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::app::Caller;
use crate::app::alerts::{self, Alert};
use crate::app::webhooks::{self, Delivery, NewWebhook, Registered, Webhook};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// A webhook with its latest deliveries.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveries {
    /// The webhook.
    pub webhook: Webhook,
    /// Its latest deliveries (at most 200), newest first.
    pub deliveries: Vec<Delivery>,
}

/// Registers a webhook for the caller (a mediator's or a party's
/// principal). The answer holds the signing secret: it is not shown again.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "truce", request_body = NewWebhook,
    responses((status = 201, body = Registered), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(new): ApiJson<NewWebhook>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let registered = webhooks::register(&state, &caller, state.now(), new, &state.limits().webhooks).await?;
    Ok((StatusCode::CREATED, Json(registered)))
}

/// The caller's webhooks.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "truce",
    responses((status = 200, body = Vec<Webhook>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<Webhook>>, ApiError> {
    Ok(Json(webhooks::list(&state, &caller).await?))
}

/// One of the caller's webhooks with each delivery's state.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "truce",
    params(("id" = String, Path, description = "Webhook id")),
    responses((status = 200, body = WebhookDeliveries), (status = 404, body = ErrorBody)))]
pub async fn deliveries(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<WebhookDeliveries>, ApiError> {
    let (webhook, deliveries) = webhooks::deliveries(&state, &caller, &id).await?;
    Ok(Json(WebhookDeliveries { webhook, deliveries }))
}

/// Removes one of the caller's webhooks and its deliveries.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "truce",
    params(("id" = String, Path, description = "Webhook id")),
    responses((status = 204, description = "Removed"), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    webhooks::delete(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The CAP alerts the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "truce",
    responses((status = 200, body = Vec<Alert>), (status = 503, body = ErrorBody)))]
pub async fn alerts(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<Alert>>, ApiError> {
    Ok(Json(alerts::list(&state, &caller).await?))
}

/// One alert as a CAP 1.2 document (`application/cap+xml`), as the caller may see it.
#[utoipa::path(get, path = "/api/v1/alerts/{id}", tag = "truce",
    params(("id" = String, Path, description = "Alert id, `{record}-{seq}-{case}`")),
    responses((status = 200, description = "The CAP 1.2 alert", content_type = "application/cap+xml"),
        (status = 404, body = ErrorBody)))]
pub async fn alert(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let alert = alerts::one(&state, &caller, &id).await?;
    Ok(([(header::CONTENT_TYPE, "application/cap+xml; charset=utf-8")], alerts::to_cap(&alert)).into_response())
}
