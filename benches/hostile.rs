//! Loading the adversarial folders of issue 16, each at two sizes, to show that a load costs
//! time linear in the bytes and references a folder holds.
//!
//! - `hostile/flow-seq/B`, `hostile/flow-map/B`: one file of B bytes nested as deep as it
//!   fits (`[[[…` and `{a: {a: …`), refused by the flow pre-scan before the YAML parser;
//! - `hostile/flow-seq-64/B`: one file of B bytes of flow sequences 64 deep, the deepest the
//!   pre-scan lets through: the parser's own work;
//! - `hostile/block-seq/B`, `hostile/block-map/B`: block nesting, `- - - …` on one line and
//!   `a:` indented one more space a line;
//! - `hostile/one-way/N`: N terms and a hub whose `related` lists them all, one way (just
//!   under 1 MiB at 10,000);
//! - `hostile/mesh/N`: N terms, each related to every other (N (N - 1) links);
//! - `hostile/hub/N`: N terms each related to one hub; `hostile/hub-aliases/N` the same,
//!   the hub with N aliases;
//! - `hostile/keys/B`: one file of B bytes naming `title` twice, then as many other
//!   top-level keys as fit (the parser's error is placed by a scan that sees them all);
//! - `hostile/links/N`, `hostile/steps/N`, `hostile/compare/N`: N terms and one term linking
//!   to each, one journey stepping through each, one term compared with each.
//!
//! Each load is `content::load` on the files held in memory (copied for each run, outside the
//! timing), so disk and the page cache play no part. The shapes come from
//! `examples/gen_hostile.rs`, which writes the same folders for `lexicon check`.
//!
//! Run with `cargo bench --bench hostile`, or `cargo bench --bench hostile -- mesh` for one.

#[allow(dead_code)]
#[path = "../examples/gen_hostile.rs"]
mod gen_hostile;

use criterion::{BatchSize, Criterion, SamplingMode};
use gen_hostile::JUST_UNDER_1_MIB;
use lexicon::content::loader::FileKind;
use lexicon::content::{self, SourceFile};
use std::cell::LazyCell;
use std::time::Duration;

/// Each shape and its two sizes (bytes for the single-file shapes, entries for the rest).
const SHAPES: [(&str, [usize; 2]); 14] = [
    ("flow-seq", [JUST_UNDER_1_MIB / 2, JUST_UNDER_1_MIB]),
    ("flow-map", [JUST_UNDER_1_MIB / 2, JUST_UNDER_1_MIB]),
    ("flow-seq-64", [JUST_UNDER_1_MIB / 2, JUST_UNDER_1_MIB]),
    ("block-seq", [JUST_UNDER_1_MIB / 2, JUST_UNDER_1_MIB]),
    ("block-map", [JUST_UNDER_1_MIB / 2, JUST_UNDER_1_MIB]),
    ("one-way", [5_000, 10_000]),
    ("mesh", [1_000, 2_000]),
    ("hub", [50_000, 100_000]),
    ("hub-aliases", [10_000, 20_000]),
    ("keys", [JUST_UNDER_1_MIB / 2, JUST_UNDER_1_MIB]),
    ("links", [10_000, 20_000]),
    ("links-flow", [10_000, 20_000]),
    ("steps", [10_000, 20_000]),
    ("compare", [10_000, 20_000]),
];

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    for (shape, sizes) in SHAPES {
        let mut group = criterion.benchmark_group(format!("hostile/{shape}"));
        // Loads run from a fraction of a millisecond to seconds: ten samples of at least one
        // load each, and more loads a sample while they fit in the time.
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for size in sizes {
            // Made only if criterion runs the benchmark, which its filter decides.
            let files = LazyCell::new(|| source_files(shape, size));
            group.bench_function(size.to_string(), |b| {
                let files = LazyCell::force(&files);
                b.iter_batched(|| files.clone(), content::load, BatchSize::PerIteration)
            });
        }
        group.finish();
    }
    criterion.final_summary();
}

/// The shape's files, in memory, as the loader takes them.
fn source_files(shape: &str, size: usize) -> Vec<SourceFile> {
    gen_hostile::shape_files(shape, size)
        .expect("a known shape")
        .into_iter()
        .map(|(path, text)| {
            let kind = if path.starts_with("journeys") {
                FileKind::Journey
            } else {
                FileKind::Term
            };
            SourceFile::in_memory(path.display().to_string(), kind, text.into_bytes())
        })
        .collect()
}
