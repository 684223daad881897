//! Form fields that show what the user sent and, next to the field at
//! fault, why it was refused.
//!
//! A refused form is shown again, not lost: [`Failed`] carries the action,
//! what was sent and the error, and every widget of the form that failed
//! takes its value from what was sent. An error names a field by its path
//! (`reply.text`, `allegation.provisions[1]`); the form fields use the same
//! names as the core's command fields, so the core's own refusal lands next
//! to the right input. An error no field of the form claims is shown at the
//! top of the form.

use maud::{Markup, html};
use truce_core::case::Casualties;

use super::form::FormBody;
use crate::error::ApiError;
use crate::web::Page;

/// A form that was refused: which one, what it sent, and why.
#[derive(Debug, Clone)]
pub struct Failed {
    /// The form's name (the action it posts).
    pub form: String,
    /// What it sent.
    pub body: FormBody,
    /// Why it was refused.
    pub error: ApiError,
}

/// Whether an error about `field` belongs to the input or group `name`.
pub fn claims(name: &str, field: &str) -> bool {
    field == name || field.strip_prefix(name).is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
}

/// The reason of an error, without the field path the core puts in front.
pub fn reason(error: &ApiError) -> &str {
    match &error.field {
        Some(f) => error.message.strip_prefix(f.as_str()).and_then(|r| r.strip_prefix(": ")).unwrap_or(&error.message),
        None => &error.message,
    }
}

/// The widgets of one form on a page.
pub struct Fields<'a> {
    page: &'a Page,
    form: &'a str,
    sent: Option<&'a FormBody>,
    error: Option<&'a ApiError>,
}

impl<'a> Fields<'a> {
    /// The widgets of form `form`, filled from `failed` if that form failed.
    pub fn new(page: &'a Page, form: &'a str, failed: Option<&'a Failed>) -> Fields<'a> {
        let failed = failed.filter(|f| f.form == form);
        Fields { page, form, sent: failed.map(|f| &f.body), error: failed.map(|f| &f.error) }
    }

    /// The widgets of form `form`, filled with what `sent` holds, with no
    /// error (a form sent back for a choice, such as a place to pick).
    pub fn refill(page: &'a Page, form: &'a str, sent: &'a FormBody) -> Fields<'a> {
        Fields { page, form, sent: Some(sent), error: None }
    }

    /// Whether this form was sent and refused.
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// What was sent, if this form was refused.
    pub fn sent(&self) -> Option<&FormBody> {
        self.sent
    }

    /// The element id of input `name` (unique on the page).
    pub fn id(&self, name: &str) -> String {
        let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        format!("{}-{}", self.form, clean)
    }

    /// The value to show in `name`: what was sent, or `default`.
    pub fn value(&self, name: &str, default: &str) -> String {
        match self.sent {
            Some(s) => s.raw(name).to_owned(),
            None => default.to_owned(),
        }
    }

    /// Whether the box `name` = `value` is ticked.
    pub fn checked(&self, name: &str, value: &str, default: bool) -> bool {
        match self.sent {
            Some(s) => s.all(name).contains(&value),
            None => default,
        }
    }

    /// The error about `name`, if there is one.
    pub fn error_for(&self, name: &str) -> Option<&ApiError> {
        self.error.filter(|e| e.field.as_deref().is_some_and(|f| claims(name, f)))
    }

    /// The message next to `name` (labelled `label`), if it is at fault.
    pub fn message(&self, name: &str, label: &str) -> Markup {
        html! {
            @if let Some(e) = self.error_for(name) {
                p.field-error id=(format!("{}-error", self.id(name))) {
                    strong { (label) } ": " (reason(e))
                }
            }
        }
    }

    fn described(&self, name: &str, hint: bool) -> Option<String> {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{}-hint", self.id(name)));
        }
        if self.error_for(name).is_some() {
            ids.push(format!("{}-error", self.id(name)));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// The error at the top of the form, when no field in `names` claims it.
    pub fn form_error(&self, names: &[&str]) -> Markup {
        let Some(e) = self.error else { return html! {} };
        let claimed = e.field.as_deref().is_some_and(|f| names.iter().any(|n| claims(n, f)));
        html! {
            @if claimed {
                p.error role="alert" { (self.page.t("form-has-errors")) }
            } @else {
                p.error role="alert" {
                    @if let Some(f) = &e.field { strong { (f) } ": " }
                    (reason(e))
                }
            }
        }
    }

    /// A one-line input of `kind` (`text`, `number`, `date`, `password`, …).
    pub fn field(
        &self,
        kind: &str,
        name: &str,
        label: &str,
        hint: Option<&str>,
        default: &str,
        required: bool,
    ) -> Markup {
        let id = self.id(name);
        let value = if kind == "password" { String::new() } else { self.value(name, default) };
        html! {
            label for=(id) { (label) }
            @if let Some(h) = hint { p.hint id=(format!("{id}-hint")) { (h) } }
            (self.message(name, label))
            input type=(kind) id=(id) name=(name) value=(value) required[required]
                aria-invalid=[self.error_for(name).map(|_| "true")]
                aria-describedby=[self.described(name, hint.is_some())];
        }
    }

    /// A text area.
    pub fn textarea(&self, name: &str, label: &str, hint: Option<&str>, default: &str, required: bool) -> Markup {
        let id = self.id(name);
        html! {
            label for=(id) { (label) }
            @if let Some(h) = hint { p.hint id=(format!("{id}-hint")) { (h) } }
            (self.message(name, label))
            textarea id=(id) name=(name) rows="4" required[required]
                aria-invalid=[self.error_for(name).map(|_| "true")]
                aria-describedby=[self.described(name, hint.is_some())] { (self.value(name, default)) }
        }
    }

    /// A drop-down list of `(value, label)` options.
    pub fn dropdown(
        &self,
        name: &str,
        label: &str,
        hint: Option<&str>,
        options: &[(String, String)],
        default: &str,
    ) -> Markup {
        let id = self.id(name);
        let chosen = self.value(name, default);
        html! {
            label for=(id) { (label) }
            @if let Some(h) = hint { p.hint id=(format!("{id}-hint")) { (h) } }
            (self.message(name, label))
            select id=(id) name=(name) aria-invalid=[self.error_for(name).map(|_| "true")]
                aria-describedby=[self.described(name, hint.is_some())] {
                @for (value, text) in options {
                    option value=(value) selected[*value == chosen] { (text) }
                }
            }
        }
    }

    /// A group of check boxes, each `(value, label)`, ticked by default if in `defaults`.
    pub fn checks(&self, name: &str, legend: &str, options: &[(String, String)], defaults: &[String]) -> Markup {
        html! {
            fieldset.choices aria-invalid=[self.error_for(name).map(|_| "true")] {
                legend { (legend) }
                (self.message(name, legend))
                @for (i, (value, text)) in options.iter().enumerate() {
                    @let id = format!("{}-{i}", self.id(name));
                    div.choice {
                        input type="checkbox" id=(id) name=(name) value=(value)
                            checked[self.checked(name, value, defaults.contains(value))];
                        label.check for=(id) { (text) }
                    }
                }
            }
        }
    }

    /// A group of radio buttons, each `(value, label)`.
    pub fn radios(&self, name: &str, legend: &str, options: &[(String, String)], default: &str) -> Markup {
        let chosen = self.value(name, default);
        html! {
            fieldset.choices {
                legend { (legend) }
                (self.message(name, legend))
                @for (i, (value, text)) in options.iter().enumerate() {
                    @let id = format!("{}-{i}", self.id(name));
                    div.choice {
                        input type="radio" id=(id) name=(name) value=(value) checked[*value == chosen];
                        label.check for=(id) { (text) }
                    }
                }
            }
        }
    }

    /// Casualties as four low / best / high estimates under `prefix`.
    pub fn casualties(&self, prefix: &str, defaults: &Casualties) -> Markup {
        let page = self.page;
        let groups = [
            ("civilians_killed", page.t("casualties-civilians-killed"), defaults.civilians_killed),
            ("civilians_injured", page.t("casualties-civilians-injured"), defaults.civilians_injured),
            ("combatants_killed", page.t("casualties-combatants-killed"), defaults.combatants_killed),
            ("combatants_injured", page.t("casualties-combatants-injured"), defaults.combatants_injured),
        ];
        // A figure not stated is an empty box; zero is a figure.
        let shown = |e: Option<truce_core::case::Estimate>, n: fn(&truce_core::case::Estimate) -> u32| {
            e.as_ref().map_or_else(String::new, |e| n(e).to_string())
        };
        html! {
            fieldset {
                legend { (page.t("casualties-legend")) }
                p.hint { (page.t("casualties-hint")) }
                div.estimates { @for (key, legend, est) in &groups {
                    @let group = format!("{prefix}.{key}");
                    fieldset.estimate {
                        legend { (legend) }
                        (self.message(&group, legend))
                        @for (part, label, value) in [("low", page.t("estimate-low"), shown(*est, |e| e.low)),
                            ("best", page.t("estimate-best"), shown(*est, |e| e.best)),
                            ("high", page.t("estimate-high"), shown(*est, |e| e.high))] {
                            @let name = format!("{group}.{part}");
                            div {
                                label for=(self.id(&name)) { (label) }
                                (self.message(&name, &label))
                                input type="number" min="0" step="1" inputmode="numeric" id=(self.id(&name)) name=(name)
                                    value=(self.value(&name, &value));
                            }
                        }
                    }
                } }
            }
        }
    }

    /// A file input and its description, for one evidence file.
    pub fn evidence(&self) -> Markup {
        let page = self.page;
        let file_sent = self.sent.is_some_and(|s| s.has("evidence_sent"));
        html! {
            fieldset {
                legend { (page.t("evidence-legend")) }
                p.hint { (page.t("evidence-hint")) }
                @if file_sent { p.field-error { (page.t("evidence-choose-again")) } }
                @let id = self.id("evidence_file");
                label for=(id) { (page.t("evidence-file")) }
                (self.message("evidence_file", &page.t("evidence-file")))
                input type="file" id=(id) name="evidence_file"
                    accept="image/jpeg,image/png,image/webp,image/heic,image/tiff,application/pdf,video/mp4,video/quicktime,text/plain";
                (self.field("text", "evidence_description", &page.t("evidence-description"), None, "", false))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_belongs_to_its_field_its_items_and_its_group() {
        assert!(claims("reply.text", "reply.text"));
        assert!(claims("allegation.provisions", "allegation.provisions[1]"));
        assert!(claims("allegation.casualties.civilians_killed", "allegation.casualties.civilians_killed"));
        assert!(claims("allegation.location", "allegation.location"));
        // A group's error is shown once, by the group, not by each input.
        assert!(!claims("allegation.casualties.civilians_killed.low", "allegation.casualties.civilians_killed"));
        assert!(!claims("reply.text", "reply"));
        assert!(!claims("reason", "reasons"));
        assert!(!claims("allegation.acts", "allegation.actsx"));
    }

    #[test]
    fn the_reason_drops_the_path_the_core_puts_in_front() {
        let e = ApiError::field("reply.text", "reply.text: is required");
        assert_eq!(reason(&e), "is required");
        let e = ApiError::field("new", "is the same as the current password");
        assert_eq!(reason(&e), "is the same as the current password");
    }
}
