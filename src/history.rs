//! Back and forward, like a browser.
//!
//! Modelled on helix's jump list: visiting a new place drops the forward entries, the back
//! stack is capped so a long session cannot grow it without bound, and going back then
//! forward returns exactly where you were (the caller stores scroll positions in `T`).

/// How many places the back stack keeps.
pub const DEFAULT_CAPACITY: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<T> {
    back: Vec<T>,
    forward: Vec<T>,
    capacity: usize,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            back: Vec::new(),
            forward: Vec::new(),
            capacity: DEFAULT_CAPACITY,
        }
    }
}

impl<T> History<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        History {
            back: Vec::new(),
            forward: Vec::new(),
            capacity: capacity.max(1),
        }
    }

    /// Records `current` as the place being left for a new one.
    pub fn visit(&mut self, current: T) {
        self.forward.clear();
        self.back.push(current);
        if self.back.len() > self.capacity {
            self.back.remove(0);
        }
    }

    /// Goes back: `current` moves onto the forward stack and the previous place is returned.
    pub fn back(&mut self, current: T) -> Option<T> {
        let previous = self.back.pop()?;
        self.forward.push(current);
        Some(previous)
    }

    /// Goes forward again after [`History::back`].
    pub fn forward(&mut self, current: T) -> Option<T> {
        let next = self.forward.pop()?;
        self.back.push(current);
        Some(next)
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    /// The places behind the current one, oldest first (for a breadcrumb).
    pub fn trail(&self) -> &[T] {
        &self.back
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward_return_the_same_places() {
        let mut history = History::default();
        history.visit("home");
        history.visit("backup-codes");
        // now at "2fa"
        assert_eq!(history.back("2fa"), Some("backup-codes"));
        assert_eq!(history.back("backup-codes"), Some("home"));
        assert_eq!(history.back("home"), None);
        assert_eq!(history.forward("home"), Some("backup-codes"));
        assert_eq!(history.forward("backup-codes"), Some("2fa"));
        assert_eq!(history.forward("2fa"), None);
    }

    #[test]
    fn visiting_drops_the_forward_stack() {
        let mut history = History::default();
        history.visit(1);
        assert_eq!(history.back(2), Some(1));
        assert!(history.can_go_forward());
        history.visit(1);
        assert!(!history.can_go_forward());
    }

    #[test]
    fn capacity_drops_the_oldest() {
        let mut history = History::with_capacity(2);
        history.visit(1);
        history.visit(2);
        history.visit(3);
        assert_eq!(history.trail(), &[2, 3]);
    }
}
