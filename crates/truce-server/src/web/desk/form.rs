//! A posted form, URL-encoded or multipart, read whole before anything is
//! decided, so that the handler can check its CSRF field first and show the
//! form again with every value the user typed.
//!
//! Multipart bodies carry evidence files; their bytes count against
//! `Limits::upload_bytes` as they arrive (the route disables axum's default
//! body limit), text fields against small fixed limits, each and in all,
//! and the whole body (part headers and boundaries too) against their sum
//! with room for the headers of [`MAX_FIELDS`] parts: a body that is only
//! headers, or many empty parts, is cut off there like one large file. A
//! file input left empty (a part with no file name and no bytes) is no file.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};

use truce_core::case::{Casualties, Estimate};

use crate::AppState;
use crate::error::ApiError;
use crate::web::{Page, WebError};

/// Longest text field, bytes.
const MAX_TEXT_FIELD: usize = 64 * 1024;
/// Most text fields in one form.
const MAX_FIELDS: usize = 400;
/// Most bytes of all text fields together.
const MAX_TEXT_TOTAL: usize = 1024 * 1024;

/// A file sent with a form.
#[derive(Debug, Clone)]
pub struct FileField {
    /// The form field's name.
    pub name: String,
    /// The name the browser gave the file.
    pub filename: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A posted form: its text fields in order (names may repeat, as checkboxes
/// do) and its files.
#[derive(Debug, Clone, Default)]
pub struct FormBody {
    fields: Vec<(String, String)>,
    files: Vec<FileField>,
}

impl FormBody {
    /// A form with these fields (for tests and re-rendering).
    pub fn from_pairs(fields: Vec<(String, String)>) -> FormBody {
        FormBody { fields, files: Vec::new() }
    }

    /// The first value of `name`, trimmed; empty if absent.
    pub fn value(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim())
    }

    /// The first value of `name` exactly as sent (passwords, free text).
    pub fn raw(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// Whether `name` was sent at all.
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Every non-empty value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    /// The CSRF field.
    pub fn csrf(&self) -> &str {
        self.value("csrf")
    }

    /// Takes the file sent as `name`, if one was.
    pub fn take_file(&mut self, name: &str) -> Option<FileField> {
        let i = self.files.iter().position(|f| f.name == name)?;
        Some(self.files.remove(i))
    }

    /// Sets a field the server adds (such as a marker that a file was sent).
    pub fn set(&mut self, name: &str, value: &str) {
        self.fields.retain(|(k, _)| k != name);
        self.fields.push((name.to_owned(), value.to_owned()));
    }

    fn push_text(&mut self, name: String, value: String) -> Result<(), ApiError> {
        if self.fields.len() >= MAX_FIELDS {
            return Err(ApiError::bad_request(format!("the form has more than {MAX_FIELDS} fields")));
        }
        self.fields.push((name, value));
        Ok(())
    }
}

/// Reading typed values from a form; a bad value is a 422 that names the
/// field, with the reason in the page's language.
impl FormBody {
    /// The trimmed value of `name`, which must not be empty.
    pub fn required(&self, page: &Page, name: &str) -> Result<String, ApiError> {
        let v = self.value(name);
        if v.is_empty() {
            return Err(ApiError::field(name, page.t("field-required")));
        }
        Ok(v.to_owned())
    }

    /// A value of a closed vocabulary (its stable snake_case name).
    pub fn choice<T: serde::de::DeserializeOwned>(&self, page: &Page, name: &str) -> Result<T, ApiError> {
        let v = self.required(page, name)?;
        serde_json::from_value(serde_json::Value::String(v.clone()))
            .map_err(|_| ApiError::field(name, page.tw("field-not-a-choice", &[("value", &v)])))
    }

    /// Every ticked value of `name`, each of a closed vocabulary.
    pub fn choices<T: serde::de::DeserializeOwned>(&self, page: &Page, name: &str) -> Result<Vec<T>, ApiError> {
        self.all(name)
            .into_iter()
            .map(|v| {
                serde_json::from_value(serde_json::Value::String(v.to_owned()))
                    .map_err(|_| ApiError::field(name, page.tw("field-not-a-choice", &[("value", v)])))
            })
            .collect()
    }

    /// A whole number, or `None` if left empty.
    pub fn number(&self, page: &Page, name: &str) -> Result<Option<u32>, ApiError> {
        let v = self.value(name);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<u32>().map(Some).map_err(|_| ApiError::field(name, page.tw("field-not-a-number", &[("value", v)])))
    }

    /// A count as low, best and high (`{prefix}.low` …): all three empty is
    /// not stated (`None`), which is not zero; a best estimate alone stands
    /// for all three; any other part given alone is refused rather than
    /// guessed into a figure nobody stated.
    pub fn estimate(&self, page: &Page, prefix: &str) -> Result<Option<Estimate>, ApiError> {
        let low = self.number(page, &format!("{prefix}.low"))?;
        let best = self.number(page, &format!("{prefix}.best"))?;
        let high = self.number(page, &format!("{prefix}.high"))?;
        match (low, best, high) {
            (None, None, None) => Ok(None),
            (None, Some(best), None) => Ok(Some(Estimate::exactly(best))),
            (Some(low), Some(best), Some(high)) => Ok(Some(Estimate { low, best, high })),
            (_, None, _) | (None, Some(_), Some(_)) | (Some(_), Some(_), None) => {
                Err(ApiError::field(format!("{prefix}.best"), page.t("estimate-partial")))
            }
        }
    }

    /// Casualties under `prefix` (`{prefix}.civilians_killed.low` …).
    pub fn casualties(&self, page: &Page, prefix: &str) -> Result<Casualties, ApiError> {
        Ok(Casualties {
            civilians_killed: self.estimate(page, &format!("{prefix}.civilians_killed"))?,
            civilians_injured: self.estimate(page, &format!("{prefix}.civilians_injured"))?,
            combatants_killed: self.estimate(page, &format!("{prefix}.combatants_killed"))?,
            combatants_injured: self.estimate(page, &format!("{prefix}.combatants_injured"))?,
        })
    }
}

fn too_large(field: &str, limit: usize) -> ApiError {
    ApiError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "too_large",
        message: format!("is larger than the {} KiB accepted", limit.div_ceil(1024)),
        field: Some(field.to_owned()),
        quota: None,
    }
}

impl FromRequest<AppState> for FormBody {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, WebError> {
        let content_type =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
        let mut form = FormBody::default();
        if content_type.starts_with("application/x-www-form-urlencoded") {
            let limit = state.limits().json_bytes;
            let bytes =
                axum::body::to_bytes(req.into_body(), limit).await.map_err(|_| WebError(too_large("form", limit)))?;
            for (k, v) in form_urlencoded::parse(&bytes) {
                form.push_text(k.into_owned(), v.into_owned())?;
            }
            return Ok(form);
        }
        if !content_type.starts_with("multipart/form-data") {
            return Err(WebError(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the form as application/x-www-form-urlencoded or multipart/form-data",
            )));
        }
        let limit = state.limits().upload_bytes;
        let whole = limit.saturating_add(MAX_TEXT_TOTAL).saturating_add(MAX_FIELDS * crate::PART_OVERHEAD);
        let req = crate::capped(req, whole);
        let mut multipart = Multipart::from_request(req, state).await.map_err(|e| {
            WebError(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", e.body_text()))
        })?;
        let unreadable = |e: axum::extract::multipart::MultipartError| match e.status() {
            StatusCode::PAYLOAD_TOO_LARGE => too_large("form", whole),
            _ => ApiError::bad_request(format!("the form could not be read: {}", e.body_text())),
        };
        let (mut file_bytes, mut text_bytes) = (0usize, 0usize);
        while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or("").to_owned();
            match field.file_name().map(str::to_owned) {
                Some(filename) => {
                    let mut bytes = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                        file_bytes += chunk.len();
                        if file_bytes > limit {
                            return Err(WebError(too_large(&name, limit)));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    if !(filename.is_empty() && bytes.is_empty()) {
                        form.files.push(FileField { name, filename, bytes });
                    }
                }
                None => {
                    let mut bytes = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
                            return Err(WebError(too_large(&name, MAX_TEXT_FIELD)));
                        }
                        text_bytes += chunk.len();
                        if text_bytes > MAX_TEXT_TOTAL {
                            return Err(WebError(too_large("form", MAX_TEXT_TOTAL)));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    let text = String::from_utf8(bytes).map_err(|_| ApiError::field(name.clone(), "is not UTF-8"))?;
                    form.push_text(name, text)?;
                }
            }
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_and_repeated_names_kept_in_order() {
        let form = FormBody::from_pairs(vec![
            ("a".into(), "  x ".into()),
            ("p".into(), "P1".into()),
            ("p".into(), "".into()),
            ("p".into(), "P4".into()),
        ]);
        assert_eq!(form.value("a"), "x");
        assert_eq!(form.raw("a"), "  x ");
        assert_eq!(form.all("p"), ["P1", "P4"]);
        assert_eq!(form.value("missing"), "");
        assert!(form.has("p") && !form.has("q"));
    }
}
