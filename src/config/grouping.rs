//! The home's first grouping the file chooses.

use serde::Deserialize;
/// How the home groups its terms on the first run; the grouping chosen with `t` since is
/// remembered and wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HomeGrouping {
    #[default]
    Level,
    Tag,
}

impl HomeGrouping {
    pub fn as_str(self) -> &'static str {
        match self {
            HomeGrouping::Level => "level",
            HomeGrouping::Tag => "tag",
        }
    }
}
