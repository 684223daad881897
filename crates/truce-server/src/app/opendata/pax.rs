//! The agreement in force as one row in the metadata columns of the PA-X
//! Peace Agreements Database (PeaceRep, University of Edinburgh), so that
//! peace-agreement researchers can place it beside the agreements they
//! already code.
//!
//! A PA-X column is filled only where the agreement file holds its value;
//! PA-X's own ids, its regions, page counts and cross-references to other
//! datasets, and its 225 content codes are not Truce's to assign, and stay
//! empty. Truce's own columns follow.

use truce_core::Agreement;
use truce_core::vocab::{AgreementForm, ParticipantKind};

use super::conventions;
use super::formats::spreadsheet_safe;

/// PA-X's agreement-level columns (v9 header), then Truce's.
pub const PAX_COLUMNS: [&str; 34] = [
    "Con",
    "Contp",
    "PP",
    "PPName",
    "Reg",
    "AgtId",
    "Ver",
    "Agt",
    "Dat",
    "Status",
    "Lgt",
    "N_characters",
    "Agtp",
    "Stage",
    "StageSub",
    "Part",
    "ThrdPart",
    "OthAgr",
    "Loc1ISO",
    "Loc2ISO",
    "Loc1GWNO",
    "Loc2GWNO",
    "UcdpCon",
    "UcdpAgr",
    "PamAgr",
    "CowWar",
    "Interim",
    "truce_agreement_id",
    "truce_form",
    "truce_signed_at",
    "truce_effective_at",
    "truce_ends_at",
    "truce_place",
    "truce_sha256",
];

/// The row of `agreement` (in force, so signed by every signatory it
/// names), with the hash the log recorded.
pub fn row(agreement: &Agreement, sha256: Option<&str>) -> [String; 34] {
    let id = &agreement.identity;
    let parties: Vec<_> = agreement.parties().collect();
    let names: Vec<&str> = parties.iter().map(|p| p.name("en")).collect();
    let third: Vec<String> = agreement
        .participants
        .values()
        .filter_map(|p| match p.kind {
            ParticipantKind::Mediator => Some(format!("{} (mediator)", p.name("en"))),
            ParticipantKind::Guarantor => Some(format!("{} (guarantor)", p.name("en"))),
            ParticipantKind::Party | ParticipantKind::MonitoringTeam => None,
        })
        .collect();
    // A party whose id is the ISO alpha-3 code of a state the geography
    // covers is that state; between two such parties the agreement is
    // inter-state (PA-X's `Inter`).
    let states: Vec<&str> =
        parties.iter().map(|p| p.id.as_str()).filter(|p| conventions::acled_actor_type(p).is_some()).collect();
    let inter = parties.len() == 2 && states.len() == 2;
    let loc = |i: usize| if inter { states.get(i).map(|s| (*s).to_owned()).unwrap_or_default() } else { String::new() };
    let form = match id.form {
        AgreementForm::Written => "written",
        AgreementForm::Verbal => "verbal",
    };
    [
        names.join("/"),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        id.version.to_string(),
        id.title.clone(),
        id.signed_at.date().to_string(),
        String::from("Multiparty signed/agreed"),
        String::new(),
        String::new(),
        if inter { String::from("Inter") } else { String::new() },
        String::from("Cea"),
        String::new(),
        names.join("; "),
        third.join("; "),
        id.supersedes.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        loc(0),
        loc(1),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        id.id.to_string(),
        form.to_owned(),
        id.signed_at.to_string(),
        id.effective_at.to_string(),
        id.ends_at.as_ref().map(ToString::to_string).unwrap_or_default(),
        id.place.clone(),
        sha256.unwrap_or_default().to_owned(),
    ]
}

/// The CSV file: the header and the one row.
pub fn csv(agreement: &Agreement, sha256: Option<&str>) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PAX_COLUMNS).map_err(|e| e.to_string())?;
    w.write_record(row(agreement, sha256).map(spreadsheet_safe)).map_err(|e| e.to_string())?;
    w.into_inner().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_doha_istanbul_agreement_is_an_inter_state_ceasefire_row() {
        let text = include_str!("../../../../../agreements/doha-istanbul-2025.toml");
        let agreement = Agreement::from_toml(text).unwrap();
        let bytes = csv(&agreement, Some("ab12")).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header.get(..6).unwrap(), ["Con", "Contp", "PP", "PPName", "Reg", "AgtId"]);
        let record = reader.records().next().unwrap().unwrap();
        let cell = |name: &str| record.get(header.iter().position(|h| h == name).unwrap()).unwrap().to_owned();
        assert_eq!(cell("Dat"), "2025-10-19", "the date where it was signed, not UTC's");
        assert_eq!((cell("Agtp").as_str(), cell("Stage").as_str()), ("Inter", "Cea"));
        assert!(cell("Con").contains("Pakistan") && cell("Con").contains('/'), "{}", cell("Con"));
        assert!(cell("ThrdPart").contains("(mediator)"), "{}", cell("ThrdPart"));
        let mut locations = [cell("Loc1ISO"), cell("Loc2ISO")];
        locations.sort();
        assert_eq!(locations, ["AFG", "PAK"]);
        for empty in ["Contp", "PP", "AgtId", "Lgt", "N_characters", "UcdpCon", "StageSub"] {
            assert_eq!(cell(empty), "", "{empty}: Truce holds no value");
        }
        assert_eq!((cell("truce_sha256").as_str(), cell("truce_form").as_str()), ("ab12", "written"));
    }
}
