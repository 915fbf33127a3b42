// word_count (KERNELS.md): counting words through a map.
// Rust baseline with an FxHash-like hasher (rustc-hash's multiply, written
// inline: no crates), the faster of the two Rust baselines and the one the
// perf gate reads; word_count_siphash.rs is the same program with std's
// default hasher. The program itself is word_count_program.rs.
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

type WordMap<'a> = HashMap<&'a str, i32, BuildHasherDefault<FxHasher>>;

include!("word_count_program.rs");
