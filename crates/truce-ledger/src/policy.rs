//! Which witnesses must cosign a checkpoint before anyone relies on it:
//! the C2SP/Sigsum `tlog-policy` text format and its quorum rule.
//!
//! ```text
//! log <log vkey> [url]
//! witness <name> <cosigner vkey> [url]
//! group <name> all|any|<k> <member> <member>...
//! quorum <name>|none
//! ```
//!
//! Witnesses and groups share one namespace; a group's members are defined
//! before it, so groups nest without cycles. `#` starts a comment. The
//! quorum is satisfied by a set of witnesses that verifiably cosigned the
//! checkpoint. Truce writes the policy from the agreement, which the parties
//! sign, so each side chose the witnesses that bind the log it is shown.

use std::collections::{BTreeSet, HashMap};

use crate::note::{SignedNote, valid_key_name};
use crate::{CosignerKey, LedgerError, check_log_signature, checkpoint_fields};

/// How many members of a group must be satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// Every member.
    All,
    /// At least one member.
    Any,
    /// At least this many members.
    AtLeast(usize),
}

/// A witness the policy names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyWitness {
    /// The policy's name for it (used in groups and the quorum).
    pub name: String,
    /// Its cosigner key.
    pub key: CosignerKey,
    /// Where its `add-checkpoint` endpoint lives, if the policy says.
    pub url: Option<String>,
}

/// A named group of witnesses and groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyGroup {
    /// The group's name.
    pub name: String,
    /// How many members must be satisfied.
    pub threshold: Threshold,
    /// Member names, each a witness or an earlier group.
    pub members: Vec<String>,
}

/// A parsed policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    /// The logs (verifier key and optional URL).
    pub logs: Vec<(String, Option<String>)>,
    /// The witnesses.
    pub witnesses: Vec<PolicyWitness>,
    /// The groups, in definition order.
    pub groups: Vec<PolicyGroup>,
    /// The name of the witness or group that must be satisfied; `None` is
    /// the `none` quorum (no cosignature needed).
    pub quorum: Option<String>,
}

/// What a checkpoint's cosignatures amount to under a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumCheck {
    /// Policy names of the witnesses whose cosignature verified, with its time.
    pub cosigned: Vec<(String, u64)>,
    /// Whether the quorum is met.
    pub met: bool,
}

fn malformed(line: usize, reason: impl Into<String>) -> LedgerError {
    LedgerError::MalformedPolicy { line, reason: reason.into() }
}

impl Policy {
    /// Parses the text format. Refuses unknown keywords, duplicate names,
    /// members not yet defined, a threshold above the member count, a second
    /// quorum line and a missing one.
    pub fn parse(text: &str) -> Result<Policy, LedgerError> {
        let mut policy = Policy::default();
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut quorum_seen = false;
        for (index, raw) in text.lines().enumerate() {
            let number = index + 1;
            let line = raw.split('#').next().unwrap_or_default().trim();
            let words: Vec<&str> = line.split_whitespace().collect();
            let Some((&keyword, args)) = words.split_first() else { continue };
            match keyword {
                "log" => {
                    let (vkey, url) = match args {
                        [vkey] => (*vkey, None),
                        [vkey, url] => (*vkey, Some((*url).to_owned())),
                        _ => return Err(malformed(number, "expected `log <vkey> [url]`")),
                    };
                    crate::checkpoint::parse_log_vkey(vkey).map_err(|error| malformed(number, error.to_string()))?;
                    policy.logs.push((vkey.to_owned(), url));
                }
                "witness" => {
                    let (name, vkey, url) = match args {
                        [name, vkey] => (*name, *vkey, None),
                        [name, vkey, url] => (*name, *vkey, Some((*url).to_owned())),
                        _ => return Err(malformed(number, "expected `witness <name> <vkey> [url]`")),
                    };
                    define(&mut names, name, number)?;
                    let key = CosignerKey::parse(vkey).map_err(|error| malformed(number, error.to_string()))?;
                    policy.witnesses.push(PolicyWitness { name: name.to_owned(), key, url });
                }
                "group" => {
                    let [name, threshold, members @ ..] = args else {
                        return Err(malformed(number, "expected `group <name> all|any|<k> <members>`"));
                    };
                    if members.is_empty() {
                        return Err(malformed(number, "a group needs members"));
                    }
                    let threshold = match *threshold {
                        "all" => Threshold::All,
                        "any" => Threshold::Any,
                        k => match k.parse::<usize>() {
                            Ok(k) if k >= 1 && k <= members.len() && k.to_string() == *threshold => {
                                Threshold::AtLeast(k)
                            }
                            _ => {
                                return Err(malformed(
                                    number,
                                    format!("threshold {k:?} is not all, any or 1..{}", members.len()),
                                ));
                            }
                        },
                    };
                    let mut seen = BTreeSet::new();
                    for member in members.iter() {
                        if !names.contains_key(*member) {
                            return Err(malformed(number, format!("member {member:?} is not defined above")));
                        }
                        if !seen.insert(*member) {
                            return Err(malformed(number, format!("member {member:?} is listed twice")));
                        }
                    }
                    define(&mut names, name, number)?;
                    policy.groups.push(PolicyGroup {
                        name: (*name).to_owned(),
                        threshold,
                        members: members.iter().map(|member| (*member).to_owned()).collect(),
                    });
                }
                "quorum" => {
                    let [name] = args else { return Err(malformed(number, "expected `quorum <name>|none`")) };
                    if quorum_seen {
                        return Err(malformed(number, "a second quorum line"));
                    }
                    quorum_seen = true;
                    if *name != "none" {
                        if !names.contains_key(*name) {
                            return Err(malformed(number, format!("quorum {name:?} is not defined above")));
                        }
                        policy.quorum = Some((*name).to_owned());
                    }
                }
                other => return Err(malformed(number, format!("unknown keyword {other:?}"))),
            }
        }
        if !quorum_seen {
            return Err(malformed(text.lines().count() + 1, "no quorum line"));
        }
        Ok(policy)
    }

    /// The policy in its text format (parsing it gives the policy back).
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for (vkey, url) in &self.logs {
            text.push_str(&format!("log {vkey}{}\n", url.as_deref().map(|url| format!(" {url}")).unwrap_or_default()));
        }
        for witness in &self.witnesses {
            let url = witness.url.as_deref().map(|url| format!(" {url}")).unwrap_or_default();
            text.push_str(&format!("witness {} {}{url}\n", witness.name, witness.key.vkey()));
        }
        for group in &self.groups {
            let threshold = match group.threshold {
                Threshold::All => "all".to_owned(),
                Threshold::Any => "any".to_owned(),
                Threshold::AtLeast(k) => k.to_string(),
            };
            text.push_str(&format!("group {} {threshold} {}\n", group.name, group.members.join(" ")));
        }
        text.push_str(&format!("quorum {}\n", self.quorum.as_deref().unwrap_or("none")));
        text
    }

    /// Whether witnesses named `cosigned` satisfy the quorum.
    pub fn quorum_met(&self, cosigned: &BTreeSet<&str>) -> bool {
        match &self.quorum {
            None => true,
            Some(name) => self.satisfied(name, cosigned, 0),
        }
    }

    fn satisfied(&self, name: &str, cosigned: &BTreeSet<&str>, depth: usize) -> bool {
        if cosigned.contains(name) && self.witnesses.iter().any(|witness| witness.name == name) {
            return true;
        }
        // Groups only reference earlier names, so depth is bounded by the
        // group count; the guard keeps a hand-built policy from looping.
        let Some(group) = self.groups.iter().find(|group| group.name == name) else { return false };
        if depth > self.groups.len() {
            return false;
        }
        let met = group.members.iter().filter(|member| self.satisfied(member, cosigned, depth + 1)).count();
        match group.threshold {
            Threshold::All => met == group.members.len(),
            Threshold::Any => met >= 1,
            Threshold::AtLeast(k) => met >= k,
        }
    }

    /// Checks a checkpoint note against the policy: signed by one of its
    /// logs, no failing cosignature from a named witness, and which
    /// witnesses cosigned. A policy with no log line accepts any log key
    /// already checked by the caller.
    pub fn check(&self, note: &str) -> Result<QuorumCheck, LedgerError> {
        let parsed = SignedNote::parse(note)?;
        checkpoint_fields(&parsed.text)?;
        if !self.logs.is_empty() {
            let mut signed = Err(LedgerError::MissingSignature("a log of the policy".to_owned()));
            for (vkey, _) in &self.logs {
                match check_log_signature(&parsed, vkey) {
                    Ok(()) => signed = Ok(()),
                    Err(LedgerError::MissingSignature(_)) => {}
                    Err(error) => return Err(error),
                }
            }
            signed?;
        }
        let mut cosigned = Vec::new();
        for witness in &self.witnesses {
            if let Some(time) = witness.key.cosignature_on(&parsed)? {
                cosigned.push((witness.name.clone(), time));
            }
        }
        let names: BTreeSet<&str> = cosigned.iter().map(|(name, _)| name.as_str()).collect();
        let met = self.quorum_met(&names);
        Ok(QuorumCheck { cosigned, met })
    }
}

fn define(names: &mut HashMap<String, usize>, name: &str, line: usize) -> Result<(), LedgerError> {
    if name == "none" || !valid_key_name(name) {
        return Err(malformed(line, format!("{name:?} cannot be a name")));
    }
    if let Some(first) = names.insert(name.to_owned(), line) {
        return Err(malformed(line, format!("{name:?} is already defined on line {first}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cosigner, EMPTY_ROOT, LogIdentity, SigningKey};

    fn witness(n: u8) -> Cosigner {
        Cosigner::new(&format!("w{n}.example"), SigningKey::from_seed([n; 32])).unwrap()
    }

    fn log() -> LogIdentity {
        LogIdentity::new("truce.example/log", SigningKey::from_seed([100; 32])).unwrap()
    }

    fn policy_text() -> String {
        format!(
            "# two parties and two mediators\nlog {}\nwitness pak {} https://w1.example\nwitness afg {}\nwitness qat {}\nwitness tur {}\ngroup parties all pak afg\ngroup mediators any qat tur\ngroup both all parties mediators\nquorum both\n",
            log().vkey(),
            witness(1).vkey(),
            witness(2).vkey(),
            witness(3).vkey(),
            witness(4).vkey()
        )
    }

    fn cosigned_by(signers: &[u8]) -> String {
        let note = log().sign_checkpoint(0, &EMPTY_ROOT).unwrap();
        let body = SignedNote::parse(&note).unwrap().text;
        let mut out = note;
        for n in signers {
            out.push_str(&witness(*n).cosign(&body, 1_700_000_000 + u64::from(*n)).unwrap());
        }
        out
    }

    #[test]
    fn parses_and_prints_back() {
        let policy = Policy::parse(&policy_text()).unwrap();
        assert_eq!(policy.witnesses.len(), 4);
        assert_eq!(policy.witnesses[0].url.as_deref(), Some("https://w1.example"));
        assert_eq!(Policy::parse(&policy.to_text()).unwrap(), policy);
    }

    #[test]
    fn each_party_and_one_mediator() {
        let policy = Policy::parse(&policy_text()).unwrap();
        assert!(policy.check(&cosigned_by(&[1, 2, 3])).unwrap().met);
        assert!(policy.check(&cosigned_by(&[1, 2, 4])).unwrap().met);
        assert!(!policy.check(&cosigned_by(&[1, 3, 4])).unwrap().met);
        assert!(!policy.check(&cosigned_by(&[1, 2])).unwrap().met);
        let check = policy.check(&cosigned_by(&[2, 3])).unwrap();
        assert_eq!(check.cosigned, vec![("afg".to_owned(), 1_700_000_002), ("qat".to_owned(), 1_700_000_003)]);
        // A witness outside the policy counts for nothing.
        assert!(!policy.check(&cosigned_by(&[1, 5, 3])).unwrap().met);
    }

    #[test]
    fn k_of_n() {
        let text = format!(
            "witness a {}\nwitness b {}\nwitness c {}\nwitness d {}\ngroup g 3 a b c d\nquorum g\n",
            witness(1).vkey(),
            witness(2).vkey(),
            witness(3).vkey(),
            witness(4).vkey()
        );
        let policy = Policy::parse(&text).unwrap();
        assert!(policy.check(&cosigned_by(&[1, 2, 4])).unwrap().met);
        assert!(!policy.check(&cosigned_by(&[1, 4])).unwrap().met);
    }

    #[test]
    fn a_forged_cosignature_of_a_named_witness_fails_the_whole_check() {
        let policy = Policy::parse(&policy_text()).unwrap();
        let good = cosigned_by(&[1, 2, 3]);
        let forged = good.replacen("\n0\n", "\n1\n", 1);
        assert!(policy.check(&forged).is_err());
        // Signed by another log key: refused.
        let other = LogIdentity::new("truce.example/log", SigningKey::from_seed([101; 32])).unwrap();
        assert!(policy.check(&other.sign_checkpoint(0, &EMPTY_ROOT).unwrap()).is_err());
    }

    #[test]
    fn malformed_policies_name_their_line() {
        let w = witness(1).vkey();
        for (text, line) in [
            (format!("witness a {w}\nquorum b\n"), 2),
            (format!("witness a {w}\nwitness a {w}\nquorum a\n"), 2),
            (format!("witness a {w}\ngroup g 2 a\nquorum g\n"), 2),
            (format!("witness a {w}\ngroup g any a a\nquorum g\n"), 2),
            (format!("witness a {w}\nwitnesses b {w}\nquorum a\n"), 2),
            (format!("witness a {w}\n"), 2),
            (format!("witness a {w}\nquorum a\nquorum none\n"), 3),
            (format!("witness none {w}\nquorum none\n"), 1),
            ("witness a not-a-key\nquorum none\n".to_owned(), 1),
            (format!("log {w}\nquorum none\n"), 1),
        ] {
            match Policy::parse(&text) {
                Err(LedgerError::MalformedPolicy { line: found, .. }) => assert_eq!(found, line, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}
