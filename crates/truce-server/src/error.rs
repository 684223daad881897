//! The server's one error type: every failure becomes a JSON body
//! `{code, message, field}` with a fitting status.
//!
//! Every use case's [`AppError`] becomes one of these, variant by variant.
//! A malformed request is the client's error (4xx) and says which field is
//! wrong and why; only a failure of the server itself (the store, the
//! sequencer) is a 5xx, and its detail goes to the log, not to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use truce_core::CommandError;
use truce_node::{NodeError, RefusalClass, Rejection};
use truce_store::StoreError;

use crate::app::AppError;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable machine-readable code, such as `invalid_field` or `not_found`.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// The field at fault, as a path such as `allegation.provisions[1]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The daily quota used up, with code `quota_exceeded` (429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<QuotaBody>,
}

/// A daily quota used up: which, its limit, and when it resets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct QuotaBody {
    /// `bytes_per_day` or `files_per_day`.
    pub name: String,
    /// Its limit, per principal per UTC day.
    pub limit: u64,
    /// What the principal stored today.
    pub used: u64,
    /// When it resets: the start of the next UTC day (RFC 3339).
    pub resets_at: String,
    /// Seconds from now until then.
    pub retry_after_secs: u64,
}

/// A failed request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// The field at fault.
    pub field: Option<String>,
    /// The quota used up, for `quota_exceeded` (boxed: most errors have none).
    pub quota: Option<Box<QuotaBody>>,
}

impl ApiError {
    /// An error with no field.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None, quota: None }
    }

    /// A bad value in `field` (422).
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_field",
            message: message.into(),
            field: Some(field.into()),
            quota: None,
        }
    }

    /// A malformed request (400).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// Nothing here, or nothing this caller may see (404).
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    /// Not logged in (401).
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    /// Logged in, but not allowed (403).
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// A failure of the server itself (500); the detail is logged, not sent.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed; the error is in its log")
    }

    /// The body sent to the client.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code.to_owned(),
            message: self.message.clone(),
            field: self.field.clone(),
            quota: self.quota.as_deref().cloned(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            // A rate limit frees up within the second; a quota at the next UTC day.
            let after = self.quota.as_ref().map_or(1, |q| q.retry_after_secs.max(1));
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(after));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<NodeError> for ApiError {
    fn from(e: NodeError) -> Self {
        AppError::from(e).into()
    }
}

/// Every reason a use case gives, as an answer: each variant has its own
/// status and code, and no arm catches the rest.
impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let message = e.to_string();
        match e {
            AppError::Invalid { field, reason } => ApiError::field(field, reason),
            AppError::Unsupported { field, reason } => ApiError {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_type",
                message: reason,
                field: Some(field),
                quota: None,
            },
            AppError::BadSignature { field, reason } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "bad_signature",
                message: reason,
                field: Some(field),
                quota: None,
            },
            AppError::NotFound(m) => ApiError::not_found(m),
            AppError::Unauthenticated(m) => ApiError::unauthenticated(m),
            AppError::Forbidden(m) => ApiError::forbidden(m),
            AppError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
            AppError::NoAgreement => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "no_agreement", message),
            AppError::Refused(r) => r.into(),
            AppError::Quota(q) => ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "quota_exceeded",
                message,
                field: None,
                quota: Some(Box::new(QuotaBody {
                    name: q.quota.to_owned(),
                    limit: q.limit,
                    used: q.used,
                    resets_at: q.resets_at.to_string(),
                    retry_after_secs: q.retry_after_secs,
                })),
            },
            AppError::Stopped => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message),
            AppError::NotWitnessed => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "not_witnessed", message),
            AppError::Store(e) => ApiError::internal(e),
            AppError::Internal(detail) => ApiError::internal(detail),
        }
    }
}

impl From<CommandError> for ApiError {
    fn from(e: CommandError) -> Self {
        Rejection::Command(e).into()
    }
}

/// A refusal is answered by its class, so that a refusal relayed from the
/// sequencer of another server gets the status and code this server's own
/// sequencer would have given it.
impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        let message = r.to_string();
        let (class, field) = r.class();
        let answer = |status, code| ApiError { status, code, message, field, quota: None };
        match class {
            RefusalClass::InvalidField => answer(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
            RefusalClass::UnknownCase => answer(StatusCode::NOT_FOUND, "not_found"),
            RefusalClass::NotPermitted => answer(StatusCode::FORBIDDEN, "not_permitted"),
            RefusalClass::Suspended => answer(StatusCode::FORBIDDEN, "suspended"),
            RefusalClass::Conflict => answer(StatusCode::CONFLICT, "conflict"),
            RefusalClass::AgainstRules => answer(StatusCode::CONFLICT, "refused"),
            RefusalClass::BadSignature => answer(StatusCode::UNPROCESSABLE_ENTITY, "bad_signature"),
            RefusalClass::CannotApply => answer(StatusCode::UNPROCESSABLE_ENTITY, "refused"),
        }
    }
}
