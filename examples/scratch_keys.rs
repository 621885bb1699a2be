use lexicon::search::{SearchIndex, Searcher};
use std::time::Instant;
fn main() {
    let report = lexicon::content::loader::load(
        lexicon::content::loader::read_folder(std::path::Path::new("target/bench-corpus/30000")).unwrap(),
    );
    let library = report.library;
    let index = SearchIndex::new(&library);
    for (base, next) in [
        ("recov", "recove"),
        ("reco", "recov"),
        ("p", "ph"),
        ("phi", "phis"),
        ("se", "see"),
        ("r", "re"),
    ] {
        let mut times = Vec::new();
        let mut info = String::new();
        for _ in 0..30 {
            let mut s = Searcher::new();
            for end in 1..=base.len() {
                s.search(&index, &base[..end]);
            }
            let t = Instant::now();
            let r = s.search(&index, next);
            times.push(t.elapsed().as_secs_f64() * 1e3);
            let by_def = r.ranked().iter().filter(|h| h.by_definition()).count();
            info = format!(
                "{} matched, {} ranked, {} ranked by definition",
                r.len(),
                r.ranked().len(),
                by_def
            );
        }
        times.sort_by(f64::total_cmp);
        println!("{base} -> {next}: {:.2} ms median; {info}", times[15]);
    }
}
