// word_count (KERNELS.md): counting words through a map.
// Rust baseline with std's default hasher (SipHash-1-3, HashMap's
// RandomState): the slower of the two Rust baselines, measured by hand
// (conformance/README.md); word_count.rs with an FxHash-like hasher is the
// one the perf gate reads. Otherwise the same program: each word read
// through black_box, get with default 0 then insert, keys kept in a Vec in
// insertion order for the final fold.
use std::collections::HashMap;
use std::hint::black_box;

type StdMap<'a> = HashMap<&'a str, i32>;

fn kernel(n: i32) -> i32 {
    let words: [&str; 16] = [
        "the", "cat", "sat", "on", "the", "mat", "and", "the", "dog", "sat", "on", "a", "log", "by", "the", "cat",
    ];
    let mut counts: StdMap = HashMap::new();
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
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: word_count_siphash N");
    println!("{}", kernel(n));
}
