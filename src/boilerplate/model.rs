//! A gradient-boosted tree ensemble, evaluated without the library that
//! trained it.
//!
//! The training script (`train/boilerplate.py`, LightGBM) exports each model
//! as a small JSON file: the feature names it was trained on, the decision
//! threshold it chose on the training split, and every tree as flat arrays
//! (split feature, threshold, children, node and leaf values). Evaluating
//! that is a walk down each tree and a sum, a few dozen lines; binding the
//! C++ library for it would put a compiler toolchain and a shared library
//! on every user's machine. Walks compare the same `f64`s in the same order
//! every time, so a block's score does not depend on thread count or
//! platform.
//!
//! Each internal node also carries the mean score of the training rows
//! that reached it, so a prediction can be explained: the change from a
//! node's value to its child's is credited to the node's feature (the
//! path attribution of Saabas), and `cistron text --explain` prints the
//! features with the largest credits.

use serde::Deserialize;

/// A binary classifier: a sum of regression trees through a logistic link.
#[derive(Debug, Deserialize)]
pub(crate) struct Model {
    /// Feature names, in row order; must equal [`super::features::NAMES`].
    pub(crate) features: Vec<String>,
    /// Keep a block whose probability is at least this.
    pub(crate) threshold: f64,
    trees: Vec<Tree>,
    /// Every tree's nodes and leaves in one array, for
    /// [`Model::probability`]: a walk touches a few 16-byte slots, and a
    /// node's two children sit side by side, so the step to the next slot
    /// is arithmetic on the comparison rather than a branch the processor
    /// mispredicts half the time.
    #[serde(skip)]
    slots: Vec<Slot>,
    /// Each tree's root slot.
    #[serde(skip)]
    roots: Vec<u32>,
}

/// A node or a leaf of the flattened ensemble.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// A node's split threshold; a leaf's value.
    value: f64,
    /// The node's feature; [`LEAF`] for a leaf.
    feature: u32,
    /// A node's left child; the right one is the next slot.
    left: u32,
}

/// The `feature` of a leaf slot.
const LEAF: u32 = u32::MAX;

/// One regression tree. Node `0` is the root; a child index `c >= 0` is
/// another node, `c < 0` is leaf `!c`.
#[derive(Debug, Deserialize)]
struct Tree {
    feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    /// Mean raw score of the training rows reaching each node.
    value: Vec<f64>,
    leaf: Vec<f64>,
}

/// Why a model file does not load.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ModelError {
    #[error("not a model file: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "the model reads {found} features, this build computes {expected}; \
         the first that differs is #{at} ({found_name:?} against {expected_name:?}): retrain \
         with train/boilerplate.py"
    )]
    Features {
        found: usize,
        expected: usize,
        at: usize,
        found_name: Option<String>,
        expected_name: Option<String>,
    },
    #[error("tree {0} is malformed")]
    Tree(usize),
}

impl Model {
    /// Parses a model file and checks it against this build's features.
    pub(crate) fn parse(json: &str, expected: &[String]) -> Result<Model, ModelError> {
        let mut model: Model = serde_json::from_str(json)?;
        if model.features != expected {
            let at = model
                .features
                .iter()
                .zip(expected)
                .take_while(|(a, b)| a == b)
                .count();
            return Err(ModelError::Features {
                found: model.features.len(),
                expected: expected.len(),
                at,
                found_name: model.features.get(at).cloned(),
                expected_name: expected.get(at).cloned(),
            });
        }
        for (t, tree) in model.trees.iter().enumerate() {
            if !tree.is_well_formed(expected.len()) {
                return Err(ModelError::Tree(t));
            }
        }
        model.flatten().ok_or(ModelError::Tree(model.trees.len()))?;
        Ok(model)
    }

    /// Builds the one-array form of the checked trees; `None` when the
    /// model is too large to index with `u32`, or a tree shares a subtree
    /// between parents (a tree does not; a crafted file could, and would
    /// unfold exponentially).
    fn flatten(&mut self) -> Option<()> {
        let size: usize = self
            .trees
            .iter()
            .map(|t| t.feature.len() + t.leaf.len())
            .sum();
        let (mut slots, mut roots) = (Vec::with_capacity(size), Vec::new());
        let leaf = |value: f64| Slot {
            value,
            feature: LEAF,
            left: 0,
        };
        for tree in &self.trees {
            let root = slots.len();
            roots.push(u32::try_from(root).ok()?);
            slots.push(leaf(0.0));
            let mut pending = vec![(if tree.feature.is_empty() { -1 } else { 0 }, root)];
            while let Some((child, at)) = pending.pop() {
                if child < 0 {
                    slots[at] = leaf(tree.leaf[(!child) as usize]);
                    continue;
                }
                let i = child as usize;
                let left = slots.len();
                slots.extend([leaf(0.0), leaf(0.0)]);
                if slots.len() > size + 1 {
                    return None;
                }
                slots[at] = Slot {
                    value: tree.threshold[i],
                    feature: u32::try_from(tree.feature[i]).ok()?,
                    left: u32::try_from(left).ok()?,
                };
                pending.push((tree.left[i], left));
                pending.push((tree.right[i], left + 1));
            }
        }
        (self.slots, self.roots) = (slots, roots);
        Some(())
    }

    /// The probability that `row` is main content.
    pub(crate) fn probability(&self, row: &[f64]) -> f64 {
        let mut raw = 0.0;
        for &root in &self.roots {
            let mut slot = &self.slots[root as usize];
            while slot.feature != LEAF {
                // Right unless at most the threshold, as LightGBM decides
                // (a NaN goes right).
                let left = row[slot.feature as usize] <= slot.value;
                slot = &self.slots[slot.left as usize + usize::from(!left)];
            }
            raw += slot.value;
        }
        sigmoid(raw)
    }

    /// The features that moved `row`'s score most, strongest first, with
    /// their summed credit (positive: towards keeping).
    pub(crate) fn strongest(&self, row: &[f64], count: usize) -> Vec<(usize, f64)> {
        let mut credit = vec![0.0; self.features.len()];
        for tree in &self.trees {
            tree.credit(row, &mut credit);
        }
        let mut ranked: Vec<(usize, f64)> = credit
            .into_iter()
            .enumerate()
            .filter(|(_, c)| *c != 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        ranked.truncate(count);
        ranked
    }
}

impl Tree {
    fn is_well_formed(&self, features: usize) -> bool {
        let n = self.feature.len();
        let child_ok = |c: i32| {
            if c >= 0 {
                (c as usize) < n
            } else {
                ((!c) as usize) < self.leaf.len()
            }
        };
        // Children point forward only, so every walk ends.
        let forward = |i: usize, c: i32| c < 0 || c as usize > i;
        [
            self.threshold.len(),
            self.left.len(),
            self.right.len(),
            self.value.len(),
        ]
        .iter()
        .all(|&len| len == n)
            && !self.leaf.is_empty()
            && self.feature.iter().all(|&f| f < features)
            && (0..n).all(|i| {
                child_ok(self.left[i])
                    && child_ok(self.right[i])
                    && forward(i, self.left[i])
                    && forward(i, self.right[i])
            })
    }

    /// The child a row goes to from node `i`: left when its feature is at
    /// most the threshold, as LightGBM decides.
    fn step(&self, i: usize, row: &[f64]) -> i32 {
        if row[self.feature[i]] <= self.threshold[i] {
            self.left[i]
        } else {
            self.right[i]
        }
    }

    fn credit(&self, row: &[f64], credit: &mut [f64]) {
        if self.feature.is_empty() {
            return;
        }
        let mut node = 0usize;
        loop {
            let next = self.step(node, row);
            let value = if next >= 0 {
                self.value[next as usize]
            } else {
                self.leaf[(!next) as usize]
            };
            credit[self.feature[node]] += value - self.value[node];
            if next < 0 {
                return;
            }
            node = next as usize;
        }
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("f{i}")).collect()
    }

    const STUMP: &str = r#"{"features":["f0","f1"],"threshold":0.5,"trees":[
        {"feature":[1],"threshold":[2.0],"left":[-1],"right":[-2],"value":[0.0],"leaf":[-1.0,1.0]},
        {"feature":[],"threshold":[],"left":[],"right":[],"value":[],"leaf":[0.25]}]}"#;

    #[test]
    fn a_walk_sums_the_leaves() {
        let model = Model::parse(STUMP, &names(2)).expect("parses");
        let low = model.probability(&[0.0, 2.0]);
        let high = model.probability(&[0.0, 3.0]);
        assert!((low - sigmoid(-0.75)).abs() < 1e-12);
        assert!((high - sigmoid(1.25)).abs() < 1e-12);
        assert_eq!(model.strongest(&[0.0, 3.0], 3), vec![(1, 1.0)]);
    }

    #[test]
    fn a_model_for_other_features_or_with_a_loop_is_refused() {
        assert!(matches!(
            Model::parse(STUMP, &names(3)),
            Err(ModelError::Features { .. })
        ));
        let cyclic = STUMP.replace(r#""left":[-1]"#, r#""left":[0]"#);
        assert!(matches!(
            Model::parse(&cyclic, &names(2)),
            Err(ModelError::Tree(0))
        ));
    }
}
