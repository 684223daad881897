//! The web pages in a real browser: Debian's Chromium, headless, driven
//! over WebDriver by `fantoccini` through `chromedriver`.
//!
//! Each test starts its own demo deployment and its own browser with a
//! fresh profile. Screenshots are kept as test artifacts under
//! `target/tmp/browser/` (look at them: they are how a person sees the page).
//!
//! `chromium` and `chromium-driver` must be installed (`.ci/run` installs
//! them); without them these tests fail and say so.

#[allow(dead_code)]
#[path = "../server/common.rs"]
mod common;

mod driver;
mod pages;
mod walk;
