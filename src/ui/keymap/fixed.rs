//! The keys no configuration changes: every key but the navigation ones, per layer.

use super::is_suspend;
use super::{Action, Layer};
use crate::quiz::{Confidence, Verdict};
use crate::ui::app::Screen;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The action of a key no configuration changes: every key but the navigation ones.
pub(super) fn fixed_action(layer: Layer, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if is_suspend(key) {
        return Some(Action::Suspend);
    }
    // A screen's own keys are plain: with Ctrl or Alt, a key is another key (Alt-← is back,
    // ← the previous section), free for the navigation keys.
    let plain = !ctrl && !alt;
    let screen = match layer {
        Layer::Help => return None,
        Layer::Hints => {
            return match key.code {
                KeyCode::Char(c) if !ctrl && !alt => Some(Action::Type(c)),
                _ => Some(Action::Escape),
            };
        }
        Layer::Screen(_) if !plain => return None,
        Layer::Search => {
            return match key.code {
                KeyCode::Esc => Some(Action::Escape),
                KeyCode::Enter => Some(Action::Activate),
                KeyCode::Up => Some(Action::Up),
                KeyCode::Down | KeyCode::Tab => Some(Action::Down),
                KeyCode::BackTab => Some(Action::Up),
                KeyCode::Char('p') if ctrl => Some(Action::Up),
                KeyCode::Char('n') if ctrl => Some(Action::Down),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown => Some(Action::PageDown),
                // As in a shell's line editor, and in fzf's, helix's and television's prompts.
                KeyCode::Char('w') if ctrl => Some(Action::EraseWord),
                KeyCode::Backspace if alt || ctrl => Some(Action::EraseWord),
                KeyCode::Char('u') if ctrl => Some(Action::ClearQuery),
                KeyCode::Backspace => Some(Action::Erase),
                KeyCode::Char(c) if !ctrl && !alt => Some(Action::Type(c)),
                _ => None,
            };
        }
        Layer::Screen(Screen::Check) => {
            // In a check, letters answer and q leaves the check rather than the app.
            return match key.code {
                KeyCode::Char('m') => Some(Action::Judge(Verdict::Myth)),
                KeyCode::Char('f') => Some(Action::Judge(Verdict::Fact)),
                KeyCode::Char(c) if Confidence::from_key(c).is_some() => {
                    Confidence::from_key(c).map(Action::Confidence)
                }
                KeyCode::Char('q') | KeyCode::Esc => Some(Action::Escape),
                KeyCode::Char('r') => Some(Action::RetryWrong),
                KeyCode::Enter => Some(Action::Activate),
                KeyCode::Tab => Some(Action::NextLink),
                KeyCode::BackTab => Some(Action::PreviousLink),
                _ => None,
            };
        }
        Layer::Screen(screen) => screen,
    };
    let common = match key.code {
        KeyCode::Enter => Some(Action::Activate),
        KeyCode::Esc => Some(Action::Escape),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match screen {
        Screen::Compare => None,
        Screen::Map => match key.code {
            KeyCode::Left | KeyCode::Char('h') => Some(Action::Left),
            KeyCode::Right | KeyCode::Char('l') => Some(Action::Right),
            _ => None,
        },
        Screen::Home => match key.code {
            KeyCode::Char('c') => Some(Action::StartCheck),
            KeyCode::Char('t') => Some(Action::ToggleGrouping),
            KeyCode::Char('f') => Some(Action::CycleFilter),
            KeyCode::Char('r') => Some(Action::StartReview),
            KeyCode::Char('s') => Some(Action::OpenStats),
            _ => None,
        },
        Screen::Check | Screen::Stats => None,
        Screen::Lesson => match key.code {
            KeyCode::Tab => Some(Action::NextLink),
            KeyCode::BackTab => Some(Action::PreviousLink),
            KeyCode::Char(']') | KeyCode::Right | KeyCode::Char('l') => Some(Action::NextSection),
            KeyCode::Char('[') | KeyCode::Left | KeyCode::Char('h') => Some(Action::PreviousSection),
            KeyCode::Char(digit @ '1'..='7') => Some(Action::Section(digit as usize - '1' as usize)),
            KeyCode::Char('n') => Some(Action::NextStep),
            KeyCode::Char('v') => Some(Action::OpenCompare),
            KeyCode::Char('c') => Some(Action::StartCheck),
            KeyCode::Char('s') => Some(Action::OpenStats),
            KeyCode::Char('m') => Some(Action::OpenMap),
            KeyCode::Char('p') => Some(Action::PreviousStep),
            KeyCode::Char('o') => Some(Action::OpenLink),
            KeyCode::Char('y') => Some(Action::CopyLink),
            KeyCode::Char('f') => Some(Action::ShowHints),
            KeyCode::Char('r') => Some(Action::StartReview),
            _ => None,
        },
    }
}
