// word_count (KERNELS.md): counting words through a map.
// Rust baseline with an FxHash-like hasher (rustc-hash's multiply, written
// inline: no crates), the faster of the two Rust baselines and the one the
// perf gate reads; word_count_siphash.rs is the same program with std's
// default hasher. Each word is read through black_box (where the .fzir has
// `opaque`); the count is a get with default 0 then an insert, as the .fzir
// does it. HashMap has no insertion order, so the keys are also kept in a
// Vec when first inserted (what the IR's map iterates by).
use std::collections::HashMap;
use std::convert::TryInto;
use std::hash::{BuildHasherDefault, Hasher};
use std::hint::black_box;

const K: u64 = 0x517cc1b727220a95;

#[derive(Default)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

type FxMap<'a> = HashMap<&'a str, i32, BuildHasherDefault<FxHasher>>;

fn kernel(n: i32) -> i32 {
    let words: [&str; 16] = [
        "the", "cat", "sat", "on", "the", "mat", "and", "the", "dog", "sat", "on", "a", "log", "by", "the", "cat",
    ];
    let mut counts: FxMap = HashMap::default();
    let mut order: Vec<&str> = Vec::new();
    let mut idx: usize = 0;
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let word = black_box(words[idx]);
        let count = counts.get(word).copied().unwrap_or(0).wrapping_add(1);
        if counts.insert(word, count).is_none() {
            order.push(word);
        }
        acc = acc.wrapping_add(count % 251) % 251;
        idx += 1;
        if idx == 16 {
            idx = 0;
        }
        i = i.wrapping_add(1);
    }
    for w in &order {
        acc = (acc * 3 + counts[w] % 251 + w.len() as i32) % 251;
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: word_count N");
    println!("{}", kernel(n));
}
