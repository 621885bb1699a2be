//! `lexicon config` and `--config`, run as a user would: the real binary, with a home and a
//! configuration folder of its own.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A home folder with an empty XDG configuration folder in it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn xdg(&self) -> PathBuf {
        self.dir.path().join("xdg")
    }

    /// Where lexicon looks when told nothing.
    fn usual_file(&self) -> PathBuf {
        self.xdg().join("lexicon").join("config.toml")
    }

    fn write(&self, path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Runs `lexicon args` in this home, with `env` set.
    fn lexicon(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lexicon"));
        command
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.xdg())
            .env("TERM", "xterm-256color")
            .env_remove("LEXICON_CONFIG")
            .env_remove("NO_COLOR")
            .env_remove("COLORTERM");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("the binary runs")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn with_no_file_it_prints_the_defaults_and_where_it_looked() {
    let home = Home::new();
    let output = home.lexicon(&["config"], &[]);
    assert!(output.status.success());
    let shown = text(&output.stdout);
    let looked = format!(
        "# configuration file: {} (the default location; not found)",
        home.usual_file().display()
    );
    assert!(shown.lines().any(|line| line == looked), "{shown}");
    for line in [
        "theme = \"16\"  # default",
        "grouping = \"level\"  # default",
        "[keys]",
        "down = [\"Down\", \"j\"]  # default",
        "page_up = [\"PageUp\", \"b\", \"Ctrl-b\"]  # default",
        "back = [\"Backspace\", \"Alt-Left\"]  # default",
        "quit = [\"q\"]  # default",
        "# colours in this terminal: 256 colours (TERM=xterm-256color)",
    ] {
        assert!(shown.lines().any(|shown| shown == line), "{line:?} not in\n{shown}");
    }
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
}

#[test]
fn each_value_says_whether_the_file_gave_it() {
    let home = Home::new();
    let file = home.usual_file();
    home.write(
        &file,
        "theme = \"dark\"\n\n[keys]\ndown = [\"j\", \"Down\", \"Ctrl-n\"]\n",
    );
    let output = home.lexicon(&["config"], &[("TERM", "xterm")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    let from = format!("# from {}", file.display());
    for line in [
        format!("# configuration file: {} (the default location; read)", file.display()),
        format!("theme = \"dark\"  {from}"),
        "grouping = \"level\"  # default".to_owned(),
        format!("down = [\"j\", \"Down\", \"Ctrl-n\"]  {from}"),
        "up = [\"Up\", \"k\"]  # default".to_owned(),
        "# colours in this terminal: 16 colours (TERM=xterm)".to_owned(),
    ] {
        assert!(shown.lines().any(|shown| shown == line), "{line:?} not in\n{shown}");
    }
}

#[test]
fn the_flag_wins_over_the_variable_which_wins_over_the_usual_file() {
    let home = Home::new();
    home.write(&home.usual_file(), "theme = \"light\"\n");
    let by_env = home.dir.path().join("env.toml");
    home.write(&by_env, "grouping = \"tag\"\n");
    let by_flag = home.dir.path().join("flag.toml");
    home.write(&by_flag, "theme = \"dark\"\n");
    let env = [("LEXICON_CONFIG", by_env.to_str().expect("a UTF-8 path"))];

    let shown = text(&home.lexicon(&["config"], &env).stdout);
    assert!(
        shown.contains(&format!("{} (from LEXICON_CONFIG; read)", by_env.display())),
        "{shown}"
    );
    assert!(shown.contains("grouping = \"tag\"  # from"), "{shown}");
    assert!(shown.contains("theme = \"16\"  # default"), "{shown}");

    let flag = by_flag.to_str().expect("a UTF-8 path");
    let shown = text(&home.lexicon(&["config", "--config", flag], &env).stdout);
    assert!(
        shown.contains(&format!("{} (from --config; read)", by_flag.display())),
        "{shown}"
    );
    assert!(shown.contains("theme = \"dark\"  # from"), "{shown}");
    assert!(shown.contains("grouping = \"level\"  # default"), "{shown}");

    // NO_COLOR is said too: the theme is chosen, but drawn without colour.
    let shown = text(&home.lexicon(&["--config", flag, "config"], &[("NO_COLOR", "1")]).stdout);
    assert!(
        shown.contains("# colours in this terminal: none (NO_COLOR is set)"),
        "{shown}"
    );
}

#[test]
fn a_problem_is_named_with_its_file_and_line_and_the_defaults_hold() {
    let home = Home::new();
    let file = home.dir.path().join("mine.toml");
    home.write(&file, "theme = \"dark\"\nthme = \"light\"\n");
    let output = home.lexicon(&["config", "--config", file.to_str().expect("a UTF-8 path")], &[]);
    assert_eq!(output.status.code(), Some(1));
    let said = text(&output.stderr);
    assert!(
        said.starts_with(&format!("lexicon: {}:2:1: ", file.display())),
        "{said}"
    );
    assert!(said.contains("thme"), "{said}");
    let shown = text(&output.stdout);
    assert!(shown.contains("(from --config; not used: it has problems"), "{shown}");
    assert!(shown.contains("theme = \"16\"  # default"), "{shown}");

    home.write(&file, "grouping = \"tag\"\n[keys]\ndown = [\"j\", \"k\"]\n");
    let output = home.lexicon(&["config", "--config", file.to_str().expect("a UTF-8 path")], &[]);
    assert_eq!(output.status.code(), Some(1));
    let said = text(&output.stderr);
    assert_eq!(
        said.trim_end(),
        format!("lexicon: {}:3:8: `down` cannot take `k`: `up` uses it", file.display())
    );
    assert!(text(&output.stdout).contains("grouping = \"level\"  # default"));

    // A file named that is not there is a problem; the usual one missing is not.
    let output = home.lexicon(&["config", "--config", "/nowhere/lexicon.toml"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("/nowhere/lexicon.toml: could not read"));
}

#[test]
fn a_bad_configuration_never_stops_a_command() {
    let home = Home::new();
    home.write(&home.usual_file(), "theme = [\n");
    let output = home.lexicon(&["list"], &[]);
    assert!(output.status.success());
    assert!(text(&output.stdout).contains("backup-codes\tBackup Codes"));
}
