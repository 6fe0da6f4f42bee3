//! The feelings vocabulary behind the [`Input::Feelings`](super::Input::Feelings) picker.
//!
//! A two-step picker: first how the feeling sits (pleasant or unpleasant, high or low energy),
//! then a precise word. The grid follows the valence-by-energy idea from emotion research;
//! the word lists are our own.

use serde::{Deserialize, Serialize};

/// One of the four regions of the feelings grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Quadrant {
    /// Unpleasant with a lot of energy: anger, fear, panic.
    UnpleasantHighEnergy,
    /// Pleasant with a lot of energy: excitement, joy.
    PleasantHighEnergy,
    /// Unpleasant with little energy: sadness, tiredness.
    UnpleasantLowEnergy,
    /// Pleasant with little energy: calm, content.
    PleasantLowEnergy,
}

impl Quadrant {
    /// All four, in the order they are laid out (top row first).
    pub const ALL: [Self; 4] = [
        Self::UnpleasantHighEnergy,
        Self::PleasantHighEnergy,
        Self::UnpleasantLowEnergy,
        Self::PleasantLowEnergy,
    ];

    /// The name shown on the quadrant button.
    pub fn label(self) -> &'static str {
        match self {
            Self::UnpleasantHighEnergy => "Unpleasant, high energy",
            Self::PleasantHighEnergy => "Pleasant, high energy",
            Self::UnpleasantLowEnergy => "Unpleasant, low energy",
            Self::PleasantLowEnergy => "Pleasant, low energy",
        }
    }

    /// A short hint of what lives in this quadrant.
    pub fn hint(self) -> &'static str {
        match self {
            Self::UnpleasantHighEnergy => "stirred up, on edge",
            Self::PleasantHighEnergy => "lively, lifted",
            Self::UnpleasantLowEnergy => "heavy, drained",
            Self::PleasantLowEnergy => "settled, at ease",
        }
    }

    /// The words offered once this quadrant is chosen.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Self::UnpleasantHighEnergy => &[
                "angry",
                "anxious",
                "betrayed",
                "jealous",
                "panicky",
                "resentful",
                "restless",
                "scared",
                "tense",
                "humiliated",
                "frustrated",
                "suspicious",
            ],
            Self::PleasantHighEnergy => &[
                "hopeful",
                "excited",
                "proud",
                "playful",
                "energised",
                "relieved",
                "grateful",
                "curious",
                "affectionate",
                "confident",
            ],
            Self::UnpleasantLowEnergy => &[
                "sad",
                "ashamed",
                "guilty",
                "lonely",
                "numb",
                "exhausted",
                "disappointed",
                "hurt",
                "empty",
                "discouraged",
                "withdrawn",
                "grieving",
            ],
            Self::PleasantLowEnergy => &[
                "calm",
                "content",
                "safe",
                "tender",
                "peaceful",
                "accepted",
                "rested",
                "reassured",
                "thoughtful",
                "at ease",
            ],
        }
    }

    /// The quadrant a word belongs to, if it is one of ours.
    pub fn of_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.words().contains(&word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_unique_across_quadrants() {
        let mut all: Vec<&str> = Quadrant::ALL
            .iter()
            .flat_map(|q| q.words().iter().copied())
            .collect();
        let before = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(before, all.len());
        assert_eq!(Quadrant::of_word("calm"), Some(Quadrant::PleasantLowEnergy));
        assert_eq!(Quadrant::of_word("not a feeling"), None);
    }
}
