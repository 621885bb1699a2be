//! The bundled curriculum cannot quietly regress: it loads cleanly, every lesson meets the
//! minimums of a complete lesson and is on a journey, every answer cites a source with a
//! URL, no two statements say nearly the same thing, the required comparisons and journeys
//! exist, and the Backup Codes lesson carries every fact of the reference text.

use lexicon::content::{Body, Entry, Level, LoadReport, load_bundled};

fn bundled() -> LoadReport {
    load_bundled()
}

/// The rest of a bundled lesson, which is held in memory.
fn body(entry: &Entry) -> &Body {
    entry.held_body().expect("bundled lessons are held in memory")
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Every piece of lesson text, lowercased, with wiki-link brackets removed so phrases read
/// as a reader sees them.
fn lesson_text(entry: &Entry) -> String {
    let mut text = vec![entry.definition.clone(), body(entry).analysis.clone()];
    for faq in &body(entry).faqs {
        text.push(faq.question.clone());
        text.push(faq.answer.clone());
    }
    for m in &body(entry).misconceptions {
        text.extend([m.myth.clone(), m.fact.clone(), m.explanation.clone()]);
    }
    for comparison in &body(entry).compare {
        for point in &comparison.points {
            text.extend([point.aspect.clone(), point.this.clone(), point.that.clone()]);
        }
    }
    let joined = text.join("\n").to_lowercase();
    // `[[id|label]]` reads as its label, `[[id]]` as the id's words.
    let mut plain = String::new();
    let mut rest = joined.as_str();
    while let Some(start) = rest.find("[[") {
        plain.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("]]") else { break };
        let inner = &rest[start + 2..start + end];
        plain.push_str(inner.rsplit('|').next().unwrap_or(inner).replace('-', " ").as_str());
        rest = &rest[start + end + 2..];
    }
    plain.push_str(rest);
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Non-empty, ends with a full stop (or ? or !), and has no sentence break inside: no
/// terminator followed by a space and a capital letter.
fn is_one_sentence(text: &str) -> bool {
    let text = text.trim();
    let chars: Vec<char> = text.chars().collect();
    let breaks = chars
        .windows(3)
        .filter(|w| matches!(w[0], '.' | '?' | '!') && w[1] == ' ' && w[2].is_uppercase())
        .count();
    !text.is_empty() && text.ends_with(['.', '?', '!']) && breaks == 0
}

#[test]
fn bundled_content_checks_clean() {
    let report = bundled();
    let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "lexicon check must print no errors and no warnings:\n{}",
        problems.join("\n")
    );
    assert_eq!(report.skipped_files, 0);
}

#[test]
fn at_least_fifty_six_terms_across_all_levels() {
    let report = bundled();
    let entries = report.library.entries();
    assert!(entries.len() >= 56, "only {} terms", entries.len());
    for level in Level::ALL {
        let count = entries.iter().filter(|e| e.level == level).count();
        // An honest spread: no level holds fewer than a fifth of the terms.
        assert!(
            count * 5 >= entries.len(),
            "only {count} {level} terms of {}",
            entries.len()
        );
    }
}

#[test]
fn every_lesson_is_complete() {
    let report = bundled();
    let mut failures = Vec::new();
    for entry in report.library.entries() {
        let analysis = words(&body(entry).analysis);
        if !(150..=450).contains(&analysis) {
            failures.push(format!("{}: analysis has {analysis} words (150 to 450)", entry.id));
        }
        if !body(entry).analysis.contains("[[") {
            failures.push(format!("{}: analysis has no wiki links", entry.id));
        }
        if body(entry).faqs.len() < 3 {
            failures.push(format!(
                "{}: {} frequent questions (at least 3)",
                entry.id,
                body(entry).faqs.len()
            ));
        }
        if body(entry).misconceptions.len() < 2 {
            failures.push(format!(
                "{}: {} misconceptions (at least 2)",
                entry.id,
                body(entry).misconceptions.len()
            ));
        }
        for (index, m) in body(entry).misconceptions.iter().enumerate() {
            for (side, sentence) in [("myth", &m.myth), ("fact", &m.fact)] {
                if !is_one_sentence(sentence) {
                    failures.push(format!(
                        "{}: misconception {index} {side} is not one sentence: {sentence}",
                        entry.id
                    ));
                }
            }
            if m.explanation.trim().is_empty() {
                failures.push(format!("{}: misconception {index} has no explanation", entry.id));
            }
        }
        if body(entry).sources.is_empty() {
            failures.push(format!("{}: no sources", entry.id));
        }
        if entry.related.is_empty() {
            failures.push(format!("{}: no related terms", entry.id));
        }
        if entry.definition.trim().is_empty() {
            failures.push(format!("{}: no definition", entry.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_commonly_confused_pairs_are_compared() {
    let report = bundled();
    let library = &report.library;
    for (a, b) in [
        ("backup-codes", "recovery-phrase"),
        ("totp", "hotp"),
        ("sms-codes", "authenticator-app"),
        ("passkeys", "password-manager"),
        ("custodial-wallet", "self-custody-wallet"),
    ] {
        let compared = |x: &str, y: &str| {
            library
                .get(x)
                .is_some_and(|e| body(e).compare.iter().any(|c| c.with == y && c.points.len() >= 3))
        };
        assert!(compared(a, b) || compared(b, a), "no comparison of {a} with {b}");
    }
}

#[test]
fn seven_journeys_of_six_to_ten_steps() {
    let report = bundled();
    let journeys = report.library.journeys();
    for id in [
        "account-security-fundamentals",
        "two-factor-authentication-in-depth",
        "when-you-lose-access",
        "self-custody-keys",
        "phishing-resistant-sign-in",
        "crypto-wallet-threats",
        "how-accounts-are-taken-over",
    ] {
        let journey = journeys
            .iter()
            .find(|j| j.id == id)
            .unwrap_or_else(|| panic!("journey {id} is missing"));
        assert!(
            (6..=10).contains(&journey.steps.len()),
            "{id} has {} steps",
            journey.steps.len()
        );
        assert!(!journey.description.is_empty(), "{id} has no description");
    }
}

#[test]
fn backup_codes_carries_the_reference_facts() {
    let report = bundled();
    let entry = report.library.get("backup-codes").expect("the Backup Codes lesson");
    let text = lesson_text(entry);
    // Each fact of the reference text, by key phrases a careful reader would find.
    let facts: &[(&str, &[&str])] = &[
        ("single use", &["only once", "single-use"]),
        ("issued at 2FA setup", &["when you set up two-factor authentication"]),
        ("platform-specific", &["only for the platform that issued them"]),
        ("account access only", &["account access"]),
        ("not a recovery phrase", &["not a recovery phrase"]),
        ("the same authority as the primary factor", &["same authority"]),
        ("stored on paper", &["on paper"]),
        ("in separate places", &["separate places"]),
        ("away from the 2FA device", &["away from your 2fa device"]),
        ("with discreet labels", &["discreet label"]),
        (
            "a password manager alone is a single point of failure",
            &["password manager", "single point of failure"],
        ),
        ("regenerate after use", &["regenerate"]),
        ("losing both: identity verification", &["identity verification"]),
        ("losing both: it can take weeks", &["weeks"]),
        ("losing both: fast-recovery offers are scams", &["scam"]),
        // What the seed adds beyond the basics.
        ("check the copies, but a test spends a code", &["spends one"]),
        ("when locked out, stop guessing", &["guess", "lock"]),
        ("keep a record of account details", &["recent transactions"]),
        ("large holdings: custody or insurance", &["custody", "insurance"]),
        (
            "never screenshot; a digital copy encrypted and offline",
            &["screenshot", "encrypted", "offline"],
        ),
        ("never share them just in case", &["just in case"]),
        (
            "the identity checks",
            &["proof of address", "selfie", "handwritten", "notarised"],
        ),
        ("a copy with a trusted relative", &["relative"]),
        (
            "a password manager can be robbed",
            &["phished master password", "malware"],
        ),
    ];
    let mut missing = Vec::new();
    for (fact, phrases) in facts {
        for phrase in *phrases {
            if !text.contains(phrase) {
                missing.push(format!("{fact}: `{phrase}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the Backup Codes lesson lacks:\n{}",
        missing.join("\n")
    );
    // The seed's three questions and three misconceptions, at least.
    assert!(body(entry).faqs.len() >= 3 && body(entry).misconceptions.len() >= 3);
    assert!(body(entry).compare.iter().any(|c| c.with == "recovery-phrase"));
    // As the seed's semantic map has it.
    for related in ["authentication", "security"] {
        assert!(
            entry.related.iter().any(|id| id == related),
            "Backup Codes is related to {related}"
        );
    }
}

#[test]
fn every_lesson_is_on_a_journey_and_newcomers_meet_no_advanced_step_early() {
    let report = bundled();
    let library = &report.library;
    let on_a_journey: std::collections::HashSet<&str> = library
        .journeys()
        .iter()
        .flat_map(|journey| journey.steps.iter().map(String::as_str))
        .collect();
    let off: Vec<&str> = library
        .entries()
        .iter()
        .map(|entry| entry.id.as_str())
        .filter(|id| !on_a_journey.contains(id))
        .collect();
    assert!(off.is_empty(), "on no journey: {off:?}");
    let first = library
        .journey("when-you-lose-access")
        .expect("the journey newcomers meet first");
    for step in first.steps.iter().take(3) {
        let entry = library.get(step).expect("a step names a lesson");
        assert_ne!(
            entry.level,
            Level::Advanced,
            "{step} is advanced, early in {}",
            first.id
        );
    }
}

/// Every answer can be checked: each misconception cites one of its lesson's sources, and
/// every source links to the document itself.
#[test]
fn every_answer_cites_a_source_with_a_url() {
    let report = bundled();
    let mut failures = Vec::new();
    for entry in report.library.entries() {
        let body = body(entry);
        for (index, misconception) in body.misconceptions.iter().enumerate() {
            match &misconception.source {
                None => failures.push(format!("{}: misconception {index} cites no source", entry.id)),
                Some(cited)
                    if !body
                        .sources
                        .iter()
                        .any(|source| source.title.eq_ignore_ascii_case(cited)) =>
                {
                    failures.push(format!(
                        "{}: misconception {index} cites `{cited}`, not one of its sources",
                        entry.id
                    ));
                }
                Some(_) => {}
            }
        }
        for source in &body.sources {
            let url = source.url.as_deref().unwrap_or_default();
            if !url.starts_with("https://") {
                failures.push(format!("{}: `{}` has no https URL", entry.id, source.title));
            }
            if source.title.to_lowercase().contains("secondary") {
                failures.push(format!("{}: `{}` is secondary reporting", entry.id, source.title));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each fact has one home: no two statements of different misconceptions, anywhere in the
/// curriculum, are near-duplicates once case and punctuation are set aside.
#[test]
fn no_two_statements_are_near_duplicates() {
    const MOST_ALIKE: f64 = 0.6;
    let report = bundled();
    let normalized = |text: &str| -> String {
        let kept: String = text
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // (the misconception, the statement)
    let mut statements = Vec::new();
    for entry in report.library.entries() {
        for (index, misconception) in body(entry).misconceptions.iter().enumerate() {
            let key = format!("{}#{index}", entry.id);
            statements.push((key.clone(), normalized(&misconception.myth)));
            statements.push((key, normalized(&misconception.fact)));
        }
    }
    let mut alike = Vec::new();
    for (at, (a_key, a)) in statements.iter().enumerate() {
        for (b_key, b) in &statements[at + 1..] {
            // The distance is at least the difference in length: a cheap way out.
            let longer = a.chars().count().max(b.chars().count()) as f64;
            if a.chars().count().abs_diff(b.chars().count()) as f64 > (1.0 - MOST_ALIKE) * longer {
                continue;
            }
            let similarity = strsim::normalized_levenshtein(a, b);
            if a_key != b_key && similarity >= MOST_ALIKE {
                alike.push(format!("{a_key} and {b_key} ({similarity:.2}):\n  {a}\n  {b}"));
            }
        }
    }
    assert!(alike.is_empty(), "near-duplicate statements:\n{}", alike.join("\n"));
}
