//! The budget on how far YAML aliases may expand a file, checked before the real parse.
//!
//! These are YAML's anchors and aliases (`&a` and `*a`), not an entry's `aliases` (names;
//! see `names.rs`). serde_yaml copies an aliased value each time it is read, so a small
//! file can stand for a huge one; [`check_alias_expansion`] measures what the file stands
//! for without keeping any of it, and refuses it past [`MAX_EXPANDED_BYTES`].

use super::locate::Locator;
use crate::content::diagnostic::Diagnostic;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use std::fmt;

/// How much a file may stand for once its YAML aliases are expanded, counted as the bytes of
/// every scalar plus one for every value. A file without aliases counts about its own size
/// at most, so only aliases (`&a "long text"` repeated as `[*a, *a, …]`) can reach this.
pub const MAX_EXPANDED_BYTES: usize = 4 * 1024 * 1024;

/// Refuses a file whose YAML aliases would expand it past [`MAX_EXPANDED_BYTES`].
///
/// serde_yaml expands an alias each time it is read and only limits how many alias jumps a
/// document makes, so `&d "<100 KB>"` followed by a thousand `*d` reads as 100 MB. The file
/// is first read into [`Measure`], which keeps nothing and stops as soon as the expanded
/// size passes the budget, so the work is bounded whatever the aliases do. An alias needs
/// an anchor, written with `&`, so a file without one is not measured.
pub(super) fn check_alias_expansion(path: &str, text: &str) -> Result<(), Diagnostic> {
    if !text.contains('&') {
        return Ok(());
    }
    let mut budget = Budget {
        left: MAX_EXPANDED_BYTES,
        exceeded: false,
    };
    let outcome = Measure(&mut budget).deserialize(serde_yaml::Deserializer::from_str(text));
    // Other errors (syntax, depth, too many alias jumps) are left to the real parse, which
    // reports them as usual and follows the same aliases in the same order, so it cannot do
    // more work than this pass did.
    let Err(error) = outcome else { return Ok(()) };
    if !budget.exceeded {
        return Ok(());
    }
    let at = Locator::new(text)
        .first_alias()
        .or_else(|| error.location().map(|location| (location.line(), location.column())))
        .unwrap_or((1, 1));
    Err(Diagnostic::error(
        path,
        at,
        format!(
            "YAML aliases expand this file to more than {} MiB of text; write the text out instead of \
             repeating it with `*` aliases",
            MAX_EXPANDED_BYTES / (1024 * 1024)
        ),
    ))
}

/// What is left of the expansion budget while a file is measured.
struct Budget {
    left: usize,
    exceeded: bool,
}

/// Reads any YAML value, following aliases as serde_yaml does, and charges its size to a
/// [`Budget`]: one per value plus the bytes of each scalar. It fails as soon as the budget
/// runs out.
struct Measure<'b>(&'b mut Budget);

impl Measure<'_> {
    fn charge<E: de::Error>(&mut self, amount: usize) -> Result<(), E> {
        match self.0.left.checked_sub(amount) {
            Some(left) => {
                self.0.left = left;
                Ok(())
            }
            None => {
                self.0.exceeded = true;
                Err(E::custom("the expanded file is too large"))
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Measure<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Measure<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(mut self, _: bool) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_i64<E: de::Error>(mut self, _: i64) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_i128<E: de::Error>(mut self, _: i128) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_u64<E: de::Error>(mut self, _: u64) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_u128<E: de::Error>(mut self, _: u128) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_f64<E: de::Error>(mut self, _: f64) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_str<E: de::Error>(mut self, value: &str) -> Result<(), E> {
        self.charge(value.len().saturating_add(1))
    }

    fn visit_bytes<E: de::Error>(mut self, value: &[u8]) -> Result<(), E> {
        self.charge(value.len().saturating_add(1))
    }

    fn visit_none<E: de::Error>(mut self) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_unit<E: de::Error>(mut self) -> Result<(), E> {
        self.charge(1)
    }

    fn visit_some<D: de::Deserializer<'de>>(mut self, deserializer: D) -> Result<(), D::Error> {
        self.charge(1)?;
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(mut self, deserializer: D) -> Result<(), D::Error> {
        self.charge(1)?;
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.charge(1)?;
        while seq.next_element_seed(Measure(&mut *self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.charge(1)?;
        while map.next_key_seed(Measure(&mut *self.0))?.is_some() {
            map.next_value_seed(Measure(&mut *self.0))?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(mut self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag, then the value.
        self.charge(1)?;
        let ((), variant) = data.variant_seed(Measure(&mut *self.0))?;
        variant.newtype_variant_seed(Measure(&mut *self.0))
    }
}
