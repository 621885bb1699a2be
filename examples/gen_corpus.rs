//! Writes a synthetic content folder for benchmarks and load tests.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- N DIR [SEED]
//! ```
//!
//! writes `N` entries to `DIR/terms/<id>.yaml` and a few journeys to `DIR/journeys/`. The
//! output is a pure function of `N` and `SEED` (default 1): the same arguments give the same
//! bytes. Each entry is about 3 KB with every field filled: two aliases, level, tags, a
//! verified date, a definition, an analysis with `[[wiki links]]` to other generated entries,
//! three frequent questions, two misconceptions (each citing one of the sources), a reciprocal `related` list, a comparison on
//! about one entry in five, and sources. Every link resolves and every entry is linked from
//! somewhere, so `lexicon check --content DIR` reports no errors and no warnings.
//!
//! The benchmarks in `benches/` include this file as a module (`corpus_files`, `ensure`), so
//! the corpus they measure is exactly the one this command writes.
//!
//! `DIR` must be new, empty, or a folder this command wrote before (it leaves a
//! `.gen_corpus` marker); in the last case its old files are replaced.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Bump when the output format changes, so cached corpora are regenerated.
pub const GENERATOR_VERSION: u32 = 2;
const MARKER: &str = ".gen_corpus";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus N DIR [SEED]";
    let (Some(n), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("gen_corpus: N must be a whole number, not `{n}`\n{usage}");
        std::process::exit(2);
    };
    let seed = match args.get(2).map(|seed| seed.parse::<u64>()) {
        None => 1,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("gen_corpus: SEED must be a whole number\n{usage}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    match write_corpus(n, Path::new(dir), seed) {
        Ok(bytes) => eprintln!(
            "gen_corpus: wrote {n} entries ({bytes} bytes of YAML, seed {seed}) to {dir} in {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        Err(error) => {
            eprintln!("gen_corpus: {error}");
            std::process::exit(1);
        }
    }
}

/// Generates the corpus into `dir` unless it already holds the same one (same `n`, `seed`
/// and generator version). Returns whether it generated.
pub fn ensure(n: usize, dir: &Path, seed: u64) -> io::Result<bool> {
    if std::fs::read_to_string(dir.join(MARKER)).ok().as_deref() == Some(marker_text(n, seed).as_str()) {
        return Ok(false);
    }
    write_corpus(n, dir, seed)?;
    Ok(true)
}

fn marker_text(n: usize, seed: u64) -> String {
    format!("gen_corpus v{GENERATOR_VERSION} n={n} seed={seed}\n")
}

/// Writes the corpus and returns the number of YAML bytes written.
pub fn write_corpus(n: usize, dir: &Path, seed: u64) -> io::Result<u64> {
    prepare_dir(dir)?;
    let mut total = 0;
    for (path, text) in corpus_files(n, seed) {
        let path = dir.join(path);
        std::fs::write(&path, &text)?;
        total += text.len() as u64;
    }
    // The marker goes last, so an interrupted run is regenerated next time.
    std::fs::write(dir.join(MARKER), marker_text(n, seed))?;
    Ok(total)
}

/// Creates `dir/terms` and `dir/journeys`, removing the YAML files of an earlier run. Refuses
/// a folder that holds content this command did not write.
fn prepare_dir(dir: &Path) -> io::Result<()> {
    let ours = dir.join(MARKER).is_file();
    for sub in ["terms", "journeys"] {
        let sub = dir.join(sub);
        if sub.is_dir() {
            for item in std::fs::read_dir(&sub)? {
                let path = item?.path();
                if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
                    if !ours {
                        return Err(io::Error::new(
                            io::ErrorKind::AlreadyExists,
                            format!(
                                "{} already holds content that gen_corpus did not write; choose a new or empty folder",
                                dir.display()
                            ),
                        ));
                    }
                    std::fs::remove_file(&path)?;
                }
            }
        }
        std::fs::create_dir_all(&sub)?;
    }
    let _ = std::fs::remove_file(dir.join(MARKER));
    Ok(())
}

/// The corpus as (path relative to the content folder, YAML text), terms first, then
/// journeys, each sorted by path.
pub fn corpus_files(n: usize, seed: u64) -> Vec<(PathBuf, String)> {
    let mut rng = Rng::new(seed);
    let terms = make_terms(n, &mut rng);
    let mut files: Vec<(PathBuf, String)> = terms
        .iter()
        .enumerate()
        .map(|(index, term)| {
            // Each entry's text has its own stream, so it does not depend on the others.
            let mut rng = Rng::new(seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            (
                PathBuf::from("terms").join(format!("{}.yaml", term.id)),
                entry_yaml(index, &terms, &mut rng),
            )
        })
        .collect();
    files.extend(journeys(&terms, &mut rng));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// SplitMix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1A4_F87B)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// `count` distinct indices of `0..n`, in the order drawn.
    fn distinct(&mut self, count: usize, n: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(count);
        while out.len() < count.min(n) {
            let candidate = self.below(n);
            if !out.contains(&candidate) {
                out.push(candidate);
            }
        }
        out
    }
}

const PREFIXES: &[&str] = &[
    "Delegated",
    "Hardware-Bound",
    "Ephemeral",
    "Offline",
    "Device-Bound",
    "Threshold",
    "Phishing-Resistant",
    "Time-Based",
    "Out-of-Band",
    "Multi-Party",
    "Remote",
    "Cold",
    "Custodial",
    "Federated",
    "Step-Up",
    "Adaptive",
    "Passwordless",
    "Biometric",
    "Encrypted",
    "Shared",
    "Single-Use",
    "Long-Lived",
    "Zero-Knowledge",
    "Split",
    "Signed",
    "Revocable",
    "Backup",
    "Primary",
    "Emergency",
    "Deterministic",
    "Hierarchical",
    "Air-Gapped",
    "Sealed",
    "Attested",
    "Rotating",
    "Scoped",
    "Trusted",
    "Verified",
    "Anonymous",
    "Pinned",
    "Hosted",
    "Managed",
    "Self-Hosted",
    "Privileged",
    "Guest",
    "Social",
    "Passive",
    "Continuous",
    "Inherited",
    "Synced",
];

const CORES: &[&str] = &[
    "Token",
    "Key",
    "Passcode",
    "Credential",
    "Factor",
    "Seed",
    "Vault",
    "Certificate",
    "Signature",
    "Challenge",
    "Enrollment",
    "Attestation",
    "Lockout",
    "Wallet",
    "Secret",
    "Passphrase",
    "Authenticator",
    "Identity",
    "Account",
    "Device",
    "Login",
    "Cookie",
    "Nonce",
    "Hash",
    "Salt",
    "Keystore",
    "Keychain",
    "Enclave",
    "Smartcard",
    "Approval",
    "Consent",
    "Session",
    "Password",
    "PIN",
    "Passkey",
    "Mnemonic",
    "Shard",
    "Envelope",
    "Badge",
    "Ticket",
    "Grant",
    "Claim",
    "Assertion",
    "Realm",
    "Tenant",
    "Profile",
    "Mailbox",
    "Phone Number",
    "Recovery Email",
    "Access Code",
];

const SUFFIXES: &[&str] = &[
    "Rotation",
    "Escrow",
    "Policy",
    "Attack",
    "Protocol",
    "Store",
    "Check",
    "Code",
    "List",
    "Flow",
    "Window",
    "Limit",
    "Audit",
    "Ceremony",
    "Reset",
    "Prompt",
    "Registry",
    "Fallback",
    "Quorum",
    "Derivation",
    "Export",
    "Pinning",
    "Scope",
    "Lease",
    "Renewal",
    "Revocation",
    "Backup",
    "Verification",
    "Migration",
    "Sharing",
    "Recovery",
    "Expiry",
    "Storage",
    "Theft",
    "Leak",
    "Replay",
    "Downgrade",
    "Fatigue",
    "Takeover",
    "Hijacking",
    "Spoofing",
    "Cloning",
    "Exposure",
    "Inventory",
    "Hygiene",
    "Lifecycle",
    "Handoff",
    "Delegation",
    "Baseline",
    "Binding",
];

const TAGS: &[&str] = &[
    "fundamentals",
    "2fa",
    "recovery",
    "wallets",
    "keys",
    "phishing",
    "passwords",
    "privacy",
    "custody",
    "devices",
    "enterprise",
    "standards",
    "attacks",
    "hygiene",
    "sessions",
    "identity",
    "backups",
    "cryptography",
    "compliance",
    "mobile",
    "browsers",
    "exchanges",
    "hardware",
    "social-engineering",
];

struct Term {
    id: String,
    title: String,
    /// Index-style alias, "Token Rotation, delegated", and a short code, "DTR-1042".
    aliases: [String; 2],
    prefix: &'static str,
    core: &'static str,
    suffix: &'static str,
    level: &'static str,
    tags: Vec<&'static str>,
    /// Indices of related terms; the relation is symmetric.
    related: Vec<usize>,
    /// A term this one carries a comparison with.
    compare: Option<usize>,
}

fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn acronym(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|word| word.split(['-', ' ']))
        .filter_map(|part| part.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn make_terms(n: usize, rng: &mut Rng) -> Vec<Term> {
    let mut used_titles: HashSet<String> = HashSet::with_capacity(n);
    let mut terms = Vec::with_capacity(n);
    for index in 0..n {
        // Draw a fresh combination; once the space gets crowded, number the title instead.
        let mut attempt = 0;
        let (prefix, core, suffix, title) = loop {
            let (prefix, core, suffix) = (*rng.pick(PREFIXES), *rng.pick(CORES), *rng.pick(SUFFIXES));
            let mut title = format!("{prefix} {core} {suffix}");
            if attempt >= 16 {
                let mut edition = 2;
                while used_titles.contains(&format!("{title} {edition}").to_lowercase()) {
                    edition += 1;
                }
                title = format!("{title} {edition}");
            }
            attempt += 1;
            if used_titles.insert(title.to_lowercase()) {
                break (prefix, core, suffix, title);
            }
        };
        let level = match rng.below(10) {
            0..=3 => "beginner",
            4..=7 => "intermediate",
            _ => "advanced",
        };
        let tag_count = 2 + rng.below(3);
        let tags = rng
            .distinct(tag_count, TAGS.len())
            .into_iter()
            .map(|i| TAGS[i])
            .collect();
        let edition = title.strip_prefix(&format!("{prefix} {core} {suffix}")).unwrap_or("");
        terms.push(Term {
            id: slug(&title),
            aliases: [
                format!("{core} {suffix}{edition}, {}", prefix.to_lowercase()),
                format!("{}-{}", acronym(&[prefix, core, suffix]), 1000 + index),
            ],
            title,
            prefix,
            core,
            suffix,
            level,
            tags,
            related: Vec::new(),
            compare: None,
        });
    }
    // Each term picks two partners; the relation is kept symmetric, so every `related` link
    // is returned and every term is linked from at least one other.
    if n >= 2 {
        for index in 0..n {
            for _ in 0..2 {
                let mut other = rng.below(n - 1);
                if other >= index {
                    other += 1;
                }
                if !terms[index].related.contains(&other) {
                    terms[index].related.push(other);
                    terms[other].related.push(index);
                }
            }
        }
    }
    for index in 0..n {
        if terms[index].related.is_empty() || !rng.chance(20) {
            continue;
        }
        let other = *rng.pick(&terms[index].related);
        if terms[other].compare != Some(index) {
            terms[index].compare = Some(other);
        }
    }
    terms
}

/// Fills `{name}` placeholders. `{L}` takes the next link from `links`, cycling.
fn fill(template: &str, term: &Term, links: &[String], next_link: &mut usize, extra: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + length];
        match name {
            "T" => out.push_str(&term.title),
            "t" => out.push_str(&term.title.to_lowercase()),
            "prefix" => out.push_str(&term.prefix.to_lowercase()),
            "core" => out.push_str(&term.core.to_lowercase()),
            "suffix" => out.push_str(&term.suffix.to_lowercase()),
            "L" => {
                if links.is_empty() {
                    out.push_str("a related term");
                } else {
                    out.push_str(&links[*next_link % links.len()]);
                    *next_link += 1;
                }
            }
            other => match extra.iter().find(|(key, _)| *key == other) {
                Some((_, value)) => out.push_str(value),
                None => out.push_str(&rest[start..=start + length]),
            },
        }
        rest = &rest[start + length + 1..];
    }
    out.push_str(rest);
    fix_articles(&out)
}

const DEFINITIONS: &[&str] = &[
    "{T} is the way a {prefix} {core} is handled at its {suffix} step, so that the account holder \
     keeps control even when a device, a password or a service fails. It matters most at the moment \
     something goes wrong, which is also when people are least prepared to think it through.",
    "A {t} is an arrangement in which the service checks the {suffix} of a {prefix} {core} before it \
     grants access. It limits what an attacker can do with a stolen password, and it decides how \
     painful a legitimate recovery will be when the usual factor is gone.",
    "{T} describes how a {core} that is {prefix} has its {suffix} handled across devices and \
     services. Done well it is invisible to the person signing in; done badly it is the reason an \
     account is lost for good or quietly taken over.",
    "{T} is a control that ties the {suffix} of a {core} to a {prefix} setting, so a copy taken \
     from one place cannot simply be replayed somewhere else. Services adopt it to cut account \
     takeover without adding a step to every sign-in.",
    "In account security, {t} names the rules and the mechanics for the {suffix} of a {prefix} \
     {core}: who may start it, what proof is asked for, and what is left behind afterwards for an \
     audit or a dispute.",
    "{T} is a safeguard for the moment a {prefix} {core} reaches its {suffix}. It decides whether \
     the old secret stops working at once, who is told about the change, and how a person proves \
     they are the owner before anything is issued again.",
];

const PARAGRAPHS: &[&str] = &[
    "Most problems with {t} start long before anyone notices them. A {core} set up in a hurry \
     and never tested works every day until the day it is needed for {suffix}. {L} covers the \
     same trap from another side.",
    "The attacker's view is simpler than the defender's. If anyone who knows an email address \
     can start the {suffix}, the {prefix} part of the design buys very little. Compare {L}, where \
     the proof comes from something the owner holds.",
    "Services differ in how strict they are. Some accept the {core} only from an enrolled \
     device; others fall back to a code sent by SMS, which brings back the risks described in \
     {L}.",
    "Write down, on paper, what you would do if the {core} were lost tomorrow: which account it \
     protects, where the backup lives, whom to contact. People who do this recover in hours; \
     others spend weeks in {L} queues.",
    "Standards describe {t} in terms of assurance: how sure the service can be that the person \
     completing the {suffix} is the one who enrolled. More assurance means more friction, which \
     is why {L} and {L} are often offered side by side.",
    "For organisations the question is scale. One {prefix} {core} is easy to look after; ten \
     thousand need an inventory, a schedule for {suffix} and alerts, as with {L}.",
    "Most real incidents involving {t} start with a person being persuaded to do something. A \
     convincing message asking someone to confirm a {core} is the opening move of many attacks \
     described under {L}.",
    "Nothing about {t} is permanent. Devices are replaced and providers retire old methods, so \
     last year's {suffix} arrangements deserve a second look, alongside {L}.",
    "The cost of getting {t} wrong is uneven. Locking the owner out is usually recoverable; \
     letting someone else in can be final, especially where a wallet is involved, as {L} shows.",
    "Where the {core} lives matters as much as how strong it is. A secret in a secure element \
     cannot be copied by malware; one in a synced note can be read anywhere the account is \
     signed in. {L} walks through the trade-offs.",
];

const BULLETS: &[&str] = &[
    "**Test it before you need it.** Try the {suffix} path once while everything still works, so the \
     first attempt is not made under pressure.",
    "**Keep two copies in two places.** One copy of a {core} is a single point of failure; see {L}.",
    "**Know what it unlocks.** A {prefix} {core} may open one account or many, and that decides how \
     carefully it is stored.",
    "**Expect the provider to change it.** Methods are retired and limits tighten, so note when you \
     last checked the settings.",
    "**Never read it out to support.** Genuine staff do not need the {core} itself to help you, as \
     explained in {L}.",
    "**Watch the notifications.** An unexpected message about {suffix} is the earliest warning that \
     someone else is trying.",
    "**Write down the order of steps.** In a stressful moment a short checklist beats memory.",
    "**Prefer methods bound to a device.** They resist replay far better than codes that can be \
     typed anywhere, as {L} describes.",
];

/// (question, answer) pairs.
const FAQS: &[(&str, &str)] = &[
    (
        "What happens if I lose the {core}?",
        "Use the backup you prepared, sign in, and set up {t} again from a trusted device. \
         Without a backup you face the provider's recovery process, described in {L}.",
    ),
    (
        "Is {t} worth setting up for a personal account?",
        "Yes, for any account that would hurt to lose: email, banking, an exchange or a password \
         manager. Those accounts reset everything else; start with the ones listed in {L}.",
    ),
    (
        "How often should the {core} be replaced?",
        "When something changes: a lost device, a suspected leak, or a person leaving a shared \
         account. Replacing it on a calendar helps less than people expect.",
    ),
    (
        "Can support staff complete the {suffix} for me?",
        "Sometimes, after checks, but they never need the {core} itself or a code you received. \
         Anyone who asks for one is running a scam, as {L} explains.",
    ),
    (
        "Does {t} protect against phishing?",
        "Only partly. It helps when the proof is bound to the real site, as with {L}; codes a \
         person can type anywhere can still be relayed by a fake page.",
    ),
    (
        "Where should I keep the backup?",
        "Offline, in a place separate from your everyday device, with a label that does not name \
         the account. A second copy in a safe covers fire and theft.",
    ),
    (
        "What is the difference between {t} and {O}?",
        "{T} is about the {suffix} of a {core}; {O} covers another step of the same account's \
         life. Many setups need both, as {L} shows.",
    ),
    (
        "Is a {prefix} {core} enough on its own?",
        "Rarely. The account is only as strong as its weakest recovery path, so check what the \
         provider accepts when the {core} is missing.",
    ),
];

/// (myth, fact, explanation) triples.
const MISCONCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "Once {t} is set up, the account cannot be taken over.",
        "{T} removes some attacks, but the recovery path can still be abused.",
        "Attackers go around strong controls. If a weaker method is still accepted for {suffix}, \
         the {core} never comes into play; see {L}.",
    ),
    (
        "A {core} stored in the cloud is always safer than one kept on paper.",
        "Paper and cloud copies fail in different ways.",
        "A cloud copy survives a fire but falls with the account that syncs it; a paper copy \
         cannot be phished but can be lost. {L} weighs the two.",
    ),
    (
        "Only large companies need to think about {t}.",
        "Individuals lose accounts to the same failures, with less help to recover.",
        "A company has an IT team; a person has a help page and a queue. That is why preparing \
         a personal {core} in advance pays off, as {L} argues.",
    ),
    (
        "If the provider sends a code, the request must be genuine.",
        "Attackers can trigger real codes and then ask the victim to read them out.",
        "The code is real; the request to share it is not. Relaying it to a caller hands over the \
         {core} step, the pattern described in {L}.",
    ),
    (
        "Changing the password is enough after a {core} is exposed.",
        "An exposed {core} has to be revoked or replaced, not just the password.",
        "Services often treat the {core} as a separate factor, so a leaked one can outlive a \
         password change. Revoke it and review sessions, as {L} describes.",
    ),
    (
        "A {prefix} method never needs a backup.",
        "Every method can be lost or broken, so each needs a tested fallback.",
        "Hardware fails and providers change their rules. Without a second route the {suffix} \
         ends in a lockout; {L} covers how to plan one.",
    ),
];

const ASPECTS: &[(&str, &str, &str)] = &[
    (
        "What it protects",
        "The {suffix} step of one {core}.",
        "A neighbouring step of the same account's life.",
    ),
    (
        "Who holds it",
        "The account owner, on an enrolled device.",
        "Usually the service, with a copy given to the owner.",
    ),
    (
        "How it fails",
        "Lost or broken hardware, or a forgotten location.",
        "Social engineering of the recovery process.",
    ),
    (
        "Recovery path",
        "A second copy prepared in advance.",
        "The provider's identity checks, which can take days.",
    ),
    (
        "Resistance to phishing",
        "Good when bound to the real site.",
        "Weak when the proof can be typed anywhere.",
    ),
    (
        "Cost to set up",
        "A few minutes and one spare device or sheet of paper.",
        "Nothing up front, paid for later in friction.",
    ),
];

const SOURCES: &[(&str, &str)] = &[
    (
        "NIST SP 800-63B-4, Digital Identity Guidelines: Authentication",
        "https://pages.nist.gov/800-63-4/sp800-63b.html",
    ),
    (
        "OWASP Authentication Cheat Sheet",
        "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html",
    ),
    (
        "OWASP Forgot Password Cheat Sheet",
        "https://cheatsheetseries.owasp.org/cheatsheets/Forgot_Password_Cheat_Sheet.html",
    ),
    (
        "RFC 6238, TOTP: Time-Based One-Time Password Algorithm",
        "https://www.rfc-editor.org/rfc/rfc6238",
    ),
    (
        "RFC 4226, HOTP: An HMAC-Based One-Time Password Algorithm",
        "https://www.rfc-editor.org/rfc/rfc4226",
    ),
    ("W3C Web Authentication, Level 3", "https://www.w3.org/TR/webauthn-3/"),
    (
        "CISA, Implementing Phishing-Resistant MFA",
        "https://www.cisa.gov/sites/default/files/publications/fact-sheet-implementing-phishing-resistant-mfa-508c.pdf",
    ),
];

/// The words of `text`, keeping each `[[wiki link]]` whole so a line break never falls
/// inside one (a link split across lines names no entry).
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split_whitespace() {
        if open && let Some(last) = out.last_mut() {
            last.push(' ');
            last.push_str(word);
        } else {
            out.push(word.to_owned());
        }
        if let Some(start) = word.rfind("[[") {
            open = !word[start..].contains("]]");
        } else if word.contains("]]") {
            open = false;
        }
    }
    out
}

/// Wraps prose at about 92 columns, each line starting with `indent`, continuation lines
/// also with `hang`.
fn wrap_into(out: &mut String, text: &str, indent: &str, hang: &str) {
    let mut line_len = 0;
    let mut first = true;
    for word in words(text) {
        if line_len > 0 && line_len + 1 + word.len() > 92 {
            out.push('\n');
            line_len = 0;
        }
        if line_len == 0 {
            out.push_str(indent);
            if !first {
                out.push_str(hang);
            }
            line_len = indent.len();
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(&word);
        line_len += word.len();
        first = false;
    }
    out.push('\n');
}

/// "a" before a vowel becomes "an" ("an air-gapped key"), for text built from word lists.
fn fix_articles(text: &str) -> String {
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (index, token) in tokens.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(token);
        let vowel_next = tokens
            .get(index + 1)
            .and_then(|next| next.chars().next())
            .is_some_and(|c| "aeiouAEIOU".contains(c));
        if (*token == "a" || *token == "A") && vowel_next {
            out.push('n');
        }
    }
    out
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn entry_yaml(index: usize, terms: &[Term], rng: &mut Rng) -> String {
    let term = &terms[index];
    // Links: every related term, then one or two terms further away.
    let mut links: Vec<String> = Vec::new();
    let mut targets: Vec<usize> = term.related.clone();
    if terms.len() > 2 {
        for _ in 0..1 + rng.below(2) {
            let other = rng.below(terms.len());
            if other != index && !targets.contains(&other) {
                targets.push(other);
            }
        }
    }
    for &target in &targets {
        let other = &terms[target];
        links.push(match rng.below(4) {
            0 => format!("[[{}]]", other.title),
            1 => format!("[[{}|{}]]", other.id, other.title.to_lowercase()),
            2 => format!("[[{}|{}]]", other.id, other.aliases[0]),
            _ => format!("[[{}]]", other.id),
        });
    }
    let mut next_link = 0;
    let partner_title = term
        .related
        .first()
        .map_or("the related term", |&i| terms[i].title.as_str());
    let extra = [("O", partner_title)];
    let text = |template: &str, next_link: &mut usize| fill(template, term, &links, next_link, &extra);

    let mut y = String::with_capacity(3600);
    let _ = writeln!(y, "id: {}", term.id);
    let _ = writeln!(y, "title: {}", quoted(&term.title));
    y.push_str("aliases:\n");
    for alias in &term.aliases {
        let _ = writeln!(y, "  - {}", quoted(alias));
    }
    let _ = writeln!(y, "level: {}", term.level);
    let _ = writeln!(y, "tags: [{}]", term.tags.join(", "));
    let _ = writeln!(
        y,
        "verified: {}-{:02}-{:02}",
        2024 + rng.below(3),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    y.push_str("definition: >-\n");
    let definition = DEFINITIONS[rng.below(DEFINITIONS.len())];
    wrap_into(&mut y, &text(definition, &mut next_link), "  ", "");

    y.push_str("analysis: |\n");
    let paragraphs = rng.distinct(2, PARAGRAPHS.len());
    for (position, &paragraph) in paragraphs.iter().enumerate() {
        wrap_into(&mut y, &text(PARAGRAPHS[paragraph], &mut next_link), "  ", "");
        y.push('\n');
        if position == 0 {
            for bullet in rng.distinct(2, BULLETS.len()) {
                wrap_into(
                    &mut y,
                    &format!("- {}", text(BULLETS[bullet], &mut next_link)),
                    "  ",
                    "  ",
                );
            }
            y.push('\n');
        }
    }
    y.pop();

    y.push_str("faqs:\n");
    for faq in rng.distinct(3, FAQS.len()) {
        let (question, answer) = FAQS[faq];
        let _ = writeln!(y, "  - question: {}", quoted(&text(question, &mut next_link)));
        y.push_str("    answer: |\n");
        wrap_into(&mut y, &text(answer, &mut next_link), "      ", "");
    }

    // Written after the sources, which each misconception cites and which are drawn later.
    let mut misconceptions = String::from("misconceptions:\n");
    for misconception in rng.distinct(2, MISCONCEPTIONS.len()) {
        let (myth, fact, explanation) = MISCONCEPTIONS[misconception];
        let _ = writeln!(misconceptions, "  - myth: {}", quoted(&text(myth, &mut next_link)));
        let _ = writeln!(misconceptions, "    fact: {}", quoted(&text(fact, &mut next_link)));
        misconceptions.push_str("    explanation: |\n");
        wrap_into(&mut misconceptions, &text(explanation, &mut next_link), "      ", "");
        misconceptions.push_str(CITATION);
    }

    if !term.related.is_empty() {
        y.push_str("related:\n");
        for &other in &term.related {
            let _ = writeln!(y, "  - {}", terms[other].id);
        }
    }

    if let Some(other) = term.compare {
        let _ = writeln!(y, "compare:\n  - with: {}\n    points:", terms[other].id);
        let aspect_count = 3 + rng.below(2);
        for aspect in rng.distinct(aspect_count, ASPECTS.len()) {
            let (name, this, that) = ASPECTS[aspect];
            let _ = writeln!(y, "      - aspect: {}", quoted(name));
            let _ = writeln!(y, "        this: {}", quoted(&text(this, &mut next_link)));
            let _ = writeln!(y, "        that: {}", quoted(&text(that, &mut next_link)));
        }
    }

    y.push_str("sources:\n");
    let source_count = 2;
    let sources = rng.distinct(source_count, SOURCES.len());
    for &source in &sources {
        let (title, url) = SOURCES[source];
        let _ = writeln!(y, "  - title: {}\n    url: {url}", quoted(title));
    }
    let cited = format!("    source: {}\n", quoted(SOURCES[sources[0]].0));
    y.push_str(&misconceptions.replace(CITATION, &cited));
    y
}

/// Where a misconception's `source:` line goes once the entry's sources are drawn.
const CITATION: &str = "\u{0}cites\u{0}\n";

/// A few journeys, each a walk along `related` links.
fn journeys(terms: &[Term], rng: &mut Rng) -> Vec<(PathBuf, String)> {
    if terms.is_empty() {
        return Vec::new();
    }
    let count = (terms.len() / 20).clamp(1, 5);
    let names = [
        ("securing-a-new-account", "Securing a new account"),
        ("when-a-device-is-lost", "When a device is lost"),
        ("keys-and-custody", "Keys and custody"),
        ("spotting-takeover-attempts", "Spotting takeover attempts"),
        ("running-security-at-scale", "Running security at scale"),
    ];
    let mut out = Vec::new();
    for &(id, title) in names.iter().take(count) {
        let mut steps: Vec<usize> = vec![rng.below(terms.len())];
        while steps.len() < 7.min(terms.len()) {
            let last = steps[steps.len() - 1];
            let next = terms[last]
                .related
                .iter()
                .copied()
                .find(|other| !steps.contains(other))
                .unwrap_or_else(|| rng.below(terms.len()));
            if !steps.contains(&next) {
                steps.push(next);
            }
        }
        let mut y = format!(
            "id: {id}\ntitle: {}\ndescription: >-\n  A guided path through {} generated lessons, for benchmarks.\nsteps:\n",
            quoted(title),
            steps.len()
        );
        for (position, &step) in steps.iter().enumerate() {
            // Steps may name a term by id or by title; use both.
            let name = if position % 3 == 2 {
                quoted(&terms[step].title)
            } else {
                terms[step].id.clone()
            };
            let _ = writeln!(y, "  - {name}");
        }
        out.push((PathBuf::from("journeys").join(format!("{id}.yaml")), y));
    }
    out
}
