//! The seeded generator the corpus and gazetteer generators share (`#[path]`-included, so
//! each example gets its own copy of the module; not every example uses every method).
#![allow(dead_code)]

/// splitmix64: tiny, seeded, good enough for text generation.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    /// Skewed towards the start of `v` (about Zipfian): news names a few entities often and
    /// most rarely, so the graph grows far slower than the text.
    pub fn zipf<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        &v[((v.len() as f64) * u.powi(8)) as usize % v.len()]
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}
