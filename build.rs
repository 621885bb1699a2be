//! Rebuilds the crate when any bundled content file changes, so the lessons compiled into
//! the binary (with include_dir) are never stale.
fn main() {
    println!("cargo:rerun-if-changed=content");
}
