//! The benchmark name filter given on the command line, shared by the benchmarks, so that
//! expensive set-up (generating a corpus, building a library, timing a pilot load) is skipped
//! for benchmarks that will not run. Criterion treats the filter as a regex; a filter with
//! regex syntax here counts as matching everything, which only costs set-up time.

/// The filter, and whether the run only tests the benchmarks (`cargo test --benches`,
/// `cargo bench -- --test`), in which case extra passes are skipped.
pub struct Filter {
    pattern: Option<String>,
    pub test_mode: bool,
}

impl Filter {
    pub fn from_args() -> Filter {
        const VALUED: [&str; 16] = [
            "--color",
            "--save-baseline",
            "--baseline",
            "--baseline-lenient",
            "--format",
            "--profile-time",
            "--load-baseline",
            "--sample-size",
            "--warm-up-time",
            "--measurement-time",
            "--nresamples",
            "--noise-threshold",
            "--confidence-level",
            "--significance-level",
            "--plotting-backend",
            "--output-format",
        ];
        let args: Vec<String> = std::env::args().skip(1).collect();
        // `cargo test --benches` passes no --bench; `cargo bench -- --test` passes both.
        let test_mode = !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test" || a == "--list");
        let mut pattern = None;
        let mut iter = args.into_iter();
        while let Some(arg) = iter.next() {
            if VALUED.contains(&arg.as_str()) || ["-c", "-s", "-b"].contains(&arg.as_str()) {
                iter.next();
            } else if !arg.starts_with('-') {
                pattern = Some(arg);
                break;
            }
        }
        Filter { pattern, test_mode }
    }

    pub fn wants(&self, id: &str) -> bool {
        match &self.pattern {
            None => true,
            Some(filter) if filter.contains(|c: char| "^$.*+?()[]{}|\\".contains(c)) => true,
            Some(filter) => id.contains(filter.as_str()),
        }
    }
}
