//! OpenRosa 1.0 over HTTP, as ODK Collect, KoboCollect and Enketo speak it
//! to ODK Central: the form list, the form, its manifest, and submissions.
//!
//! This is a third adapter over [`crate::app`], beside the JSON API and the
//! pages, and like them it only extracts, calls one use case
//! ([`crate::app::field`]) and renders. The paths are Central's, so a phone
//! set up for Central works unchanged:
//!
//! - `/v1/key/{secret}/projects/1/…`: the device's secret in the path
//!   (Central's app-user tokens; what the QR code carries);
//! - `/v1/projects/1/…`: HTTP Digest (RFC 7616 with MD5 and `qop=auth`,
//!   what Collect speaks) or HTTP Basic with the device's id and secret.
//!   Basic sends the secret as is, so it belongs behind TLS only; Digest
//!   never sends it. A Digest nonce is good for ten minutes and each of its
//!   counts (`nc`) once: a replayed request is refused, and an expired
//!   nonce with a right answer is challenged again with `stale=true`, so
//!   the phone retries without asking anyone for the secret.
//!
//! Every address written into an answer (the form list's download and
//! manifest URLs) starts from the server's configured public URL
//! ([`crate::Limits::public_url`]), never from the request's `Host`, which
//! the caller chooses.
//!
//! Under either: `formList`, `forms/{id}.xml`, `forms/{id}/manifest`, and
//! `submission` (`HEAD`/`GET` answer 204; `POST` takes the multipart body
//! with `xml_submission_file`). Every answer is `text/xml` with
//! `X-OpenRosa-Version: 1.0` and `X-OpenRosa-Accept-Content-Length`; a
//! submission is answered 201 with an `OpenRosaResponse` (never 200), and
//! every error in the same envelope: 400 bad request, 401 with the
//! Digest and Basic challenges, 404 unknown form or version, 409 same
//! instanceID with other XML or a closed form, 413 too large.

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Multipart, OriginalUri, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::app::field::{self, Outcome, Submission};
use crate::app::{AppError, Caller};
use crate::error::ApiError;

/// The paths, under both ways of authenticating.
pub fn routes() -> Router<AppState> {
    let project = Router::new()
        .route("/formList", get(form_list))
        .route("/forms/{file}", get(form))
        .route("/forms/{id}/manifest", get(manifest))
        .route("/submission", get(submission_probe).head(submission_probe).post(submit))
        // A submission counts its own bytes against `Limits::upload_bytes`.
        .layer(DefaultBodyLimit::disable());
    Router::new().nest("/v1/key/{key}/projects/{project}", project.clone()).nest("/v1/projects/{project}", project)
}

/// An OpenRosa answer: `text/xml` with the protocol's headers.
fn answer(state: &AppState, status: StatusCode, xml: String) -> Response {
    let mut response = (status, xml).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml; charset=utf-8"));
    h.insert("x-openrosa-version", HeaderValue::from_static("1.0"));
    h.insert("x-openrosa-accept-content-length", HeaderValue::from(state.limits().upload_bytes));
    response
}

/// The `OpenRosaResponse` envelope around one message.
fn envelope(nature: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\" \
         items=\"0\">\n  <message nature=\"{nature}\">{}</message>\n</OpenRosaResponse>\n",
        crate::app::xml::escape(message)
    )
}

/// An error as OpenRosa answers it: the API's status (a bad value, 422 in
/// the API, is OpenRosa's 400), in the envelope, and on 401 the
/// challenges a client answers.
fn refusal(state: &AppState, mut e: ApiError) -> Response {
    if e.status == StatusCode::UNPROCESSABLE_ENTITY {
        e.status = StatusCode::BAD_REQUEST;
    }
    let message = match &e.field {
        Some(f) => format!("{f}: {}", e.message),
        None => e.message.clone(),
    };
    if e.status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e.message, "openrosa");
    }
    let unauthorized = e.status == StatusCode::UNAUTHORIZED;
    let mut response = answer(state, e.status, envelope("error", &message));
    if unauthorized {
        challenge(state, &mut response, false);
    }
    response
}

/// Adds the Digest and Basic challenges to a 401; `stale` tells a client
/// whose answer was right but whose nonce expired to retry with the new one.
fn challenge(state: &AppState, response: &mut Response, stale: bool) {
    let h = response.headers_mut();
    let stale = if stale { ", stale=true" } else { "" };
    if let Ok(digest) = HeaderValue::from_str(&format!(
        "Digest realm=\"{}\", qop=\"auth\", algorithm=MD5, nonce=\"{}\"{stale}",
        field::REALM,
        nonce(state.now().as_second())
    )) {
        h.append(header::WWW_AUTHENTICATE, digest);
    }
    h.append(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"truce\", charset=\"UTF-8\""));
}

fn app_refusal(state: &AppState, e: AppError) -> Response {
    refusal(state, e.into())
}

/// The secret a nonce's MAC is keyed with: random per process, so a
/// restart invalidates outstanding nonces (the client is challenged again).
fn nonce_key() -> &'static [u8; 32] {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut key = [0u8; 32];
        // Without randomness the key stays zero and nonces are guessable,
        // yet still bound to time; log it rather than refuse every phone.
        if let Err(e) = getrandom::fill(&mut key) {
            tracing::error!(error = %e, "no randomness for Digest nonces");
        }
        key
    })
}

/// The MAC of a nonce's time and random part.
fn nonce_mac(made: i64, random: &str) -> String {
    let mut h = Sha256::new();
    h.update(nonce_key());
    h.update(made.to_be_bytes());
    h.update(random.as_bytes());
    hex::encode(h.finalize())[..32].to_owned()
}

/// A new Digest nonce: the time it was made, a random part (two phones
/// challenged in the same second get different nonces, so their counts
/// never meet) and a MAC over both.
fn nonce(now: i64) -> String {
    let mut random = [0u8; 8];
    if let Err(e) = getrandom::fill(&mut random) {
        tracing::error!(error = %e, "no randomness for a Digest nonce");
    }
    let random = hex::encode(random);
    format!("{now:x}.{random}.{}", nonce_mac(now, &random))
}

/// How long a Digest nonce is good for.
const NONCE_SECONDS: i64 = 600;

/// What a nonce sent back is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NonceState {
    /// Made here in the last [`NONCE_SECONDS`]: the time it was made.
    Fresh(i64),
    /// Made here, but longer ago.
    Stale,
    /// Not this server's (or not since its restart).
    Foreign,
}

fn nonce_state(nonce_text: &str, now: i64) -> NonceState {
    let mut parts = nonce_text.split('.');
    let (Some(time), Some(random), Some(mac), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return NonceState::Foreign;
    };
    let Ok(made) = i64::from_str_radix(time, 16) else { return NonceState::Foreign };
    if !bool::from(subtle::ConstantTimeEq::ct_eq(nonce_mac(made, random).as_bytes(), mac.as_bytes())) {
        return NonceState::Foreign;
    }
    if (0..=NONCE_SECONDS).contains(&(now - made)) { NonceState::Fresh(made) } else { NonceState::Stale }
}

/// The counts each fresh nonce has been used with. A nonce lives here
/// only as long as it is fresh, and only once a request answered it
/// rightly, so a caller without a device's secret cannot fill it.
type NonceCounts = std::collections::HashMap<String, (i64, std::collections::HashSet<u32>)>;

fn nonce_counts() -> &'static std::sync::Mutex<NonceCounts> {
    static COUNTS: OnceLock<std::sync::Mutex<NonceCounts>> = OnceLock::new();
    COUNTS.get_or_init(Default::default)
}

/// Records that `nonce` (made at `made`) was used with count `nc`;
/// false if it was used with that count before (a replay).
fn first_use(nonce: &str, made: i64, nc: u32, now: i64) -> bool {
    let mut counts = nonce_counts().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    counts.retain(|_, (made, _)| now - *made <= NONCE_SECONDS);
    counts.entry(nonce.to_owned()).or_insert_with(|| (made, Default::default())).1.insert(nc)
}

/// The parameters of a Digest `Authorization` header.
fn digest_params(value: &str) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let mut rest = value.trim();
    while !rest.is_empty() {
        let Some((name, after)) = rest.split_once('=') else { break };
        let name = name.trim().trim_start_matches(',').trim().to_ascii_lowercase();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            }
        } else {
            match after.find(',') {
                Some(end) => (&after[..end], &after[end..]),
                None => (after, ""),
            }
        };
        out.insert(name, value.trim().to_owned());
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

/// Who calls: the device secret in the path, or HTTP Digest or Basic.
async fn caller(
    state: &AppState,
    key: Option<&str>,
    method: &Method,
    uri: &str,
    headers: &HeaderMap,
) -> Result<Caller, Response> {
    let unauthenticated = |m: &str| refusal(state, ApiError::unauthenticated(m.to_owned()));
    if let Some(key) = key {
        return field::caller_by_device_token(state, key).await.map_err(|e| app_refusal(state, e));
    }
    let Some(auth) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Err(unauthenticated("send the device's credentials (Digest or Basic) or use its key URL"));
    };
    let (scheme, rest) = auth.split_once(' ').unwrap_or((auth, ""));
    let device = if scheme.eq_ignore_ascii_case("basic") {
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| unauthenticated("the Basic credentials are not base64 of device:secret"))?;
        let (device, secret) = decoded.split_once(':').unwrap_or((&decoded, ""));
        let ha1 = field::device_ha1(state, device).await.map_err(|e| app_refusal(state, e))?;
        let given = field::ha1(device, secret);
        match ha1 {
            Some(h) if bool::from(subtle::ConstantTimeEq::ct_eq(h.as_bytes(), given.as_bytes())) => device.to_owned(),
            _ => return Err(unauthenticated("the device or its secret is not right, or the device was revoked")),
        }
    } else if scheme.eq_ignore_ascii_case("digest") {
        let p = digest_params(rest);
        let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
        let now = state.now().as_second();
        let nonce = nonce_state(get("nonce"), now);
        if get("realm") != field::REALM || nonce == NonceState::Foreign {
            return Err(unauthenticated("the Digest nonce is not this server's; answer the new challenge"));
        }
        // Behind a proxy that serves the server under a path, the phone
        // signs the path it asked for, the public URL's path before ours.
        let public_path = state.public_url().split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]));
        if get("uri") != uri && public_path.is_none_or(|prefix| get("uri") != format!("{prefix}{uri}")) {
            return Err(unauthenticated("the Digest uri is not the requested path"));
        }
        if get("qop") != "auth" || !matches!(get("algorithm"), "" | "MD5" | "md5") {
            return Err(unauthenticated("use Digest with qop=auth"));
        }
        let nc = u32::from_str_radix(get("nc"), 16)
            .ok()
            .filter(|_| get("nc").len() == 8)
            .ok_or_else(|| unauthenticated("the Digest nc is not eight hexadecimal digits"))?;
        let device = get("username");
        let ha1 = field::device_ha1(state, device).await.map_err(|e| app_refusal(state, e))?;
        let Some(ha1) = ha1 else {
            return Err(unauthenticated("the device or its secret is not right, or the device was revoked"));
        };
        let ha2 = field::md5_hex(format!("{}:{}", method.as_str(), get("uri")).as_bytes());
        let expected =
            field::md5_hex(format!("{ha1}:{}:{}:{}:auth:{ha2}", get("nonce"), get("nc"), get("cnonce")).as_bytes());
        if !bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), get("response").as_bytes())) {
            return Err(unauthenticated("the device or its secret is not right, or the device was revoked"));
        }
        match nonce {
            NonceState::Fresh(made) if first_use(get("nonce"), made, nc, now) => {}
            NonceState::Fresh(_) => {
                return Err(unauthenticated(
                    "this Digest nonce was already used with this nc: a request is answered once",
                ));
            }
            NonceState::Stale | NonceState::Foreign => {
                let mut response = answer(
                    state,
                    StatusCode::UNAUTHORIZED,
                    envelope("error", "the Digest nonce has expired; answer the new challenge"),
                );
                challenge(state, &mut response, true);
                return Err(response);
            }
        }
        device.to_owned()
    } else {
        return Err(unauthenticated("use Digest or Basic authentication"));
    };
    field::caller_by_device(state, &device).await.map_err(|e| app_refusal(state, e))
}

/// The parts of a path under either prefix.
#[derive(Debug, serde::Deserialize)]
struct Project {
    key: Option<String>,
    project: String,
    file: Option<String>,
    id: Option<String>,
}

/// What every OpenRosa request checks first, as an extractor: the protocol
/// version it asks for, the project, and who calls. A handler that takes
/// an `Entered` runs only for a caller these checks let through; any other
/// request is answered here, in OpenRosa's envelope.
struct Entered {
    caller: Caller,
    path: Project,
}

impl FromRequestParts<AppState> for Entered {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Path(path) = Path::<Project>::from_request_parts(parts, state)
            .await
            .map_err(|e| refusal(state, ApiError::field("path", e.body_text())))?;
        if let Some(v) = parts.headers.get("x-openrosa-version")
            && v.as_bytes() != b"1.0"
        {
            return Err(refusal(state, ApiError::field("X-OpenRosa-Version", "only OpenRosa 1.0 is spoken here")));
        }
        // The path as sent (a nested router sees it shortened): what Digest signs.
        let uri = parts.extensions.get::<OriginalUri>().map_or_else(|| parts.uri.clone(), |o| o.0.clone());
        let path_and_query = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
        let caller = caller(state, path.key.as_deref(), &parts.method, path_and_query, &parts.headers).await?;
        if path.project != field::PROJECT {
            return Err(refusal(state, ApiError::not_found(format!("project {} does not exist", path.project))));
        }
        Ok(Entered { caller, path })
    }
}

/// The prefix of this request's paths, up to the project.
fn prefix(path: &Project) -> String {
    match &path.key {
        Some(key) => format!("/v1/key/{key}/projects/{}", path.project),
        None => format!("/v1/projects/{}", path.project),
    }
}

/// `GET …/formList`: the forms this caller may fill in.
async fn form_list(State(state): State<AppState>, Entered { caller, path }: Entered) -> Response {
    let forms = match field::forms_for(&state, &caller) {
        Ok(f) => f,
        Err(e) => return app_refusal(&state, e),
    };
    let base = format!("{}{}", state.public_url(), prefix(&path));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n",
    );
    for form in forms {
        xml.push_str(&format!(
            "  <xform>\n    <formID>{id}</formID>\n    <name>{name}</name>\n    <version>{version}</version>\n    \
             <hash>md5:{md5}</hash>\n    <downloadUrl>{base}/forms/{id}.xml</downloadUrl>\n    \
             <manifestUrl>{base}/forms/{id}/manifest</manifestUrl>\n  </xform>\n",
            id = form.id,
            name = crate::app::xml::escape(form.name),
            version = crate::app::xml::escape(&form.version),
            md5 = form.md5,
            base = crate::app::xml::escape(&base),
        ));
    }
    xml.push_str("</xforms>\n");
    answer(&state, StatusCode::OK, xml)
}

/// `GET …/forms/{id}.xml`: the XForm.
async fn form(State(state): State<AppState>, Entered { caller, path }: Entered) -> Response {
    let wanted = path.file.as_deref().and_then(|f| f.strip_suffix(".xml")).unwrap_or("");
    match field::form_for(&state, &caller, wanted) {
        Ok(form) => answer(&state, StatusCode::OK, form.xml),
        Err(e) => app_refusal(&state, e),
    }
}

/// `GET …/forms/{id}/manifest`: the form's media files (it has none).
async fn manifest(State(state): State<AppState>, Entered { caller, path }: Entered) -> Response {
    if let Err(e) = field::form_for(&state, &caller, path.id.as_deref().unwrap_or("")) {
        return app_refusal(&state, e);
    }
    answer(
        &state,
        StatusCode::OK,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\"/>\n"
            .to_owned(),
    )
}

/// `HEAD` or `GET …/submission`: 204, with the largest body accepted.
async fn submission_probe(State(state): State<AppState>, _: Entered) -> Response {
    answer(&state, StatusCode::NO_CONTENT, String::new())
}

/// `POST …/submission`: the instance and its files.
async fn submit(State(state): State<AppState>, Entered { caller, .. }: Entered, request: Request) -> Response {
    let submission = match read_submission(&state, request).await {
        Ok(s) => s,
        Err(e) => return refusal(&state, e),
    };
    match field::receive(&state, &caller, state.now(), submission).await {
        Ok(Outcome::Filed { case }) => answer(
            &state,
            StatusCode::CREATED,
            envelope("", &format!("full submission upload was successful! It is case {case}.")),
        ),
        Ok(Outcome::Reported { case }) => answer(
            &state,
            StatusCode::CREATED,
            envelope("", &format!("full submission upload was successful! It is the monitors' report on case {case}.")),
        ),
        Ok(Outcome::Waiting { missing }) => answer(
            &state,
            StatusCode::CREATED,
            envelope("", &format!("submission received; waiting for {}", missing.join(", "))),
        ),
        Err(e) => app_refusal(&state, e),
    }
}

/// Reads the multipart body: `xml_submission_file` and the files,
/// counting every byte against `Limits::upload_bytes`.
async fn read_submission(state: &AppState, request: Request<Body>) -> Result<Submission, ApiError> {
    let limit = state.limits().upload_bytes;
    // Room for the part headers of a post of many photos.
    let whole = limit.saturating_add(1024 * crate::PART_OVERHEAD);
    let mut multipart = Multipart::from_request(crate::capped(request, whole), state).await.map_err(|e| {
        ApiError::field("xml_submission_file", format!("send a multipart/form-data body: {}", e.body_text()))
    })?;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("a submission post may carry {limit} bytes; send the files in several posts"),
        )
    };
    let unreadable = |e: axum::extract::multipart::MultipartError| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        _ => ApiError::field("body", e.body_text()),
    };
    let mut xml = None;
    let mut files = Vec::new();
    let mut total = 0usize;
    while let Some(mut part) = multipart.next_field().await.map_err(unreadable)? {
        let name = part.name().unwrap_or("").to_owned();
        let filename = part.file_name().map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(unreadable)? {
            total += chunk.len();
            if total > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "xml_submission_file" {
            xml = Some(bytes);
        } else {
            // Collect names each file's part by its file name.
            let filename = filename.filter(|f| !f.is_empty()).unwrap_or(name);
            files.push((crate::app::evidence::clean_filename(&filename), bytes));
        }
    }
    let xml = xml.ok_or_else(|| {
        ApiError::field("xml_submission_file", "is missing: the instance is sent in a part of that name")
    })?;
    Ok(Submission { xml, files })
}

#[cfg(test)]
mod tests {
    use super::{NONCE_SECONDS, NonceState, first_use, nonce, nonce_state};

    /// A nonce made here is fresh for ten minutes, then stale (answered
    /// with `stale=true`); one altered or made elsewhere is foreign; two
    /// made in the same second differ.
    #[test]
    fn nonces_are_fresh_then_stale_and_cannot_be_forged() {
        let made = 1_760_000_000;
        let n = nonce(made);
        assert_eq!(nonce_state(&n, made + NONCE_SECONDS), NonceState::Fresh(made));
        assert_eq!(nonce_state(&n, made + NONCE_SECONDS + 1), NonceState::Stale);
        assert_ne!(n, nonce(made), "a random part keeps two phones' nonces apart");
        let (time, rest) = n.split_once('.').unwrap();
        assert_eq!(time, format!("{made:x}"));
        let later = format!("{:x}.{rest}", made + 1);
        assert_eq!(nonce_state(&later, made + 2), NonceState::Foreign, "the time is under the MAC");
        assert_eq!(nonce_state("abc", made), NonceState::Foreign);
        assert_eq!(nonce_state(&format!("{n}.x"), made), NonceState::Foreign);
    }

    /// Each count of a nonce is taken once.
    #[test]
    fn a_nonce_count_is_used_once() {
        let made = 1_760_000_000;
        let n = nonce(made);
        assert!(first_use(&n, made, 1, made + 1));
        assert!(!first_use(&n, made, 1, made + 2));
        assert!(first_use(&n, made, 3, made + 2));
        assert!(first_use(&n, made, 2, made + 3), "a count overtaken by a later one is still good once");
    }
}
