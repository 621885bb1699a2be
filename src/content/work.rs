//! Counting the work of the passes over references (links, related terms, backlinks, journey
//! steps, comparisons), so that tests can hold them to linear time by counting rather than by
//! a clock: on a shared machine no timed test tells linear from quadratic reliably.
//!
//! Each of those passes walks its lists through [`counted`] (or notes a search with
//! [`visited`]); a test runs a load in `visits_during` and compares the count with the
//! number of references. Outside tests the counter does not exist and both are free.
//!
//! The count is per thread; `visits_during` runs its work on a thread of its own.

/// Notes that `items` items of a list (or bytes of a text) were looked at.
#[inline]
pub(crate) fn visited(items: usize) {
    #[cfg(test)]
    VISITS.with(|visits| visits.set(visits.get() + items as u64));
    #[cfg(not(test))]
    let _ = items;
}

/// `items`, each counted by [`visited`] as it is looked at.
#[inline]
pub(crate) fn counted<I: IntoIterator>(items: I) -> impl Iterator<Item = I::Item> {
    items.into_iter().inspect(|_| visited(1))
}

#[cfg(test)]
thread_local! {
    static VISITS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// What `work` returns, and how many items it visited. It runs on a pool of one thread, so
/// that what the loader would spread across the cores (pass 1) is counted too, and tests
/// running side by side do not count each other's work.
#[cfg(test)]
pub(crate) fn visits_during<T: Send>(work: impl FnOnce() -> T + Send) -> (T, u64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    pool.install(|| {
        let before = VISITS.with(std::cell::Cell::get);
        let value = work();
        (value, VISITS.with(std::cell::Cell::get) - before)
    })
}

#[cfg(test)]
mod tests;
