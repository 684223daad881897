//! Tidy checks of the layering written down in `docs/ARCHITECTURE.md`: a
//! test fails when an import runs the wrong way.
//!
//! Three rules, read from the source rather than from the compiler, so that
//! they hold whatever compiles:
//! 1. crates depend on the crates below them only (`CRATES`);
//! 2. inside the server, each top-level module refers only to those the
//!    table `SERVER` allows: the use cases (`app`) know nothing of HTTP,
//!    and the JSON and HTML adapters (`api`, `web`) never refer to each
//!    other;
//! 3. no files of the server refer to each other in a loop (a file using
//!    its own ancestor module, as a child uses its parent's helpers, does
//!    not count: that is how a module tree is built).
//!
//! The checker's own tests run it on small trees written for the purpose,
//! so that a checker that finds nothing cannot pass for a clean tree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod support;
use support::rust_files;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Which workspace crates each crate may depend on (normal dependencies).
const CRATES: &[(&str, &[&str])] = &[
    ("truce-geo", &[]),
    ("truce-ledger", &[]),
    ("truce-store", &[]),
    ("truce-core", &["truce-geo"]),
    ("truce-node", &["truce-core", "truce-geo", "truce-ledger", "truce-store"]),
    ("truce-server", &["truce-core", "truce-geo", "truce-ledger", "truce-store", "truce-node"]),
    // A witness judges a log by its checkpoints alone: the ledger's rules,
    // none of the mechanism's, its storage or its server.
    ("truce-witness", &["truce-ledger"]),
    (
        "truce-cli",
        &["truce-core", "truce-geo", "truce-ledger", "truce-store", "truce-node", "truce-server", "truce-witness"],
    ),
];

/// The server's layering: which other top-level modules each top-level
/// module may refer to (`root` is `lib.rs`, the composition root).
///
/// ```text
///   root ─► everything
///   api ──► app, auth, error, extract, root      web ─► app, auth, error, root
///   log ──► app, error, extract, root   run ─► app, root   ops ─► auth, error, root
///   auth ─► app, error, root   extract ─► error   error ─► app
///   app ──► (nothing: no HTTP, not even the root)
///   mirror ─► (nothing: it serves a directory)
/// ```
const SERVER: &[(&str, &[&str])] = &[
    ("app", &[]),
    ("error", &["app"]),
    ("extract", &["error"]),
    ("auth", &["app", "error", "root"]),
    ("api", &["app", "auth", "error", "extract", "root"]),
    ("web", &["app", "auth", "error", "root"]),
    ("log", &["app", "error", "extract", "root"]),
    ("openrosa", &["app", "error", "root"]),
    ("ops", &["auth", "error", "root"]),
    ("run", &["app", "root"]),
    ("mirror", &[]),
];

/// One reference from a file to a module path of its crate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    line: usize,
    /// The full path referred to, from the crate root (`web::desk::case::render`).
    path: Vec<String>,
    /// As written, for the report.
    written: String,
}

/// `text` with comments, string and character literals blanked out (line
/// breaks kept, so line numbers still hold).
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_ident(&b, i) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match b.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| b.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some(_) => j += 1,
                }
            }
            out.extend(b[i..j.min(b.len())].iter().map(|c| blank(*c)));
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&b, i) {
            // `'x'`, or an escape such as `'\n'` or `'\u{202e}'`.
            let end = if next == Some('\\') {
                (i + 3..b.len()).find(|&j| b[j] == '\'').unwrap_or(b.len() - 1)
            } else {
                i + 2
            };
            for _ in i..=end {
                out.push(' ');
            }
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// Whether the quote at `i` opens a character literal (`'a'`, `'\n'`), not a
/// lifetime (`'a`, `'static`).
fn is_char_literal(b: &[char], i: usize) -> bool {
    matches!((b.get(i + 1), b.get(i + 2)), (Some('\\'), _) | (Some(_), Some('\'')))
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Reads a path after `::` at `i`: segments, and one brace group expanded
/// into its items. Returns the paths and where reading stopped.
fn read_paths(b: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_whitespace() {
            i += 1;
        }
        i
    };
    let mut prefix = Vec::new();
    loop {
        i = skip_ws(i);
        if b.get(i) == Some(&'{') {
            // A group: split at top-level commas, read each item.
            let mut out = Vec::new();
            i += 1;
            loop {
                i = skip_ws(i);
                match b.get(i) {
                    None => return (out, i),
                    Some('}') => return (out, i + 1),
                    Some(',') => i += 1,
                    Some(_) => {
                        let (items, next) = read_paths(b, i);
                        for item in items {
                            let mut p = prefix.clone();
                            p.extend(item);
                            out.push(p);
                        }
                        if next == i {
                            i += 1;
                        } else {
                            i = next;
                        }
                    }
                }
            }
        }
        let start = i;
        while i < b.len() && is_ident_char(b[i]) {
            i += 1;
        }
        if i == start {
            return (vec![prefix], i);
        }
        prefix.push(b[start..i].iter().collect());
        let j = skip_ws(i);
        if b.get(j) == Some(&':') && b.get(j + 1) == Some(&':') {
            i = j + 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// The inline modules of a file (`mod tests { … }`): each one's name and
/// the span of its body, so `super::` inside resolves from there.
fn inline_modules(b: &[char]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 < b.len() {
        if !prev_is_ident(b, i) && b[i..i + 4].iter().copied().eq("mod ".chars()) {
            let mut j = i + 4;
            let start = j;
            while j < b.len() && is_ident_char(b[j]) {
                j += 1;
            }
            let name: String = b[start..j].iter().collect();
            while j < b.len() && b[j].is_whitespace() {
                j += 1;
            }
            if !name.is_empty() && b.get(j) == Some(&'{') {
                let mut depth = 0;
                let mut k = j;
                while k < b.len() {
                    match b[k] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    k += 1;
                }
                out.push((name, j, k));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Every `crate::…` and `super::…` reference in `text`, resolved against
/// `module` (the file's module path), as paths from the crate root.
fn references(text: &str, module: &[String]) -> Vec<Reference> {
    let code = code_only(text);
    let b: Vec<char> = code.chars().collect();
    let inline = inline_modules(&b);
    let line_of = |i: usize| b[..i].iter().filter(|c| **c == '\n').count() + 1;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let after_path = i >= 2 && b[i - 1] == ':' && b[i - 2] == ':';
        let starts_word = !(prev_is_ident(&b, i) || after_path);
        let at = |word: &str| b[i..].iter().take(word.len()).copied().eq(word.chars());
        if starts_word && (at("crate::") || at("super::")) {
            let begin = i;
            let mut base: Vec<String> = Vec::new();
            if at("crate::") {
                i += "crate::".len();
            } else {
                base = module.to_vec();
                base.extend(inline.iter().filter(|(_, from, to)| *from < i && i < *to).map(|(n, _, _)| n.clone()));
                while b[i..].iter().take(7).copied().eq("super::".chars()) {
                    base.pop();
                    i += "super::".len();
                }
            }
            let (paths, end) = read_paths(&b, i);
            let written: String = b[begin..end.min(b.len())].iter().collect::<String>();
            let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
            for p in paths {
                let mut full = base.clone();
                full.extend(p.into_iter().filter(|s| s != "self"));
                out.push(Reference { line: line_of(begin), path: full, written: written.clone() });
            }
            i = end.max(begin + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The server's files by module path: `src/lib.rs` is `[]`,
/// `src/web/desk/case.rs` is `["web", "desk", "case"]`.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    for path in rust_files(src) {
        let rel = path.strip_prefix(src).unwrap().with_extension("");
        let mut segs: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
        if segs.last().is_some_and(|s| s == "mod" || s == "lib") {
            segs.pop();
        }
        out.insert(segs, path);
    }
    out
}

/// The module a path refers to: its longest prefix that is a module file.
fn module_of<'a>(path: &[String], modules: &'a BTreeMap<Vec<String>, PathBuf>) -> &'a [String] {
    (0..=path.len()).rev().find_map(|n| modules.get_key_value(&path[..n]).map(|(k, _)| k.as_slice())).unwrap_or(&[])
}

fn layer(module: &[String]) -> &str {
    module.first().map_or("root", String::as_str)
}

fn display(module: &[String]) -> String {
    if module.is_empty() { "lib".to_owned() } else { module.join("/") }
}

/// Rules 2 and 3 over the crate whose sources are in `src`.
fn check_server(src: &Path) -> Vec<String> {
    let modules = modules(src);
    let allowed: BTreeMap<&str, &[&str]> = SERVER.iter().copied().collect();
    let mut problems = Vec::new();
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, path) in &modules {
        let text = std::fs::read_to_string(path).unwrap();
        let from = layer(module);
        if from != "root" && !allowed.contains_key(from) {
            problems.push(format!("{}: the top-level module `{from}` is not in the layering table", display(module)));
        }
        for r in references(&text, module) {
            let target = module_of(&r.path, &modules).to_vec();
            let to = layer(&target);
            if from != "root" && from != to && !allowed.get(from).is_some_and(|a| a.contains(&to)) {
                problems.push(format!(
                    "{}.rs:{}: `{}`: {from} must not refer to {to}",
                    display(module),
                    r.line,
                    r.written
                ));
            }
            // A file using one of its ancestors (or itself) is the module tree, not a loop.
            if !module.starts_with(&target) {
                graph.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    let mut seen = BTreeSet::new();
    problems.retain(|p| seen.insert(p.clone()));
    for cycle in cycles(&graph) {
        let names: Vec<String> = cycle.iter().map(|m| format!("{}.rs", display(m))).collect();
        problems.push(format!("cycle: {}", names.join(" -> ")));
    }
    problems
}

/// One cycle through each strongly connected group of the graph, as a
/// path that returns to its start.
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    let mut found: Vec<Vec<Vec<String>>> = Vec::new();
    let mut reported: BTreeSet<Vec<String>> = BTreeSet::new();
    for start in graph.keys() {
        if reported.contains(start) {
            continue;
        }
        // Breadth-first from the start's targets back to the start: the shortest loop.
        let mut came_from: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        let mut queue: std::collections::VecDeque<Vec<String>> = graph[start].iter().cloned().collect();
        for t in &queue {
            came_from.insert(t.clone(), start.clone());
        }
        while let Some(at) = queue.pop_front() {
            if at == *start {
                // Walk the predecessors back from the start to itself.
                let mut path = vec![start.clone()];
                let mut cur = came_from[start].clone();
                while cur != *start {
                    path.push(cur.clone());
                    cur = came_from[&cur].clone();
                }
                path.push(start.clone());
                path.reverse();
                reported.extend(path.iter().cloned());
                found.push(path);
                break;
            }
            for next in graph.get(&at).into_iter().flatten() {
                if !came_from.contains_key(next) {
                    came_from.insert(next.clone(), at.clone());
                    queue.push_back(next.clone());
                }
            }
        }
    }
    found
}

/// Rule 1 over every crate in `crates/`.
fn check_crates(crates: &Path) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = CRATES.iter().copied().collect();
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(crates).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let name = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("name = \"").and_then(|r| r.strip_suffix('"')))
            .unwrap_or("?")
            .to_owned();
        let Some(may) = allowed.get(name.as_str()) else {
            problems.push(format!("crate {name} is not in the layering table"));
            continue;
        };
        let mut section = String::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                section = line.to_owned();
                continue;
            }
            if section != "[dependencies]" {
                continue;
            }
            let dep = line.split(['.', '=', ' ']).next().unwrap_or("");
            if dep.starts_with("truce-") && !may.contains(&dep) {
                problems.push(format!("{name} must not depend on {dep}"));
            }
        }
    }
    problems
}

#[test]
fn tidy_the_crates_depend_only_downwards() {
    let problems = check_crates(&root().join("crates"));
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_crate_checker_keeps_the_witness_off_the_mechanism() {
    let dir = std::env::temp_dir().join(format!("truce-layering-crates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let manifest = |name: &str, deps: &str| {
        std::fs::create_dir_all(dir.join(name)).unwrap();
        let text = format!(
            "[package]\nname = \"{name}\"\n\n[dependencies]\n{deps}\n[dev-dependencies]\ntruce-server.workspace = true\n"
        );
        std::fs::write(dir.join(name).join("Cargo.toml"), text).unwrap();
    };
    manifest(
        "truce-witness",
        "truce-ledger.workspace = true\ntruce-server = { workspace = true }\ntruce-core.workspace = true\n",
    );
    manifest("truce-cli", "truce-witness.workspace = true\n");
    let problems = check_crates(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        problems,
        ["truce-witness must not depend on truce-server", "truce-witness must not depend on truce-core"]
    );
}

#[test]
fn tidy_the_server_layers_and_files_import_only_downwards_and_never_in_a_loop() {
    let problems = check_server(&root().join("crates/truce-server/src"));
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// A throwaway source tree.
struct Tree(PathBuf);

impl Tree {
    fn new(name: &str, files: &[(&str, &str)]) -> Tree {
        let dir = std::env::temp_dir().join(format!("truce-layering-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Tree(dir)
    }

    fn check(&self) -> Vec<String> {
        check_server(&self.0)
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const BASE: &[(&str, &str)] = &[
    ("lib.rs", "pub mod api; pub mod app; pub mod web; pub mod error;\npub struct AppState;\n"),
    ("app/mod.rs", "pub mod cases;\npub struct App;\n"),
    ("app/cases.rs", "pub fn view() {}\n"),
    ("api/mod.rs", "pub mod cases;\n"),
    ("api/cases.rs", "use crate::app::cases;\npub fn get() { cases::view() }\n"),
    ("error.rs", "use crate::app::App;\n"),
    ("web/mod.rs", "pub mod desk;\npub struct Page;\n"),
    ("web/desk/mod.rs", "pub mod case;\npub mod merge;\npub fn routes() { case::page(); }\n"),
    ("web/desk/case.rs", "use super::super::Page;\nuse super::routes;\npub fn page() {}\n"),
    ("web/desk/merge.rs", "use super::case::page;\n"),
];

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<(&str, &str)> =
        BASE.iter().copied().filter(|(p, _)| !extra.iter().any(|(q, _)| q == p)).collect();
    files.extend_from_slice(extra);
    files
}

#[test]
fn the_checker_passes_a_clean_tree() {
    assert_eq!(Tree::new("clean", BASE).check(), Vec::<String>::new());
}

#[test]
fn the_checker_finds_the_web_using_the_api() {
    let t = Tree::new("web-api", &with(&[("web/desk/case.rs", "pub fn page() { crate::api::cases::get() }\n")]));
    assert_eq!(t.check(), vec!["web/desk/case.rs:1: `crate::api::cases::get`: web must not refer to api"]);
}

#[test]
fn the_checker_reads_grouped_and_relative_paths() {
    let grouped = Tree::new(
        "grouped",
        &with(&[("web/desk/merge.rs", "use crate::{app::cases, api::{cases as json}};\nuse super::case::page;\n")]),
    );
    assert_eq!(
        grouped.check(),
        vec!["web/desk/merge.rs:1: `crate::{app::cases, api::{cases as json}}`: web must not refer to api"]
    );
    let relative = Tree::new("relative", &with(&[("web/desk/merge.rs", "use super::super::super::api::cases;\n")]));
    assert_eq!(
        relative.check(),
        vec!["web/desk/merge.rs:1: `super::super::super::api::cases`: web must not refer to api"]
    );
}

#[test]
fn the_checker_keeps_http_out_of_the_use_cases() {
    let t = Tree::new("app-root", &with(&[("app/cases.rs", "pub fn view(_: &crate::AppState) {}\n")]));
    assert_eq!(t.check(), vec!["app/cases.rs:1: `crate::AppState`: app must not refer to root"]);
}

#[test]
fn the_checker_finds_loops_of_two_and_three_files() {
    let two = Tree::new("two", &with(&[("web/desk/case.rs", "use super::merge;\npub fn page() {}\n")]));
    assert_eq!(two.check(), vec!["cycle: web/desk/case.rs -> web/desk/merge.rs -> web/desk/case.rs"]);
    let three = Tree::new(
        "three",
        &with(&[
            ("web/desk/mod.rs", "pub mod case;\npub mod merge;\npub mod act;\n"),
            ("web/desk/act.rs", "use super::case;\n"),
            ("web/desk/case.rs", "use super::merge;\npub fn page() {}\n"),
            ("web/desk/merge.rs", "use super::act;\n"),
        ]),
    );
    assert_eq!(
        three.check(),
        vec!["cycle: web/desk/act.rs -> web/desk/case.rs -> web/desk/merge.rs -> web/desk/act.rs"]
    );
}

#[test]
fn the_checker_ignores_comments_strings_and_the_module_tree() {
    let t = Tree::new(
        "quiet",
        &with(&[(
            "web/desk/case.rs",
            "//! Like [`crate::api::cases::get`], but HTML.\nuse super::super::Page;\n/* crate::api::x */\n\
             pub fn page() { let _ = \"crate::api::cases\"; let _ = r#\"super::super::super::api\"#; let _c = 'c'; }\n\
             fn f<'a>(s: &'a str) -> &'a str { s }\n#[cfg(test)]\nmod tests { use super::*; use super::page; }\n",
        )]),
    );
    assert_eq!(t.check(), Vec::<String>::new());
}
