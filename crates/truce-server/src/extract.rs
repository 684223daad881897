//! Request extractors whose failures are [`ApiError`]s naming the field.
//!
//! axum's own extractors answer a malformed body with plain text; these
//! answer with the structured error every client of the API can parse, and
//! with the path of the offending field (`allegation.occurred_at`).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body of type `T`.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

/// Decodes `bytes` as `T`, naming the field at fault: a member `T` does
/// not have is refused with its path (`allegation.locaton`), never dropped,
/// and so is anything after the JSON value but whitespace.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::bad_request(format!("the body is not valid JSON: {inner}"))
        } else if path == "." {
            // A tagged command is read from a buffer, which loses the path:
            // find the member by name in the body instead.
            let message = inner.to_string();
            let field =
                unknown_member(&message).and_then(|name| member_path(bytes, name)).unwrap_or_else(|| "body".to_owned());
            ApiError::field(field, message)
        } else {
            ApiError::field(path, inner.to_string())
        }
    })?;
    de.end().map_err(|e| ApiError::bad_request(format!("the body is not valid JSON: {e}")))?;
    Ok(value)
}

/// The member named by serde's "unknown field `x`, expected …".
fn unknown_member(message: &str) -> Option<&str> {
    message.strip_prefix("unknown field `")?.split('`').next()
}

/// The path of a member called `name` in the JSON `bytes`
/// (`allegation.locaton`, `evidence[1].descripton`).
fn member_path(bytes: &[u8], name: &str) -> Option<String> {
    fn find(value: &serde_json::Value, name: &str, path: &str) -> Option<String> {
        let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
        match value {
            serde_json::Value::Object(members) => members
                .iter()
                .find_map(|(key, v)| if key == name { Some(join(key)) } else { find(v, name, &join(key)) }),
            serde_json::Value::Array(items) => {
                items.iter().enumerate().find_map(|(i, v)| find(v, name, &format!("{path}[{i}]")))
            }
            serde_json::Value::Null
            | serde_json::Value::Bool(_)
            | serde_json::Value::Number(_)
            | serde_json::Value::String(_) => None,
        }
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    find(&value, name, "")
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json {
            return Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(e.status(), "too_large", "the body is larger than this endpoint accepts")
            } else {
                ApiError::bad_request(format!("the body could not be read: {e}"))
            }
        })?;
        decode_json(&bytes).map(ApiJson)
    }
}

/// Query parameters of type `T`.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map(ApiQuery).map_err(|e| {
            let path = e.path().to_string();
            let message = e.into_inner().to_string();
            // A parameter left out is named by serde's message, not its path.
            let field = match message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                Some(name) if path == "." => name.to_owned(),
                _ => path,
            };
            ApiError::field(field, message)
        })
    }
}

/// A path parameter of type `T`.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|e| ApiError::bad_request(format!("path: {}", e.body_text())))
    }
}
