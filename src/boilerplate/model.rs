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
    /// Every tree's nodes in one array, for [`Model::probability`]: one
    /// walk touches a few adjacent 24-byte nodes instead of five arrays.
    #[serde(skip)]
    nodes: Vec<Node>,
    #[serde(skip)]
    roots: Vec<i32>,
    #[serde(skip)]
    leaves: Vec<f64>,
}

/// A split in the flattened ensemble; children as in [`Tree`], but
/// indexing the whole model's nodes and leaves.
#[derive(Debug, Clone, Copy)]
struct Node {
    threshold: f64,
    feature: u32,
    left: i32,
    right: i32,
}

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
    /// model is too large to index with `i32`.
    fn flatten(&mut self) -> Option<()> {
        let (mut nodes, mut roots, mut leaves) = (Vec::new(), Vec::new(), Vec::new());
        for tree in &self.trees {
            let node_base = i32::try_from(nodes.len()).ok()?;
            let leaf_base = i32::try_from(leaves.len()).ok()?;
            let shift = |c: i32| {
                if c >= 0 {
                    c + node_base
                } else {
                    !(!c + leaf_base)
                }
            };
            roots.push(if tree.feature.is_empty() {
                !leaf_base
            } else {
                node_base
            });
            for i in 0..tree.feature.len() {
                nodes.push(Node {
                    threshold: tree.threshold[i],
                    feature: u32::try_from(tree.feature[i]).ok()?,
                    left: shift(tree.left[i]),
                    right: shift(tree.right[i]),
                });
            }
            leaves.extend_from_slice(&tree.leaf);
        }
        (self.nodes, self.roots, self.leaves) = (nodes, roots, leaves);
        Some(())
    }

    /// The probability that `row` is main content.
    pub(crate) fn probability(&self, row: &[f64]) -> f64 {
        let mut raw = 0.0;
        for &root in &self.roots {
            let mut at = root;
            while at >= 0 {
                let node = &self.nodes[at as usize];
                at = if row[node.feature as usize] <= node.threshold {
                    node.left
                } else {
                    node.right
                };
            }
            raw += self.leaves[(!at) as usize];
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
